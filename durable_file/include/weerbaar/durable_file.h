#pragma once
// Files that are never half-written, for the server and the client alike: the
// content goes to a temporary file in the same directory (named, or unnamed with
// O_TMPFILE), is fsynced, and only then takes the final name; the directory is
// fsynced so the new name survives a crash too. The one place that does
// fsync-file, rename-or-link and fsync-directory: a writer of durable files uses
// this and writes none of its own.
//
// Paths are plain std::filesystem paths; modes are POSIX permission bits (0600).
// Errors: already_exists when Overwrite::refused meets an existing name, not_found
// from read_whole_file, disk_full_error (weerbaar/disk_full.h) for a full disk or
// quota, internal otherwise; a message names the file and the system's reason.
// Threading: no shared state; a StagedFile belongs to one thread at a time.

#include <filesystem>
#include <string>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/result.h"

namespace weerbaar::durable_file {

enum class Overwrite { allowed, refused };

// Writes `content` to `path` whole or not at all. `mode` is set on the temporary
// file before the first byte, so the file is never visible with wider permissions.
// With Overwrite::refused an existing file is an already_exists error and stays
// untouched (the name is taken atomically, by link()). Blocks for two fsyncs.
[[nodiscard]] Status write_file_atomically(const std::filesystem::path& path,
                                           crypto::ByteView content, unsigned mode,
                                           Overwrite overwrite);
// The whole content of a file; not_found if it cannot be opened.
[[nodiscard]] Result<crypto::Bytes> read_whole_file(const std::filesystem::path& path);
// fsync of a directory, so that names made, renamed or removed in it survive a
// crash (for a caller that renames something other than a file, such as a
// directory that appears whole).
[[nodiscard]] Status sync_directory(const std::filesystem::path& directory);

// The same for content written in pieces (a download that never sits in memory as a
// whole): the temporary file exists from create() on, with `mode` set before the
// first byte; commit() syncs it and gives it its name. A StagedFile destroyed
// without a successful commit() removes its temporary file, so `path` is either
// complete or untouched.
class StagedFile {
  public:
    // The temporary is `.<name>.tmp-XXXXXX` beside `path`, unique per call.
    [[nodiscard]] static Result<StagedFile> create(const std::filesystem::path& path,
                                                   unsigned mode);
    // The temporary is `temporary`, a name the caller owns (in the directory of
    // `path`, or link() cannot move it): for a store that recognises its own
    // leftovers by name after a crash. A file left there is removed first, never
    // truncated: it may share its inode with a file committed before.
    [[nodiscard]] static Result<StagedFile> create_at(const std::filesystem::path& path,
                                                      const std::filesystem::path& temporary,
                                                      unsigned mode);
    // The same without any name until commit(Overwrite::refused) (O_TMPFILE): a
    // process killed halfway leaves nothing on disk at all. Falls back to create()
    // where the file system has no O_TMPFILE. temporary_path() is empty then.
    // Naming the file needs /proc/self/fd.
    [[nodiscard]] static Result<StagedFile> create_unnamed(const std::filesystem::path& path,
                                                           unsigned mode);
    ~StagedFile();
    StagedFile(StagedFile&& other) noexcept;
    StagedFile& operator=(StagedFile&&) = delete;
    StagedFile(const StagedFile&) = delete;
    StagedFile& operator=(const StagedFile&) = delete;

    // Appends; internal after commit().
    [[nodiscard]] Status write(crypto::ByteView content);
    // fsync of the file, then the name (rename() when allowed; link() when refused,
    // so that checking for an existing file and taking the name are one step), then
    // fsync of the directory. Once only, whatever its outcome. A failed
    // commit(Overwrite::refused) leaves no file at `path` that it made; a failed
    // commit(Overwrite::allowed) leaves `path` as it was (the old file is kept under
    // `<temporary>.old` until the directory is synced, and put back if that fails),
    // except on a file system without hard links, where it may have replaced `path`
    // with the whole new content and failed only to make that durable. Blocks for
    // the two fsyncs.
    [[nodiscard]] Status commit(Overwrite overwrite);
    // Empty for an unnamed temporary.
    [[nodiscard]] const std::filesystem::path& temporary_path() const { return temporary_; }

  private:
    [[nodiscard]] Status commit_unnamed(Overwrite overwrite);
    [[nodiscard]] Status replace();
    [[nodiscard]] Status sync_new_name();
    StagedFile(std::filesystem::path path, std::filesystem::path temporary, int fd)
        : path_(std::move(path)), temporary_(std::move(temporary)), fd_(fd) {}

    std::filesystem::path path_;
    std::filesystem::path temporary_;
    int fd_ = -1;
    bool temporary_exists_ = true;
};

}  // namespace weerbaar::durable_file
