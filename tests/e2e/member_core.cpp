#include "member_core.h"

#include <catch2/catch.hpp>
#include <ctime>
#include <optional>

#include "weerbaar/client/protobuf_logging.h"
#include "weerbaar/client/testing/session_test_access.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/v1/cases.grpc.pb.h"

namespace weerbaar::e2e {

MemberCore::MemberCore(const CliRunner& cli, const std::string& user)
    : profile_(cli.profile(user)),
      passphrase_(crypto::SecretBuffer::copy_of(crypto::as_bytes(kPassphrase))) {
    // As every front end does: what a hostile record makes protobuf log is noise.
    client::silence_protobuf_logging();
    auto session = client::Session::open(profile_, passphrase_);
    REQUIRE(session.ok());
    session_.emplace(std::move(session).value());
    auto trust = client::TrustStore::open(profile_.directory(), session_->keys().store_key);
    REQUIRE(trust.ok());
    trust_.emplace(std::move(trust).value());
    directory_.emplace(*session_, *trust_);
}

Result<client::OpenedCase> MemberCore::open(const crypto::Bytes& case_id) {
    return client::open_case(*session_, *directory_, case_id);
}

void MemberCore::append_raw(const crypto::Bytes& case_id, crypto::ByteView plaintext,
                            RawSealing sealing) {
    const grpc::Status status = send_raw(case_id, plaintext, sealing);
    INFO(status.error_message());
    REQUIRE(status.ok());
}

grpc::Status MemberCore::send_raw(const crypto::Bytes& case_id, crypto::ByteView plaintext,
                                  RawSealing sealing) {
    const crypto::Bytes encoded = seal_raw(case_id, plaintext, sealing);
    v1::AppendRecordRequest request;
    request.set_case_id(case_id.data(), case_id.size());
    request.set_record(encoded.data(), encoded.size());
    v1::AppendRecordResponse response;
    // A hostile member's raw append: only the test-only access reaches the server so.
    return client::testing::SessionTestAccess::append_record_unchecked(*session_, request,
                                                                       &response);
}

crypto::Bytes MemberCore::seal_raw(const crypto::Bytes& case_id, crypto::ByteView plaintext,
                                   RawSealing sealing) {
    auto opened = open(case_id);
    INFO((opened.ok() ? std::string() : opened.error().message()));
    REQUIRE(opened.ok());
    return seal_raw(opened.value(), plaintext, sealing);
}

crypto::Bytes MemberCore::seal_raw(const client::OpenedCase& opened, crypto::ByteView plaintext,
                                   RawSealing sealing) const {
    crypto::RecordHeader header{
        opened.case_id,   crypto::random_bytes(crypto::kRecordIdSize),    opened.epoch,
        session_->user(), static_cast<std::uint64_t>(std::time(nullptr)), {}};
    if (!sealing.names_nothing) {
        REQUIRE_FALSE(opened.records.empty());
        header.seen_hashes.push_back(opened.records.back().hash);
    }
    // Made only when asked for: a fresh key costs a guarded allocation.
    std::optional<crypto::CaseKey> foreign;
    if (sealing.foreign_key) {
        foreign.emplace(crypto::CaseKey::generate());
    }
    auto sealed =
        crypto::SealedRecord::seal(header, plaintext, foreign ? *foreign : opened.current_key(),
                                   session_->keys().identity.signing);
    REQUIRE(sealed.ok());
    return sealed.value().encode();
}

}  // namespace weerbaar::e2e
