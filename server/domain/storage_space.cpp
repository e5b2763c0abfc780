#include "storage_space.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace weerbaar::server {
namespace {

// Whole MiB, rounded up, for messages: an operator sets and reads MiB.
std::string mib_text(std::uint64_t bytes) {
    return std::to_string((bytes + kBytesPerMib - 1) / kBytesPerMib) + " MiB";
}

}  // namespace

void ThrottledWarning::warn(std::string_view line) {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (logged_ && now - last_ < interval_) {
        ++suppressed_;
        return;
    }
    if (suppressed_ > 0) {
        spdlog::warn("{} (and {} more like it since the last such line)", line, suppressed_);
    } else {
        spdlog::warn("{}", line);
    }
    logged_ = true;
    last_ = now;
    suppressed_ = 0;
}

Error disk_full_refusal() {
    return Error(ErrorCode::resource_exhausted,
                 "de schijf van de server is vol; er is niets bewaard. Probeer het later opnieuw "
                 "en meld het aan de beheerder / the server's disk is full; nothing was stored; "
                 "try again later and tell the operator");
}

StorageSpace::StorageSpace(StorageLimits limits, FreeBytes free_bytes)
    : limits_(limits), free_bytes_(std::move(free_bytes)) {}

Status StorageSpace::check_reserve(std::uint64_t bytes) {
    if (limits_.free_space_reserve_bytes == 0 || !free_bytes_) {
        return ok_status();
    }
    const auto free = free_bytes_();
    if (!free.ok()) {
        unreadable_warning_.warn("storage: the free space of the data directory cannot be read: " +
                                 free.error().message());
        return ok_status();
    }
    if (free.value() >= bytes && free.value() - bytes >= limits_.free_space_reserve_bytes) {
        return ok_status();
    }
    reserve_warning_.warn("storage: a write was refused: the data directory's disk has " +
                          mib_text(free.value()) + " free, under its reserve of " +
                          mib_text(limits_.free_space_reserve_bytes) +
                          " (free_space_reserve_mib); free space on the disk");
    return disk_full_refusal();
}

Status StorageSpace::check_quota(std::uint64_t stored, std::uint64_t bytes) {
    if (stored <= limits_.member_quota_bytes && bytes <= limits_.member_quota_bytes - stored) {
        return ok_status();
    }
    // No user name in the log: the member knows, the operator sees that quotas bite.
    quota_warning_.warn("storage: a write was refused: a member's storage quota of " +
                        mib_text(limits_.member_quota_bytes) + " is used up (member_quota_mib)");
    const std::string used = mib_text(stored);
    const std::string quota = mib_text(limits_.member_quota_bytes);
    return Error(ErrorCode::resource_exhausted,
                 "je opslagruimte op de server is vol (" + used + " van " + quota +
                     " gebruikt); er is niets bewaard. Vraag je coördinator om meer ruimte / "
                     "your storage quota on the server is used up (" +
                     used + " of " + quota +
                     "); nothing was stored; ask your coordinator for more");
}

}  // namespace weerbaar::server
