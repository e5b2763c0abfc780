// Quotas and a full disk (storage_space.h, docs/server.md "Quotas and a full disk"):
// the checks on their own, a member's quota and the free-space reserve through the
// real services, and how a full disk reaches a client. The full disk itself, on a
// small file system, is tests/e2e/full_disk_test.cpp.

#include <catch2/catch.hpp>
#include <limits>

#include "server_fixture.h"
#include "status_mapping.h"
#include "storage_space.h"
#include "weerbaar/disk_full.h"

namespace weerbaar::server::test {
namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = kKiB * 1024;

StorageSpace space_with(std::uint64_t quota, std::uint64_t reserve,
                        Result<std::uint64_t> free = std::uint64_t{0}) {
    return StorageSpace(StorageLimits{quota, reserve}, [free] { return free; });
}

bool says_disk_full(const Status& status) {
    return !status.ok() && status.error().code() == ErrorCode::resource_exhausted &&
           status.error().message() == disk_full_refusal().message();
}

// A ServerFixture started again with these limits, then populated, with a case the
// confidant opened and shared with the peer.
class LimitedServer : public ServerFixture {
  public:
    LimitedServer(std::uint64_t quota_mib, std::uint64_t reserve_mib) {
        member_quota_mib = quota_mib;
        free_space_reserve_mib = reserve_mib;
        restart();
        populate();
        case_id = case_shared_with_peer(key);
    }

    // A record of about `bytes` by `author`, appended to the case.
    grpc::Status append_sized(const Person& author, std::size_t bytes) {
        return append(author, case_id,
                      as_string(seal(author, case_id, key, 1, std::string(bytes, 'n'))));
    }

    grpc::Status upload(const Person& uploader, std::size_t bytes) {
        grpc::ClientContext context;
        authorise(context, uploader);
        v1::UploadAttachmentResponse response;
        auto stream = attachments->UploadAttachment(&context, &response);
        v1::UploadAttachmentRequest first;
        first.set_case_id(as_string(case_id));
        first.set_attachment_id(as_string(crypto::random_bytes(crypto::kAttachmentIdSize)));
        first.set_size(bytes);
        first.set_chunk(as_string(crypto::random_bytes(bytes)));
        (void)stream->Write(first);
        stream->WritesDone();
        return stream->Finish();
    }

    std::uint64_t record_count() {
        v1::GetCaseResponse response;
        REQUIRE(get_case(confidant, case_id, response).ok());
        return response.summary().record_count();
    }

    std::size_t blob_files() {
        std::size_t files = 0;
        for ([[maybe_unused]] const auto& entry :
             std::filesystem::directory_iterator(data_directory() / "attachments")) {
            ++files;
        }
        return files;
    }

    const crypto::CaseKey key = crypto::CaseKey::generate();
    Bytes case_id;
};

}  // namespace

TEST_CASE("the quota admits up to its last byte and refuses past it, saying how much is used",
          "[quota]") {
    auto space = space_with(10 * kMiB, 0);
    CHECK(space.check_quota(0, 10 * kMiB).ok());
    CHECK(space.check_quota(10 * kMiB - 1, 1).ok());
    const Status over = space.check_quota(10 * kMiB - 1, 2);
    REQUIRE_FALSE(over.ok());
    CHECK(over.error().code() == ErrorCode::resource_exhausted);
    CHECK_THAT(over.error().message(),
               Catch::StartsWith("je opslagruimte op de server is vol (10 MiB van 10 MiB "
                                 "gebruikt); er is niets bewaard"));
    CHECK_THAT(over.error().message(), Catch::Contains(" / your storage quota on the server"));
    // Already past it (the quota was lowered): refused, not wrapped around.
    CHECK_FALSE(space.check_quota(11 * kMiB, 0).ok());
    CHECK_FALSE(space.check_quota(0, std::numeric_limits<std::uint64_t>::max()).ok());
}

TEST_CASE("the reserve refuses a write that would leave less than it free", "[quota]") {
    CHECK(space_with(kMiB, 100 * kMiB, 101 * kMiB).check_reserve(kMiB).ok());
    CHECK(says_disk_full(space_with(kMiB, 100 * kMiB, 101 * kMiB).check_reserve(kMiB + 1)));
    CHECK(says_disk_full(space_with(kMiB, 100 * kMiB, 50 * kMiB).check_reserve(0)));
    CHECK(says_disk_full(space_with(kMiB, 100 * kMiB, 0).check_reserve(10)));

    SECTION("a reserve of 0 checks nothing") {
        CHECK(space_with(kMiB, 0, 0).check_reserve(kMiB).ok());
    }
    SECTION("free space that cannot be read lets the write go ahead") {
        CHECK(space_with(kMiB, 100 * kMiB, Error(ErrorCode::internal, "statvfs failed"))
                  .check_reserve(kMiB)
                  .ok());
    }
}

TEST_CASE("a full disk reaches the client as RESOURCE_EXHAUSTED in plain words, no file named",
          "[quota]") {
    const grpc::Status status = to_grpc_status(
        disk_full_error("cannot write '/var/lib/weerbaar/attachments/00ff-11ee.part': No space "
                        "left on device"));
    CHECK(status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK(status.error_message() == disk_full_refusal().message());
    CHECK_THAT(status.error_message(), Catch::StartsWith("de schijf van de server is vol; er is "
                                                         "niets bewaard"));
    CHECK_THAT(status.error_message(), !Catch::Contains("/var/lib"));
    // A quota refusal of the domain is passed on as it is worded.
    const grpc::Status quota = to_grpc_status(Error(ErrorCode::resource_exhausted, "te veel / x"));
    CHECK(quota.error_message() == "te veel / x");
}

TEST_CASE("a member past their quota can append and upload nothing more, others still can",
          "[services][quota]") {
    LimitedServer server(/*quota_mib=*/1, /*reserve_mib=*/0);
    // The case's first record and two notes of 400 KiB: within 1 MiB.
    REQUIRE(server.append_sized(server.confidant, 400 * kKiB).ok());
    REQUIRE(server.append_sized(server.confidant, 400 * kKiB).ok());
    const std::uint64_t records = server.record_count();

    const grpc::Status refused = server.append_sized(server.confidant, 400 * kKiB);
    CHECK(refused.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK_THAT(refused.error_message(), Catch::StartsWith("je opslagruimte op de server is vol"));
    CHECK(server.record_count() == records);

    // An upload counts against the same quota, refused before a byte is stored.
    const grpc::Status upload = server.upload(server.confidant, 300 * kKiB);
    CHECK(upload.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK_THAT(upload.error_message(), Catch::StartsWith("je opslagruimte op de server is vol"));
    CHECK(server.blob_files() == 0);

    // The peer's quota is their own.
    CHECK(server.append_sized(server.peer, 400 * kKiB).ok());
    CHECK(server.upload(server.peer, 300 * kKiB).ok());
    CHECK(server.record_count() == records + 1);
    // Small records still fit in what is left of the confidant's.
    CHECK(server.append_sized(server.confidant, 1000).ok());
}

TEST_CASE(
    "below the free-space reserve appends, new cases and uploads are refused, reads "
    "and shares still work",
    "[services][quota]") {
    LimitedServer server(kDefaultMemberQuotaMib, /*reserve_mib=*/0);
    REQUIRE(server.append_sized(server.confidant, 1000).ok());
    const std::uint64_t records = server.record_count();
    // A reserve of 16 TiB: more than any machine running this test has free.
    server.free_space_reserve_mib = kMaxStorageSettingMib;
    server.restart();

    const grpc::Status append = server.append_sized(server.confidant, 1000);
    CHECK(append.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK(append.error_message() == disk_full_refusal().message());
    const Bytes another = server.case_id_for(server.confidant);
    CHECK(server.create_case(server.confidant, another, server.key).error_code() ==
          grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK(server.upload(server.peer, 1000).error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED);
    CHECK(server.blob_files() == 0);

    // Reads, logins and membership changes are small and still write into the reserve.
    CHECK(server.record_count() == records);
    server.login(server.peer);
    CHECK(
        server
            .share(server.confidant, server.case_id,
                   server.wrap(server.case_id, 1, server.coordinator, server.key, server.confidant))
            .ok());

    server.free_space_reserve_mib = 0;
    server.restart();
    CHECK(server.append_sized(server.confidant, 1000).ok());
    CHECK(server.record_count() == records + 1);
}

}  // namespace weerbaar::server::test
