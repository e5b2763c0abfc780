// The judgement on a certificate a server presents in place of the pinned one
// (weerbaar/client/server_certificate.h, ADR 0010): followed only when the pinned
// audit key endorses exactly it, for the pinned organisation, no earlier than the
// endorsement the pin came with.

#include "weerbaar/client/server_certificate.h"

#include <catch2/catch.hpp>

#include "weerbaar/crypto/server_certificate_endorsement.h"

namespace weerbaar::client {
namespace {

constexpr std::uint64_t kRotated = 1767225600;
const crypto::Bytes kNewDer = {0x30, 0x03, 0x02, 0x01, 0x02};

struct Server {
    crypto::SigningKeyPair root = crypto::SigningKeyPair::generate();
    crypto::SigningKeyPair audit = crypto::SigningKeyPair::generate();

    [[nodiscard]] v1::Organisation answer(crypto::ByteView der, std::uint64_t endorsed_at) const {
        v1::Organisation organisation;
        organisation.set_root_sign_pk(root.public_key().data(), root.public_key().size());
        organisation.set_audit_sign_pk(audit.public_key().data(), audit.public_key().size());
        const crypto::Bytes endorsement =
            crypto::endorse_server_certificate(der, endorsed_at, audit);
        organisation.set_certificate_endorsement(endorsement.data(), endorsement.size());
        return organisation;
    }
    [[nodiscard]] ProfileSettings pinned(std::uint64_t endorsed_at = 0) const {
        ProfileSettings settings;
        settings.server_address = "127.0.0.1:7443";
        settings.user = "bram";
        settings.root_sign_pk = root.public_key();
        settings.audit_sign_pk = audit.public_key();
        settings.certificate_endorsed_at = endorsed_at;
        return settings;
    }
};

void require_stranger(const Result<std::uint64_t>& judged) {
    REQUIRE_FALSE(judged.ok());
    CHECK(judged.error().code() == ErrorCode::integrity_failure);
    CHECK(judged.error().message().find("mogelijk een vreemde server") != std::string::npos);
}

}  // namespace

TEST_CASE("an endorsed new certificate is followed, at its endorsement's time", "[certificate]") {
    REQUIRE(crypto::initialise().ok());
    const Server server;
    const auto judged =
        judge_presented_certificate(kNewDer, server.answer(kNewDer, kRotated), server.pinned());
    REQUIRE(judged.ok());
    CHECK(judged.value() == kRotated);
    // As new as the pin's own endorsement (the same start) still counts.
    CHECK(judge_presented_certificate(kNewDer, server.answer(kNewDer, kRotated),
                                      server.pinned(kRotated))
              .ok());
}

TEST_CASE("a certificate the pinned keys do not vouch for is refused", "[certificate]") {
    REQUIRE(crypto::initialise().ok());
    const Server server;
    const Server stranger;
    SECTION("a stranger's server, with its own keys") {
        require_stranger(judge_presented_certificate(kNewDer, stranger.answer(kNewDer, kRotated),
                                                     server.pinned()));
    }
    SECTION("the real root, but an endorsement by another audit key") {
        v1::Organisation answer = stranger.answer(kNewDer, kRotated);
        answer.set_root_sign_pk(server.root.public_key().data(), server.root.public_key().size());
        require_stranger(judge_presented_certificate(kNewDer, answer, server.pinned()));
    }
    SECTION("the real endorsement, but of another certificate than the one shown") {
        const crypto::Bytes shown = {0x30, 0x03, 0x02, 0x01, 0x09};
        require_stranger(
            judge_presented_certificate(shown, server.answer(kNewDer, kRotated), server.pinned()));
    }
    SECTION("another organisation's root") {
        v1::Organisation answer = server.answer(kNewDer, kRotated);
        answer.set_root_sign_pk(stranger.root.public_key().data(),
                                stranger.root.public_key().size());
        require_stranger(judge_presented_certificate(kNewDer, answer, server.pinned()));
    }
    SECTION("no endorsement at all") {
        v1::Organisation answer = server.answer(kNewDer, kRotated);
        answer.clear_certificate_endorsement();
        require_stranger(judge_presented_certificate(kNewDer, answer, server.pinned()));
    }
    SECTION("a profile that never pinned an audit key: nothing to check with, and it says so") {
        ProfileSettings pinned = server.pinned();
        pinned.audit_sign_pk.clear();
        const auto judged =
            judge_presented_certificate(kNewDer, server.answer(kNewDer, kRotated), pinned);
        REQUIRE_FALSE(judged.ok());
        CHECK(judged.error().code() == ErrorCode::integrity_failure);
        CHECK(judged.error().message().find("geen auditsleutel") != std::string::npos);
        CHECK(judged.error().message().find("vingerafdruk telefonisch") != std::string::npos);
    }
}

TEST_CASE("a certificate left behind, with its older endorsement, cannot pull a client back",
          "[certificate]") {
    REQUIRE(crypto::initialise().ok());
    const Server server;
    // The client followed a rotation endorsed at kRotated; whoever holds the old
    // certificate's key replays the endorsement the old certificate had before.
    const crypto::Bytes old_der = {0x30, 0x03, 0x02, 0x01, 0x01};
    require_stranger(judge_presented_certificate(old_der, server.answer(old_der, kRotated - 3600),
                                                 server.pinned(kRotated)));
}
}  // namespace weerbaar::client
