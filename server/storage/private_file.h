#pragma once
// Files only the server's user may read: the database key, the TLS private key
// and the bootstrap code. Mode 0600, created exclusively, flushed to disk.

#include <filesystem>
#include <string>
#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::server {

// Creates `path` with mode 0600; fails if it exists. The file and then its
// directory are fsynced before this returns, so the file survives a crash.
[[nodiscard]] Status write_private_file(const std::filesystem::path& path,
                                        std::string_view content);
// Reads a regular file of at most `max_size` bytes; failed_precondition if group
// or others have any access to it.
[[nodiscard]] Result<std::string> read_private_file(const std::filesystem::path& path,
                                                    std::size_t max_size);

}  // namespace weerbaar::server
