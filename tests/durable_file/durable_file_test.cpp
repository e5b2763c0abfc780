// Durable files (durable_file/include/weerbaar/durable_file.h): a name shows only
// whole content, with its mode from the first byte, and a refused overwrite or a
// dropped staged file changes nothing on disk.
#include "weerbaar/durable_file.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "scratch_directory.h"

namespace fs = std::filesystem;
using weerbaar::ErrorCode;
using weerbaar::client::testing::ScratchDirectory;
using weerbaar::crypto::as_bytes;

namespace weerbaar::durable_file {
namespace {

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string content_of(const fs::path& path) {
    const auto bytes = read_whole_file(path);
    REQUIRE(bytes.ok());
    return {bytes.value().begin(), bytes.value().end()};
}

struct stat status_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info;
}

unsigned mode_of(const fs::path& path) { return status_of(path).st_mode & 0777U; }

std::size_t entries_in(const fs::path& directory) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(directory), fs::directory_iterator()));
}

// Sets the process umask for one scope: the mode must not depend on it.
class Umask {
  public:
    explicit Umask(mode_t mask) : previous_(::umask(mask)) {}
    ~Umask() { ::umask(previous_); }
    Umask(const Umask&) = delete;
    Umask& operator=(const Umask&) = delete;

  private:
    mode_t previous_;
};

}  // namespace

TEST_CASE("an atomic write leaves exactly the file with its mode and no temporary",
          "[durable_file]") {
    const ScratchDirectory scratch;
    const fs::path file = scratch.path() / "secret";
    REQUIRE(write_file_atomically(file, as_bytes("one"), 0600, Overwrite::allowed).ok());
    CHECK(content_of(file) == "one");
    CHECK(mode_of(file) == 0600);
    CHECK(entries_in(scratch.path()) == 1);
}

TEST_CASE("an atomic write replaces a file whole when allowed", "[durable_file]") {
    const ScratchDirectory scratch;
    const fs::path file = scratch.path() / "settings";
    REQUIRE(write_file_atomically(file, as_bytes("old"), 0600, Overwrite::allowed).ok());
    REQUIRE(write_file_atomically(file, as_bytes("new"), 0600, Overwrite::allowed).ok());
    CHECK(content_of(file) == "new");
    CHECK(entries_in(scratch.path()) == 1);
}

TEST_CASE("a refused overwrite leaves the old file untouched", "[durable_file]") {
    const ScratchDirectory scratch;
    const fs::path file = scratch.path() / "keystore";
    REQUIRE(write_file_atomically(file, as_bytes("old"), 0640, Overwrite::refused).ok());
    const struct stat before = status_of(file);
    const auto again = write_file_atomically(file, as_bytes("new"), 0600, Overwrite::refused);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code() == ErrorCode::already_exists);
    CHECK(content_of(file) == "old");
    const struct stat after = status_of(file);
    CHECK(after.st_ino == before.st_ino);
    CHECK((after.st_mode & 0777U) == 0640);
    CHECK(after.st_nlink == 1);  // no temporary name still points at it
    CHECK(entries_in(scratch.path()) == 1);
}

TEST_CASE("a refused overwrite does not follow a symbolic link", "[durable_file]") {
    const ScratchDirectory scratch;
    const fs::path target = scratch.path() / "target";
    const fs::path link = scratch.path() / "link";
    fs::create_symlink(target, link);  // dangling: link() must not create `target`
    CHECK(write_file_atomically(link, as_bytes("x"), 0600, Overwrite::refused).error().code() ==
          ErrorCode::already_exists);
    CHECK_FALSE(fs::exists(target));
}

TEST_CASE("an atomic write into a missing directory fails cleanly", "[durable_file]") {
    const ScratchDirectory scratch;
    const auto result = write_file_atomically(scratch.path() / "missing" / "file", as_bytes("x"),
                                              0600, Overwrite::allowed);
    CHECK(result.error().code() == ErrorCode::internal);
    CHECK(entries_in(scratch.path()) == 0);
}

TEST_CASE("the mode is set before any content, whatever the umask", "[durable_file]") {
    const ScratchDirectory scratch;
    const Umask narrow(077);
    auto staged = StagedFile::create(scratch.path() / "out", 0640);
    REQUIRE(staged.ok());
    const fs::path temporary = staged.value().temporary_path();
    CHECK(fs::file_size(temporary) == 0);
    CHECK(mode_of(temporary) == 0640);

    auto at = StagedFile::create_at(scratch.path() / "other", scratch.path() / "other.part", 0604);
    REQUIRE(at.ok());
    CHECK(fs::file_size(scratch.path() / "other.part") == 0);
    CHECK(mode_of(scratch.path() / "other.part") == 0604);
}

TEST_CASE("a staged file appears only when committed, with its mode", "[durable_file]") {
    const ScratchDirectory dir;
    const fs::path out = dir.path() / "out.bin";
    {
        auto staged = StagedFile::create(out, 0600);
        REQUIRE(staged.ok());
        REQUIRE(staged.value().write(as_bytes("part one, ")).ok());
        REQUIRE(staged.value().write(as_bytes("part two")).ok());
        REQUIRE(mode_of(staged.value().temporary_path()) == 0600);
        REQUIRE_FALSE(fs::exists(out));
        REQUIRE(staged.value().commit(Overwrite::refused).ok());
    }
    REQUIRE(mode_of(out) == 0600);
    REQUIRE(content_of(out) == "part one, part two");
    REQUIRE(entries_in(dir.path()) == 1);
}

TEST_CASE("a staged file dropped without a commit leaves nothing behind", "[durable_file]") {
    const ScratchDirectory dir;
    const fs::path out = dir.path() / "out.bin";
    SECTION("a generated temporary name") {
        auto staged = StagedFile::create(out, 0600);
        REQUIRE(staged.ok());
        REQUIRE(staged.value().write(as_bytes("half a file")).ok());
    }
    SECTION("an explicit temporary name") {
        auto staged = StagedFile::create_at(out, dir.path() / "out.bin.part", 0600);
        REQUIRE(staged.ok());
        REQUIRE(staged.value().write(as_bytes("half a file")).ok());
    }
    SECTION("no temporary name") {
        auto staged = StagedFile::create_unnamed(out, 0600);
        REQUIRE(staged.ok());
        REQUIRE(staged.value().write(as_bytes("half a file")).ok());
    }
    SECTION("moved from, then dropped") {
        auto staged = StagedFile::create(out, 0600);
        REQUIRE(staged.ok());
        const StagedFile moved(std::move(staged).value());
    }
    REQUIRE(entries_in(dir.path()) == 0);
}

TEST_CASE("a staged file does not replace a file that appeared meanwhile", "[durable_file]") {
    const ScratchDirectory dir;
    const fs::path out = dir.path() / "out.bin";
    auto staged = StagedFile::create(out, 0600);
    REQUIRE(staged.ok());
    REQUIRE(staged.value().write(as_bytes("new")).ok());
    write_text(out, "old");
    REQUIRE(staged.value().commit(Overwrite::refused).error().code() == ErrorCode::already_exists);
    REQUIRE(content_of(out) == "old");
}

TEST_CASE("a staged file commits to its name from an explicit temporary name", "[durable_file]") {
    const ScratchDirectory dir;
    const fs::path out = dir.path() / "blob";
    const fs::path part = dir.path() / "blob.part";
    auto staged = StagedFile::create_at(out, part, 0600);
    REQUIRE(staged.ok());
    CHECK(staged.value().temporary_path() == part);
    REQUIRE(staged.value().write(as_bytes("content")).ok());
    CHECK(content_of(part) == "content");
    CHECK_FALSE(fs::exists(out));
    REQUIRE(staged.value().commit(Overwrite::refused).ok());
    CHECK_FALSE(fs::exists(part));
    CHECK(content_of(out) == "content");
    CHECK(mode_of(out) == 0600);
    CHECK(status_of(out).st_nlink == 1);
}

TEST_CASE("a leftover at the explicit temporary name is replaced, not truncated",
          "[durable_file]") {
    const ScratchDirectory dir;
    const fs::path out = dir.path() / "blob";
    const fs::path part = dir.path() / "blob.part";
    // A crash between link() and unlink() leaves the temporary name on the
    // committed file: a new upload must not empty that file through it.
    write_text(out, "committed");
    fs::create_hard_link(out, part);
    auto staged = StagedFile::create_at(out, part, 0600);
    REQUIRE(staged.ok());
    REQUIRE(staged.value().write(as_bytes("second")).ok());
    CHECK(content_of(out) == "committed");
    CHECK(staged.value().commit(Overwrite::refused).error().code() == ErrorCode::already_exists);
    CHECK(content_of(out) == "committed");
}

TEST_CASE("an unnamed staged file has no name on disk until it is committed", "[durable_file]") {
    const ScratchDirectory dir;
    const fs::path out = dir.path() / "out.bin";
    {
        auto staged = StagedFile::create_unnamed(out, 0600);
        REQUIRE(staged.ok());
        REQUIRE(staged.value().temporary_path().empty());  // O_TMPFILE on this file system
        REQUIRE(staged.value().write(as_bytes("plaintext")).ok());
        // Even while it is being written, nothing is there to find or to leave behind.
        REQUIRE(entries_in(dir.path()) == 0);
    }
    REQUIRE(entries_in(dir.path()) == 0);

    auto staged = StagedFile::create_unnamed(out, 0600);
    REQUIRE(staged.ok());
    REQUIRE(staged.value().write(as_bytes("whole")).ok());
    REQUIRE(staged.value().commit(Overwrite::refused).ok());
    REQUIRE(mode_of(out) == 0600);
    REQUIRE(content_of(out) == "whole");
    REQUIRE(entries_in(dir.path()) == 1);

    auto again = StagedFile::create_unnamed(out, 0600);
    REQUIRE(again.ok());
    REQUIRE(again.value().write(as_bytes("new")).ok());
    REQUIRE(again.value().commit(Overwrite::refused).error().code() == ErrorCode::already_exists);
    REQUIRE(content_of(out) == "whole");
    REQUIRE(entries_in(dir.path()) == 1);
}

TEST_CASE("an unnamed staged file cannot replace a file", "[durable_file]") {
    const ScratchDirectory dir;
    const fs::path out = dir.path() / "out.bin";
    write_text(out, "old");
    auto staged = StagedFile::create_unnamed(out, 0600);
    REQUIRE(staged.ok());
    CHECK(staged.value().commit(Overwrite::allowed).error().code() == ErrorCode::internal);
    CHECK(content_of(out) == "old");
}

TEST_CASE("a staged file commits once and takes no bytes after", "[durable_file]") {
    const ScratchDirectory dir;
    auto staged = StagedFile::create(dir.path() / "out", 0600);
    REQUIRE(staged.ok());
    REQUIRE(staged.value().commit(Overwrite::allowed).ok());
    CHECK(staged.value().write(as_bytes("late")).error().code() == ErrorCode::internal);
    CHECK(staged.value().commit(Overwrite::allowed).error().code() == ErrorCode::internal);
    CHECK(content_of(dir.path() / "out").empty());
}

TEST_CASE("reading a missing file is not_found, syncing a missing directory fails",
          "[durable_file]") {
    const ScratchDirectory dir;
    CHECK(read_whole_file(dir.path() / "nope").error().code() == ErrorCode::not_found);
    CHECK(sync_directory(dir.path()).ok());
    CHECK(sync_directory(dir.path() / "nope").error().code() == ErrorCode::internal);
}

}  // namespace weerbaar::durable_file
