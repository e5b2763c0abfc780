#pragma once
// What a person should know before giving a case key to a colleague: whether they
// ever compared that colleague's key by phone, and whether the name is a near
// miss of another member's (`case share --with carIa`). Advice only: sharing goes
// on; the hard refusals are check_may_receive_key's (member_directory.h).

#include <string>
#include <string_view>
#include <vector>

#include "weerbaar/client/member_directory.h"

namespace weerbaar::client {

struct RecipientAdvice {
    std::string user;
    std::string fingerprint;  // the recipient's current key, digit groups
    bool verified = false;    // checked by this client's user (member verify / approve)
    // Other members whose names are one edit (insert, delete, replace) away.
    std::vector<std::string> similar_names;

    [[nodiscard]] bool worth_a_warning() const { return !verified || !similar_names.empty(); }
};

// True when `a` and `b` differ by exactly one inserted, deleted or replaced byte.
// User names are lower-case ASCII (crypto::validate_user_name), so bytes are characters.
[[nodiscard]] bool one_edit_apart(std::string_view a, std::string_view b);

// The names in `members` one edit away from `user`, in the order given.
[[nodiscard]] std::vector<std::string> names_one_edit_from(const std::vector<std::string>& members,
                                                           std::string_view user);

// Looks up `user` (chain-verified) and every member, for the advice above. Errors
// are those of MemberDirectory::member and ::all.
[[nodiscard]] Result<RecipientAdvice> advise_on_recipient(MemberDirectory& directory,
                                                          const std::string& user);

}  // namespace weerbaar::client
