#pragma once
// How members look on stdout.

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <vector>

#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/recipient_check.h"

namespace weerbaar::cli {

void print_members(std::ostream& out, const std::vector<client::VerifiedMember>& members);
[[nodiscard]] nlohmann::json members_json(const std::vector<client::VerifiedMember>& members);

// One member in detail: key, chain, whether you checked the key, revocation.
void print_member(std::ostream& out, const client::VerifiedMember& member);
[[nodiscard]] nlohmann::json member_json(const client::VerifiedMember& member);

// The warnings before a case key goes to someone (share, handover): a name one
// character from another member's (the stronger one, first), and a key never
// checked by you, with its fingerprint and the command that checks it. Nothing
// when neither applies. Meant for stderr.
void print_recipient_advice(std::ostream& out, const client::RecipientAdvice& advice);

}  // namespace weerbaar::cli
