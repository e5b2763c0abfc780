#pragma once
// A member's own client core, unlocked once in the test process: the same keys and
// bearer token the member's CLI uses. Tests use it to read through the core
// directly and to act as a member running a modified client, which seals and
// appends records the real client never writes (the server cannot read content;
// readers must contain what such a member does, docs/adr/0005).

#include <optional>
#include <string>

#include "cli_runner.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"

namespace weerbaar::e2e {

// How a modified client seals a record.
struct RawSealing {
    bool names_nothing = false;  // seen_hashes left empty
    bool foreign_key = false;    // sealed under a fresh key, not the case key
};

class MemberCore {
  public:
    // Opens `user`'s profile with kPassphrase and logs in; fails the test otherwise.
    MemberCore(const CliRunner& cli, const std::string& user);

    [[nodiscard]] client::Session& session() { return *session_; }
    [[nodiscard]] client::MemberDirectory& directory() { return *directory_; }
    // The member's remembered heads and audit anchor (trust.json), for the checks that
    // take it, such as client::verify_audit_log.
    [[nodiscard]] client::TrustStore& trust() { return *trust_; }

    // open_case through this member's core (verified; remembers the head).
    [[nodiscard]] Result<client::OpenedCase> open(const crypto::Bytes& case_id);

    // Seals `plaintext` as the newest record of the case with the member's own
    // signing key, unchecked, and appends it with the member's own token. Fails
    // the test unless the server stores it.
    void append_raw(const crypto::Bytes& case_id, crypto::ByteView plaintext,
                    RawSealing sealing = {});
    // The same, returning the server's answer instead of requiring success.
    [[nodiscard]] grpc::Status send_raw(const crypto::Bytes& case_id, crypto::ByteView plaintext,
                                        RawSealing sealing = {});
    // The record send_raw would send, encoded, and not sent: read from the case as
    // it is now.
    [[nodiscard]] crypto::Bytes seal_raw(const crypto::Bytes& case_id, crypto::ByteView plaintext,
                                         RawSealing sealing = {});
    // The same against `opened`, a read made before (no round trip): every record
    // sealed so names the head of that read, which stays in the case, so a load
    // test seals many records against one read.
    [[nodiscard]] crypto::Bytes seal_raw(const client::OpenedCase& opened,
                                         crypto::ByteView plaintext, RawSealing sealing = {}) const;

  private:
    client::Profile profile_;
    crypto::SecretBuffer passphrase_;
    std::optional<client::Session> session_;
    std::optional<client::TrustStore> trust_;
    std::optional<client::MemberDirectory> directory_;
};

}  // namespace weerbaar::e2e
