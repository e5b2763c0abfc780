#pragma once
// Files that are never half-written: the content goes to a temporary file in the
// same directory, is fsynced, and only then takes the final name; the directory is
// fsynced so the new name survives a crash too.

#include <filesystem>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::client {

enum class Overwrite { allowed, refused };

// `mode` is set on the temporary file before it gets its name, so the file is
// never visible with wider permissions. With Overwrite::refused an existing file
// is an already_exists error and stays untouched (the name is taken atomically).
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& path,
                                           crypto::ByteView content, unsigned mode,
                                           Overwrite overwrite);
[[nodiscard]] Result<crypto::Bytes> read_whole_file(const std::filesystem::path& path);

}  // namespace weerbaar::client
