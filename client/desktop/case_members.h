#pragma once
// A case's current member as the case view shows it and the member-choosing forms
// offer it: from the verified case (OpenedCase::current_members) and the member
// directory's verified certificate (role, revocation, "verified by you").

#include <QString>
#include <vector>

namespace weerbaar::desktop {

struct CaseMember {
    QString user;               // as the certificate names it (display_line when shown)
    QString role;               // "confidant", "peer", "coordinator", "researcher"
    bool key_verified = false;  // the member's key was checked by this user
    bool revoked = false;
    bool known = false;  // the directory answered for this member
};

using CaseMembers = std::vector<CaseMember>;

}  // namespace weerbaar::desktop
