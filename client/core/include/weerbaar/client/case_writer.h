#pragma once
// Writing to cases: opening one with its intake, adding notes, sharing the key,
// removing a member and rotating the key. Every write starts from a verified view
// of the case (case_reader.h), so nothing is ever sealed under a key or after a
// head the client did not check; a case whose summary says rotation_required gets
// its new epoch first, automatically. A key is wrapped only to members who may
// receive it (member_directory.h: check_may_receive_key).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "weerbaar/client/case_reader.h"
#include "weerbaar/v1/cases.pb.h"

namespace weerbaar::client {

// Confidants only. The intake is checked like every record (record_content_check.h)
// before anything is sent. Returns the new case id. The case's research record
// (research_compartment.h) is written after it, best effort: the case stands either
// way, and the next write or `research backfill` catches up.
[[nodiscard]] Result<crypto::Bytes> create_case(const Session& session, MemberDirectory& directory,
                                                const v1::Intake& intake);

struct AppendOptions {
    explicit AppendOptions(std::string what = "add the record") : action(std::move(what)) {}

    // The uploaded attachment blob this record refers to (empty: none); the server
    // binds it to the case in the same transaction as the record.
    crypto::Bytes attachment_id;
    std::string action = "add the record";  // for error messages: "cannot <action>"
    // What the record does to the retention deadline, decided on the same verified
    // view the content was built from (unset: nothing).
    std::function<v1::RetentionChange(const OpenedCase&)> retention;
};

struct AppendedRecord {
    std::uint64_t sequence = 0;
    crypto::Bytes record_id;
    std::int64_t retention_until_unix = 0;  // the case's deadline after the append
    // Set when the record was stored but the case's research record (research_compartment.h)
    // could not be brought up to date; the next write or `research backfill` does it.
    std::optional<Error> research_problem;
};

// Builds a record's content from the verified case it will join (so it can check
// members, name the record it supersedes, ...). An error stops the append.
using ContentBuilder = std::function<Result<v1::RecordContent>(const OpenedCase&)>;

// Opens the case for writing (verified, rotated first if due), builds the content,
// checks it (record_content_check.h: invalid_argument naming the field, nothing
// sent), seals it naming the latest record as seen, and appends it.
[[nodiscard]] Result<AppendedRecord> append_record(const Session& session,
                                                   MemberDirectory& directory,
                                                   crypto::ByteView case_id,
                                                   const ContentBuilder& build,
                                                   const AppendOptions& options);

// Appends a note that names the latest record as seen. The text must pass the
// text rule (text_rule.h) as field 'text'.
[[nodiscard]] Result<AppendedRecord> append_note(const Session& session, MemberDirectory& directory,
                                                 crypto::ByteView case_id, const std::string& text);

// Wraps the current case key to `user` (never to a researcher or revoked member),
// with the keys of every earlier epoch the caller holds, so `user` reads it all.
[[nodiscard]] Status share_case(const Session& session, MemberDirectory& directory,
                                crypto::ByteView case_id, const std::string& user);

// Removes `user` from the case and, in the same server call, starts the next epoch
// with a fresh key for every other current member. Confidants and coordinators.
[[nodiscard]] Status unshare_case(const Session& session, MemberDirectory& directory,
                                  crypto::ByteView case_id, const std::string& user);

// Starts the next epoch of an opened (verified) case: a fresh key wrapped to every
// member of the current epoch who is active and not revoked, each chain-verified.
[[nodiscard]] Status rotate_case_key(const Session& session, MemberDirectory& directory,
                                     const OpenedCase& opened);

}  // namespace weerbaar::client
