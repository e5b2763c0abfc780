#include "record_admission.h"

#include <algorithm>
#include <chrono>
#include <string>

#include "server_limits.h"

namespace weerbaar::server {
namespace {

Error refused(std::string what) { return Error(ErrorCode::invalid_argument, std::move(what)); }

}  // namespace

// `created` is the author's claim; `now` is ours. Compared without a signed
// conversion of `created`, which may be any u64 the author chose.
Status check_record_created(std::uint64_t created, std::int64_t now) {
    const auto allowed = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(kMaxRecordClockSkew).count());
    const auto server = static_cast<std::uint64_t>(now < 0 ? 0 : now);
    const bool ahead = created > server;
    const std::uint64_t off = ahead ? created - server : server - created;
    if (off <= allowed) {
        return ok_status();
    }
    return refused("record time is " + std::to_string(off) + " s " +
                   (ahead ? "ahead of" : "behind") + " the server clock (at most " +
                   std::to_string(allowed) + " s allowed); check the computer's clock");
}

Result<crypto::SealedRecord> decode_case_record(crypto::ByteView encoded,
                                                crypto::ByteView case_id) {
    if (encoded.size() > kMaxRecordBytes) {
        return Error(ErrorCode::resource_exhausted,
                     "record is " + std::to_string(encoded.size()) + " bytes, over the limit of " +
                         std::to_string(kMaxRecordBytes) + " (1.5 MiB)");
    }
    auto record = crypto::SealedRecord::decode(encoded);
    if (!record.ok()) {
        return refused("record does not decode: " + record.error().message());
    }
    const auto& header = record.value().header();
    if (!std::equal(header.case_id.begin(), header.case_id.end(), case_id.begin(), case_id.end())) {
        return refused("record header names another case than the request");
    }
    return record;
}

Result<crypto::SealedRecord> admit_authored_record(crypto::ByteView encoded,
                                                   crypto::ByteView case_id, const Caller& caller) {
    WEERBAAR_ASSIGN_OR_RETURN(crypto::SealedRecord record, decode_case_record(encoded, case_id));
    const auto& header = record.header();
    if (header.author != caller.user) {
        return refused("record author '" + header.author + "' is not the caller");
    }
    // The caller's certificate is the author's current one: the author is the
    // caller, and Authenticator read the certificate from the member's row.
    if (!record.verify_signature(caller.sign_pk).ok()) {
        return refused("record signature does not verify against the author's certificate");
    }
    return record;
}

Result<crypto::SealedRecord> admit_record(crypto::ByteView encoded, crypto::ByteView case_id,
                                          const Caller& caller, std::int64_t now) {
    WEERBAAR_ASSIGN_OR_RETURN(crypto::SealedRecord record,
                              admit_authored_record(encoded, case_id, caller));
    WEERBAAR_TRY(check_record_created(record.header().created, now));
    return record;
}

Status check_handed_back_created(std::uint64_t created, std::uint64_t backup_time,
                                 std::uint64_t restored_time, std::int64_t now) {
    const auto allowed = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(kMaxRecordClockSkew).count());
    const auto earliest = backup_time > allowed ? backup_time - allowed : 0;
    if (created < earliest) {
        return refused(
            "a handed-back record must be newer than the backup the server was "
            "restored from; this one is older, so the backup holds it or it was "
            "never stored here");
    }
    const auto server = static_cast<std::uint64_t>(now < 0 ? 0 : now);
    if (created > server + allowed) {
        return refused("record time is ahead of the server clock; check the computer's clock");
    }
    // Made after the restored server started: never lost by the restore, so it has
    // the plain append and create, with their clock check, to take.
    if (created > restored_time + allowed) {
        return refused(
            "a handed-back record must be older than the restore it was lost in; this one is "
            "newer, so the restore did not lose it");
    }
    return ok_status();
}

Status check_record_epoch(std::uint32_t record_epoch, std::uint32_t case_epoch) {
    if (record_epoch != case_epoch) {
        return refused("record epoch " + std::to_string(record_epoch) + " is not the case epoch " +
                       std::to_string(case_epoch));
    }
    return ok_status();
}

Status check_first_record_seen(const std::vector<crypto::Bytes>& seen_hashes) {
    if (!seen_hashes.empty()) {
        return refused("the first record of a case names no earlier records");
    }
    return ok_status();
}

Status check_seen_records(Storage& storage, crypto::ByteView case_id,
                          const std::vector<crypto::Bytes>& seen_hashes) {
    if (seen_hashes.empty()) {
        return refused("record names no record it follows (its seen hashes are empty)");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const bool known,
                              storage.has_records_with_hashes(case_id, seen_hashes));
    if (!known) {
        return refused("record names a record that is not in this case");
    }
    return ok_status();
}

}  // namespace weerbaar::server
