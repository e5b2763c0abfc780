#pragma once
// Sizes and quotas the server enforces. Every number here is a promise in
// docs/server.md; change both together.

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "weerbaar/crypto/record.h"
#include "weerbaar/protocol_limits.h"

namespace weerbaar::server {

// gRPC itself refuses larger messages with RESOURCE_EXHAUSTED.
inline constexpr int kMaxReceiveMessageBytes = protocol::kMaxMessageBytes;
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1536} * 1024;
// The clock skew a record may have is part of the record format, shared with
// readers (crypto/record.h).
using crypto::kMaxRecordClockSkew;
// A GetCase answer stops adding records past this many bytes, so that it fits
// under the client's own 4 MiB receive limit; the client asks again with
// after_sequence.
inline constexpr std::size_t kMaxCasePageBytes = std::size_t{3} * 1024 * 1024;
inline constexpr std::size_t kMaxCertificateBytes = 4096;
inline constexpr std::size_t kMaxWrapBytes = 4096;
inline constexpr std::size_t kMaxRevocationBytes = 4096;
// Key wraps in one UnshareCase, RotateCaseKey or ShareCase (history) request.
inline constexpr std::size_t kMaxWrapsPerRequest = 1024;
inline constexpr std::size_t kMaxBootstrapCodeChars = 64;
inline constexpr std::size_t kMaxTokenChars = 128;
inline constexpr std::size_t kMaxUserChars = 64;

inline constexpr std::chrono::seconds kChallengeLifetime{60};
inline constexpr std::chrono::minutes kSessionLifetime{15};

// Sessions one member holds at once (a CLI, a desktop, a second machine): a login
// past this deletes the member's oldest sessions in the same write, so that no one
// grows the session table without bound by logging in again and again.
inline constexpr std::size_t kMaxSessionsPerMember = 8;

// Failed logins are counted in memory (failed_login_tally.h) and written as one
// login_failed audit entry per interval, so that no number of them under any names
// costs more than one write a minute. Names counted apart per interval; the rest
// are counted together.
inline constexpr std::chrono::minutes kFailedLoginAuditInterval{1};
inline constexpr std::size_t kMaxTalliedLoginNames = 10000;

// Back-off per client address (address_backoff.h): after this many failed logins
// from one address within the window, its failing logins are refused with
// RESOURCE_EXHAUSTED for a back-off that starts at 1 s and doubles each time
// failures go on after it ends, up to 5 minutes; a quiet period without failures
// forgets the address. A login whose signature is good is never refused for it.
inline constexpr int kAddressFailuresBeforeBackoff = 20;
inline constexpr std::chrono::seconds kAddressFailureWindow{60};
inline constexpr std::chrono::seconds kAddressFirstBackoff{1};
inline constexpr std::chrono::seconds kAddressMaxBackoff{300};
inline constexpr std::chrono::seconds kAddressQuietPeriod{600};
// Addresses tracked at once (about 100 bytes each); past this the longest quiet go.
inline constexpr std::size_t kMaxTrackedAddresses = 10000;
// Per client address (peer_address): a stranger elsewhere cannot spend the
// founder's attempts.
inline constexpr int kMaxFailedBootstrapsPerMinute = 5;

// Enrolment requests (docs/server.md, "Enrolment"). Per client address per hour:
// enough for a team set up from one office (the benchmark enrols 20 members from
// one address), few enough that one address cannot fill the list below.
inline constexpr int kMaxEnrolmentRequestsPerAddressPerHour = 30;
// A request not approved within this period is dropped: the person asks again.
inline constexpr std::chrono::hours kEnrolmentLifetime{24 * 7};
// Pending requests under one name (each with its own keys) and in all. Past them a
// new request is refused, never one already waiting replaced: a stranger cannot
// push out the request whose fingerprint the coordinator is about to check.
inline constexpr std::uint64_t kMaxPendingEnrolmentsPerName = 16;
inline constexpr std::uint64_t kMaxPendingEnrolments = 1000;
// ListEnrolments pages: the default and the most a client may ask for.
inline constexpr std::size_t kDefaultEnrolmentPageSize = 100;
inline constexpr std::size_t kMaxEnrolmentPageSize = 500;

// GetAuditLog answers at most this many entries (then `more`); GetCaseAccessLog
// the most recent this many entries of the case.
inline constexpr std::size_t kMaxAuditPageEntries = 1000;
inline constexpr std::size_t kMaxCaseAccessEntries = 10000;
// Every this many audit entries, a checkpoint signed with the audit key is stored.
inline constexpr std::uint64_t kAuditCheckpointInterval = 100;

// Attachments: ciphertext blobs streamed in chunks, so that the server holds one
// chunk of a file at a time. The limit is 256 MiB of content plus room for the
// stream cipher's overhead (24 bytes of header and 17 per 1 MiB chunk: about 4 KiB
// at 256 MiB; the 64 KiB margin also covers smaller chunks down to ~70 KiB).
inline constexpr std::uint64_t kMaxAttachmentContentBytes = protocol::kMaxAttachmentContentBytes;
inline constexpr std::uint64_t kMaxAttachmentBytes =
    kMaxAttachmentContentBytes + std::uint64_t{64} * 1024;
inline constexpr std::size_t kMaxAttachmentChunkBytes = protocol::kMaxAttachmentChunkBytes;
inline constexpr std::size_t kAttachmentDownloadChunkBytes = protocol::kAttachmentChunkTargetBytes;
// An uploaded blob that no record has bound after this long is deleted.
inline constexpr std::chrono::hours kPendingAttachmentLifetime{1};
// Pending (unbound or still uploading) bytes per member: bounds the disk a member
// can fill with blobs that never become part of a case.
inline constexpr std::uint64_t kMaxPendingAttachmentBytesPerMember =
    std::uint64_t{1024} * 1024 * 1024;
// Uploads in progress per member: each holds a file open until it ends.
inline constexpr std::size_t kMaxUploadsInProgressPerMember = 4;
// Each download holds an open file and a chunk buffer until the client has read it.
inline constexpr std::size_t kMaxDownloadsInProgressPerMember = 8;

// Quotas and a full disk (docs/server.md, "Quotas and a full disk"; storage_space.h).
// What one member may store: the sealed records they authored plus the attachment
// blobs they uploaded (pending or bound). 10 GiB is some forty attachments of the
// largest size, or millions of notes; the operator sets it (member_quota_mib).
inline constexpr std::uint64_t kDefaultMemberQuotaMib = 10 * 1024;
// Free space kept on the data directory's file system: below it appends, new
// cases and uploads are refused, while logins, reads, audit entries and membership
// changes still have room (free_space_reserve_mib; 0 turns the check off).
inline constexpr std::uint64_t kDefaultFreeSpaceReserveMib = 1024;
// The largest either setting takes: 16 TiB.
inline constexpr std::uint64_t kMaxStorageSettingMib = std::uint64_t{16} * 1024 * 1024;
inline constexpr std::uint64_t kBytesPerMib = std::uint64_t{1024} * 1024;

// Server-side deadlines of streaming calls (server/rpc/stream_deadlines.h): the
// longest a stream waits on its client for one chunk or for taking one message, and
// the longest an upload or download lives. 2 minutes per 1 MiB chunk still admits
// a client on 70 kbit/s; 2 hours carries 256 MiB at 300 kbit/s.
inline constexpr std::chrono::seconds kStreamWaitLimit{120};
inline constexpr std::chrono::hours kAttachmentStreamLifetime{2};

// Retention: a closed case is deleted this long after it was closed
// (weerbaar-server --retention-days; docs/server.md, "Retention").
inline constexpr int kDefaultRetentionDays = 730;
inline constexpr int kMaxRetentionDays = 36500;
// How often the sweeps run (pending attachments, expired cases), besides at start.
inline constexpr std::chrono::minutes kSweepInterval{10};
// One sweep write deletes at most this many cases or pending blobs, so that a
// large backlog does not hold the writer in one long transaction; the sweep repeats
// until nothing is left.
inline constexpr std::size_t kMaxDeletionsPerSweepWrite = 64;

// SyncCases answers at most this many changed cases and removed ids together
// (then `more`): about 60 bytes each on the wire, so well under 1 MiB.
inline constexpr std::size_t kMaxSyncPageItems = 10000;
// A Watch stream reads its member's case heads from the database this many at a
// time, as it sends them, so that the heads of 100,000 cases are never held (or
// queued in the subscription, bounded by kMaxPendingCases) at once.
inline constexpr std::size_t kWatchHeadsPerRead = 1000;

// Distinct cases with a change pending for one watch (notification_hub.h).
inline constexpr std::size_t kMaxPendingCases = 10000;

// The page sizes above, as a running server uses them: ServerOptions carries them
// so that tests can shrink them and reach paging with a few cases.
struct PageLimits {
    std::size_t sync_items = kMaxSyncPageItems;
    std::size_t watch_heads = kWatchHeadsPerRead;
    // Distinct cases a watch may have pending (notification_hub.h, kMaxPendingCases).
    std::size_t watch_pending_cases = kMaxPendingCases;
};

// Research (docs/server.md, "Research"). A research record holds at most
// crypto::kMaxResearchPlaintext (16 KiB) of sealed plaintext; the rest is its
// header, the seal and the signature, well under 1 KiB.
inline constexpr std::size_t kMaxResearchRecordBytes = std::size_t{17} * 1024;
// A privacy ledger entry is about 250 bytes (two short periods, a user name).
inline constexpr std::size_t kMaxPrivacyLedgerEntryBytes = 1024;
// ListResearchRecords answers at most this many records, and stops adding records
// past kMaxCasePageBytes (so that 1000 records of 17 KiB still fit the client's
// 4 MiB receive limit, over several pages).
inline constexpr std::size_t kMaxResearchRecordsPerPage = 1000;
// The privacy budget per quarter (weerbaar-server --privacy-budget), epsilon x 1000.
// Three is a cautious total for counts published per quarter; the operator may set
// it from 0.001 to 1000.
inline constexpr std::uint32_t kDefaultPrivacyBudgetMillis = 3000;
inline constexpr std::uint32_t kMaxPrivacyBudgetMillis = 1000000;

// Root key shares (docs/server.md, "Root key shares"). A share or a release is about
// 400 bytes (a 99-byte seal, keys, two user names of at most 64 characters, a
// signature); a split has at most crypto::kMaxRootKeyShares shares.
inline constexpr std::size_t kMaxRootKeyShareBytes = 1024;

}  // namespace weerbaar::server
