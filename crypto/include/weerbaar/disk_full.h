#pragma once
// A full disk as an Error: ENOSPC, EDQUOT or SQLITE_FULL is resource_exhausted,
// like any quota, with a message that starts "disk full: " and then says what
// failed (for a log). The layers that meet it (durable_file, the SQLite wrapper)
// make it with disk_full_error; whoever shows it to a person tells it from a quota
// refusal with is_disk_full and words it for them (the server: rpc/status_mapping.cpp).
// A header of its own so that weerbaar/result.h, which everything includes, stays put.

#include <string>
#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar {

inline constexpr std::string_view kDiskFullPrefix = "disk full: ";

[[nodiscard]] inline Error disk_full_error(std::string_view what) {
    return Error(ErrorCode::resource_exhausted, std::string(kDiskFullPrefix) + std::string(what));
}

[[nodiscard]] inline bool is_disk_full(const Error& error) {
    return error.code() == ErrorCode::resource_exhausted &&
           error.message().compare(0, kDiskFullPrefix.size(), kDiskFullPrefix) == 0;
}

}  // namespace weerbaar
