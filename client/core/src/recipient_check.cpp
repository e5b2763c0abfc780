#include "weerbaar/client/recipient_check.h"

namespace weerbaar::client {

bool one_edit_apart(std::string_view a, std::string_view b) {
    if (a.size() > b.size()) {
        std::swap(a, b);
    }
    if (b.size() - a.size() > 1) {
        return false;
    }
    std::size_t prefix = 0;
    while (prefix < a.size() && a[prefix] == b[prefix]) {
        ++prefix;
    }
    if (prefix == b.size()) {
        return false;  // equal
    }
    // Skip the one differing byte of b (insert/delete) or of both (replace); the
    // rest must then match exactly.
    if (a.size() == b.size()) {
        return a.substr(prefix + 1) == b.substr(prefix + 1);
    }
    return a.substr(prefix) == b.substr(prefix + 1);
}

std::vector<std::string> names_one_edit_from(const std::vector<std::string>& members,
                                             std::string_view user) {
    std::vector<std::string> similar;
    for (const std::string& name : members) {
        if (one_edit_apart(name, user)) {
            similar.push_back(name);
        }
    }
    return similar;
}

Result<RecipientAdvice> advise_on_recipient(MemberDirectory& directory, const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember recipient, directory.member(user));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<VerifiedMember> everyone, directory.all());
    std::vector<std::string> names;
    names.reserve(everyone.size());
    for (const VerifiedMember& member : everyone) {
        names.push_back(member.user());
    }
    return RecipientAdvice{user, recipient.certificate.fingerprint(), recipient.key_verified,
                           names_one_edit_from(names, user)};
}

}  // namespace weerbaar::client
