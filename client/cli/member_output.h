#pragma once
// How members look on stdout.

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <vector>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::cli {

void print_members(std::ostream& out, const std::vector<client::VerifiedMember>& members);
[[nodiscard]] nlohmann::json members_json(const std::vector<client::VerifiedMember>& members);

}  // namespace weerbaar::cli
