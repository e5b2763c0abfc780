#pragma once

#include <chrono>
#include <cstdint>

namespace weerbaar::server {

// Wall-clock seconds, as stored in the database and sent in responses.
[[nodiscard]] inline std::int64_t unix_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace weerbaar::server
