#pragma once
// Files that are never half-written, for the server and the client alike: the
// content goes to a temporary file in the same directory, is fsynced, and only then
// takes the final name; the directory is fsynced so the new name survives a crash
// too.

#include <filesystem>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::durable_file {

enum class Overwrite { allowed, refused };

// `mode` is set on the temporary file before it gets its name, so the file is
// never visible with wider permissions. With Overwrite::refused an existing file
// is an already_exists error and stays untouched (the name is taken atomically).
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& path,
                                           crypto::ByteView content, unsigned mode,
                                           Overwrite overwrite);
[[nodiscard]] Result<crypto::Bytes> read_whole_file(const std::filesystem::path& path);

// The same for content written in pieces (a download that never sits in memory as a
// whole): the temporary file exists from create() on, with `mode` set before the
// first byte; commit() syncs it and gives it its name. A StagedFile destroyed
// without a successful commit() removes its temporary file, so `path` is either
// complete or untouched.
class StagedFile {
  public:
    [[nodiscard]] static Result<StagedFile> create(const std::filesystem::path& path,
                                                   unsigned mode);
    // The same without any name until commit(Overwrite::refused) (O_TMPFILE): a
    // process killed halfway leaves nothing on disk at all. Falls back to create()
    // where the file system has no O_TMPFILE. temporary_path() is empty then.
    [[nodiscard]] static Result<StagedFile> create_unnamed(const std::filesystem::path& path,
                                                           unsigned mode);
    ~StagedFile();
    StagedFile(StagedFile&& other) noexcept;
    StagedFile& operator=(StagedFile&&) = delete;
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;

    [[nodiscard]] Status write(crypto::ByteView content);
    [[nodiscard]] Status commit(Overwrite overwrite);
    [[nodiscard]] const std::filesystem::path& temporary_path() const { return temporary_; }

  private:
    [[nodiscard]] Status commit_unnamed(Overwrite overwrite);
    StagedFile(std::filesystem::path path, std::filesystem::path temporary, int fd)
        : path_(std::move(path)), temporary_(std::move(temporary)), fd_(fd) {}

    std::filesystem::path path_;
    std::filesystem::path temporary_;
    int fd_ = -1;
    bool temporary_exists_ = true;
};

}  // namespace weerbaar::durable_file
