// The local half of attachments: what is refused before any passphrase or network
// work. The staged file a download is written into: tests/durable_file.
#include "weerbaar/client/attachment_transfer.h"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "scratch_directory.h"

namespace fs = std::filesystem;
using weerbaar::ErrorCode;
using weerbaar::client::testing::ScratchDirectory;

namespace weerbaar::client {
namespace {

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a readable file within the limit may be attached", "[attachment]") {
    const ScratchDirectory dir;
    const fs::path file = dir.path() / "verklaring.pdf";
    write_text(file, "twelve bytes");
    const auto size = check_attachable_file(file);
    REQUIRE(size.ok());
    REQUIRE(size.value() == 12);

    const fs::path limit = dir.path() / "limit.bin";
    write_text(limit, "");
    fs::resize_file(limit, kMaxAttachmentSize);
    REQUIRE(check_attachable_file(limit).ok());
}

TEST_CASE("a file over 256 MiB is refused with its size in MiB", "[attachment]") {
    const ScratchDirectory dir;
    const fs::path file = dir.path() / "video.mp4";
    write_text(file, "");
    fs::resize_file(file, kMaxAttachmentSize + 1);  // sparse: takes no disk space
    const auto size = check_attachable_file(file);
    REQUIRE(size.error().code() == ErrorCode::invalid_argument);
    REQUIRE(size.error().message() == "attachment too large: 257 MiB, at most 256 MiB");

    fs::resize_file(file, std::uint64_t{300} << 20);
    REQUIRE(check_attachable_file(file).error().message() ==
            "attachment too large: 300 MiB, at most 256 MiB");
}

TEST_CASE("a missing file, a directory or an unreadable file cannot be attached", "[attachment]") {
    const ScratchDirectory dir;
    const auto missing = check_attachable_file(dir.path() / "nope.pdf");
    REQUIRE(missing.error().code() == ErrorCode::invalid_argument);
    REQUIRE(missing.error().message().find("No such file") != std::string::npos);

    const auto directory = check_attachable_file(dir.path());
    REQUIRE(directory.error().code() == ErrorCode::invalid_argument);
    REQUIRE(directory.error().message().find("not a regular file") != std::string::npos);

    if (::geteuid() != 0) {  // root reads any file
        const fs::path locked = dir.path() / "locked.pdf";
        write_text(locked, "x");
        fs::permissions(locked, fs::perms::none);
        const auto unreadable = check_attachable_file(locked);
        REQUIRE(unreadable.error().code() == ErrorCode::invalid_argument);
        REQUIRE(unreadable.error().message().find("Permission denied") != std::string::npos);
    }
}

TEST_CASE("a download never replaces a file and needs an existing directory", "[attachment]") {
    const ScratchDirectory dir;
    const fs::path existing = dir.path() / "taken.pdf";
    write_text(existing, "mine");
    REQUIRE(check_attachment_destination(existing).error().code() == ErrorCode::invalid_argument);
    REQUIRE(check_attachment_destination(dir.path() / "no-dir" / "out.pdf").error().code() ==
            ErrorCode::invalid_argument);
    REQUIRE(check_attachment_destination(dir.path() / "new.pdf").ok());
}

TEST_CASE("attachment ids are 32 hex characters", "[attachment]") {
    const auto id = parse_attachment_id("00112233445566778899AABBCCDDEEFF");
    REQUIRE(id.ok());
    REQUIRE(format_attachment_id(id.value()) == "00112233445566778899aabbccddeeff");
    REQUIRE(parse_attachment_id("0011").error().code() == ErrorCode::invalid_argument);
    REQUIRE(parse_attachment_id("zz112233445566778899aabbccddeeff").error().code() ==
            ErrorCode::invalid_argument);
}

}  // namespace weerbaar::client
