#include "member_core.h"

#include <catch2/catch.hpp>
#include <ctime>

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
    auto opened = open(case_id);
    INFO((opened.ok() ? std::string() : opened.error().message()));
    REQUIRE(opened.ok());
    crypto::RecordHeader header{
        case_id,          crypto::random_bytes(crypto::kRecordIdSize),    opened.value().epoch,
        session_->user(), static_cast<std::uint64_t>(std::time(nullptr)), {}};
    if (!sealing.names_nothing) {
        header.seen_hashes.push_back(opened.value().records.back().hash);
    }
    const crypto::CaseKey foreign = crypto::CaseKey::generate();
    auto sealed = crypto::SealedRecord::seal(
        header, plaintext, sealing.foreign_key ? foreign : opened.value().current_key(),
        session_->keys().identity.signing);
    REQUIRE(sealed.ok());
    const crypto::Bytes encoded = sealed.value().encode();
    v1::AppendRecordRequest request;
    request.set_case_id(case_id.data(), case_id.size());
    request.set_record(encoded.data(), encoded.size());
    v1::AppendRecordResponse response;
    // A hostile member's raw append: only the test-only access reaches the server so.
    return client::testing::SessionTestAccess::append_record_unchecked(*session_, request,
                                                                       &response);
}

}  // namespace weerbaar::e2e
