#pragma once
// How members look on stdout.

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <vector>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::cli {

void print_members(std::ostream& out, const std::vector<client::VerifiedMember>& members);
[[nodiscard]] nlohmann::json members_json(const std::vector<client::VerifiedMember>& members);

// One member in detail: key, chain, whether you checked the key, revocation.
void print_member(std::ostream& out, const client::VerifiedMember& member);
[[nodiscard]] nlohmann::json member_json(const client::VerifiedMember& member);

}  // namespace weerbaar::cli
