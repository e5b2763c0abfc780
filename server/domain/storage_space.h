#pragma once
// Room to write (docs/server.md, "Quotas and a full disk"): the per-member storage
// quota, the free-space reserve of the data directory's file system, and what a
// member is told when the disk is full after all.
//
// - The quota counts what a member has stored: the sealed records they authored and
//   the attachment blobs they uploaded, pending or bound (Storage::stored_bytes_of,
//   kept in the same transaction as the rows). An append checks it inside its write,
//   an upload when it starts and again in the write that stores its row.
// - The reserve is checked (statvfs, through `FreeBytes`) before a record is queued
//   and before an upload takes its first byte. Below it those writes are refused,
//   while logins, reads, audit entries and membership changes, all small, still
//   write into the reserve: the team can still log in, read and revoke.
// - A disk that fills up regardless (another program, a reserve of 0) fails the
//   write that meets it with disk_full_error (weerbaar/disk_full.h); the transaction is
//   rolled back, a blob's file removed, and status_mapping words it with
//   disk_full_refusal(). Nothing stays broken: the next write tries again.
//
// Every refusal is resource_exhausted, Dutch first, and says that nothing was stored.
// A refusal is logged as one warn line, then at most one a minute with a count, so a
// full disk under load does not fill the log as well. Thread-safe.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "server_limits.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

struct StorageLimits {
    std::uint64_t member_quota_bytes = kDefaultMemberQuotaMib * kBytesPerMib;
    // 0: no check.
    std::uint64_t free_space_reserve_bytes = kDefaultFreeSpaceReserveMib * kBytesPerMib;
};

// One warn line for the first of a kind of event, then at most one per interval
// saying how many there were since.
class ThrottledWarning {
  public:
    explicit ThrottledWarning(std::chrono::seconds interval) : interval_(interval) {}
    // `line` is logged now, or counted towards the next line.
    void warn(std::string_view line);

  private:
    const std::chrono::seconds interval_;
    std::mutex mutex_;
    std::chrono::steady_clock::time_point last_{};
    bool logged_ = false;
    std::uint64_t suppressed_ = 0;
};

class StorageSpace {
  public:
    // The free bytes (f_bavail) of the data directory's file system.
    using FreeBytes = std::function<Result<std::uint64_t>()>;

    StorageSpace(StorageLimits limits, FreeBytes free_bytes);

    [[nodiscard]] const StorageLimits& limits() const { return limits_; }

    // ok while writing `bytes` more leaves the reserve free. If the free space cannot
    // be read the write goes ahead (a warn line): a full disk still fails it cleanly.
    [[nodiscard]] Status check_reserve(std::uint64_t bytes);
    // ok while a member who has `stored` bytes may store `bytes` more.
    [[nodiscard]] Status check_quota(std::uint64_t stored, std::uint64_t bytes);

  private:
    const StorageLimits limits_;
    const FreeBytes free_bytes_;
    ThrottledWarning reserve_warning_{std::chrono::minutes(1)};
    ThrottledWarning quota_warning_{std::chrono::minutes(1)};
    ThrottledWarning unreadable_warning_{std::chrono::minutes(1)};
};

// What a member is told for a write that met a full disk, or the reserve:
// resource_exhausted, Dutch first.
[[nodiscard]] Error disk_full_refusal();

}  // namespace weerbaar::server
