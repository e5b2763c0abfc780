#pragma once
// Files only the server's user may read: the database key, the audit key, the TLS
// key and certificate and the bootstrap code. Mode 0600, never overwritten, and
// whole or absent after a crash (written through weerbaar/durable_file.h).

#include <filesystem>
#include <string>
#include <string_view>

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

// Creates `path` with mode 0600 from its first byte; already_exists if the name is
// taken (a symbolic link too), internal for a failure of the file system. The file
// has no name until it is whole and fsynced, and the directory is fsynced before
// this returns, so after a crash `path` is complete or missing. Blocks for both.
[[nodiscard]] Status write_private_file(const std::filesystem::path& path,
                                        std::string_view content);
// Reads a regular file of at most `max_size` bytes; failed_precondition if group
// or others have any access to it.
[[nodiscard]] Result<std::string> read_private_file(const std::filesystem::path& path,
                                                    std::size_t max_size);
// The same into secure memory, for a key file read whole (a backup carries them).
[[nodiscard]] Result<crypto::SecretBuffer> read_private_secret(const std::filesystem::path& path,
                                                               std::size_t max_size);

}  // namespace weerbaar::server
