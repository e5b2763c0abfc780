#pragma once
// Members as the client trusts them: every certificate the server hands out is
// checked against the pinned root key (crypto::verify_chain) before it is used,
// so a server that swaps a key is caught here. Each member is also compared with
// this client's own memory (trust_store.h): a key that changed since it was last
// seen, and a revocation seen before, are reported whatever the server says now.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/revocation.h"
#include "weerbaar/v1/directory.pb.h"

namespace weerbaar::client {

struct VerifiedMember {
    VerifiedMember(crypto::Certificate verified_certificate, bool server_active)
        : certificate(std::move(verified_certificate)), active(server_active) {}

    crypto::Certificate certificate;  // chain verified against the pinned root
    bool active = false;              // as the server reports it
    // The server's revocation of this certificate, verified (signed by a coordinator
    // certified by the root).
    std::optional<crypto::Revocation> revocation;
    // trust.json holds a revocation of this certificate (seen earlier, from any source).
    bool revocation_remembered = false;
    KeySighting key = KeySighting::known;
    bool key_verified = false;      // the known key was checked by a person
    std::string known_fingerprint;  // the key trust.json knows (the old one when changed)

    // Certificates this user held before enrolling again under the same name, each
    // chain-verified and ended by a verified revocation. Only for checking what was
    // signed or sealed with those keys back then: nothing new is ever wrapped to them.
    std::vector<crypto::Certificate> past_certificates;

    [[nodiscard]] const std::string& user() const { return certificate.body().user; }
    // Whether `sign_pk` / `enc_pk` is the key of the current or of a past certificate.
    [[nodiscard]] bool certifies_sign_pk(crypto::ByteView sign_pk) const;
    [[nodiscard]] bool certifies_enc_pk(crypto::ByteView enc_pk) const;

    [[nodiscard]] crypto::Role role() const { return certificate.body().role; }
    [[nodiscard]] bool revoked() const { return revocation.has_value() || revocation_remembered; }
};

// Whether a case key may be wrapped to `member`: never to a revoked member (exit 3,
// or exit 4 when the server lists as active a member whose revocation this client
// saw: a rolled-back revocation), never to an inactive one, and never to a key that
// changed since it was last seen until a person checks it (`member verify`).
// The changed-key refusal is integrity_failure with field kChangedKeyField; its
// hint holds the member as 'user' and the new fingerprint as "fingerprint", and
// changed_key_of() reads both back, so a front end can offer the check (the CLI
// names its `member verify` command, a GUI opens its verify dialog).
[[nodiscard]] Status check_may_receive_key(const VerifiedMember& member);

inline constexpr std::string_view kChangedKeyField = "member.key";
struct ChangedKey {
    std::string user;
    std::string fingerprint;  // the new, unverified key's
};
[[nodiscard]] Error changed_key_error(const ChangedKey& changed);
// The member and fingerprint of an error made by changed_key_error(); nullopt for
// any other error.
[[nodiscard]] std::optional<ChangedKey> changed_key_of(const Error& error);

class MemberDirectory {
  public:
    MemberDirectory(const Session& session, TrustStore& trust) : session_(session), trust_(trust) {}

    [[nodiscard]] const Session& session() const { return session_; }
    [[nodiscard]] TrustStore& trust() { return trust_; }

    // not_found naming `user` if there is no such member; integrity_failure naming
    // the member if the certificate does not chain to the root, or if the server
    // attaches a revocation that does not verify.
    [[nodiscard]] Result<VerifiedMember> member(const std::string& user);
    // The caller's own certificate, also checked against the keys in the keystore
    // (and so remembered as verified).
    [[nodiscard]] Result<VerifiedMember> self();
    // Every member, each verified.
    [[nodiscard]] Result<std::vector<VerifiedMember>> all();
    // Fetches every revocation (ListRevocations), verifies the ones about current
    // certificates and remembers them. Once per directory.
    [[nodiscard]] Status refresh_revocations();
    // `member verify`: integrity_failure (nothing marked) unless `fingerprint`
    // matches the member's current certificate; then that key is the verified one.
    [[nodiscard]] Result<VerifiedMember> verify_key(const std::string& user,
                                                    std::string_view fingerprint);
    // Remembers a revocation this client issued itself.
    [[nodiscard]] Status remember_own_revocation(const crypto::Revocation& revocation);

  private:
    [[nodiscard]] Result<VerifiedMember> verify(const v1::Member& member);
    [[nodiscard]] Result<crypto::Certificate> chain_verified(const v1::Member& member);
    [[nodiscard]] Result<crypto::Certificate> chain_verified(const std::string& user);
    // Checks one past certificate of `user`: issued to `user`, chained to the root,
    // and ended by a revocation that verifies.
    [[nodiscard]] Result<crypto::Certificate> past_verified(const std::string& user,
                                                            const v1::PastCertificate& past);
    [[nodiscard]] Status check_revocation(const crypto::Revocation& revocation,
                                          const crypto::Certificate& revoked);
    [[nodiscard]] Result<v1::Member> fetch(const std::string& user);

    const Session& session_;
    TrustStore& trust_;
    std::map<std::string, crypto::Certificate, std::less<>> certificates_;
    std::map<std::string, VerifiedMember, std::less<>> verified_;
    bool revocations_fetched_ = false;
};

}  // namespace weerbaar::client
