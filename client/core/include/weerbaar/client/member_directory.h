#pragma once
// Members as the client trusts them: every certificate the server hands out is
// checked against the pinned root key (crypto::verify_chain) before it is used,
// so a server that swaps a key is caught here.

#include <map>
#include <string>
#include <vector>

#include "weerbaar/client/session.h"
#include "weerbaar/crypto/certificate.h"

namespace weerbaar::client {

struct VerifiedMember {
    crypto::Certificate certificate;  // chain verified against the pinned root
    bool active = false;              // as the server reports it

    [[nodiscard]] const std::string& user() const { return certificate.body().user; }
    [[nodiscard]] crypto::Role role() const { return certificate.body().role; }
};

class MemberDirectory {
  public:
    explicit MemberDirectory(const Session& session) : session_(session) {}

    // not_found naming `user` if there is no such member; integrity_failure naming
    // the member if the certificate does not chain to the root.
    [[nodiscard]] Result<VerifiedMember> member(const std::string& user);
    // The caller's own certificate, also checked against the keys in the keystore.
    [[nodiscard]] Result<VerifiedMember> self();
    // Every member, each verified.
    [[nodiscard]] Result<std::vector<VerifiedMember>> all();

  private:
    [[nodiscard]] Result<VerifiedMember> verify(const v1::Member& member);
    [[nodiscard]] Result<v1::Member> fetch(const std::string& user);

    const Session& session_;
    std::map<std::string, VerifiedMember, std::less<>> verified_;
};

}  // namespace weerbaar::client
