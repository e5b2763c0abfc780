#include "weerbaar/client/profile.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "scratch_directory.h"
#include "weerbaar/durable_file.h"

namespace fs = std::filesystem;
using weerbaar::client::Profile;
using weerbaar::client::ProfileSettings;
using weerbaar::client::testing::ScratchDirectory;
using weerbaar::durable_file::Overwrite;

namespace {

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return info.st_mode & 0777U;
}

std::string content_of(const fs::path& path) {
    const auto bytes = weerbaar::durable_file::read_whole_file(path);
    REQUIRE(bytes.ok());
    return {bytes.value().begin(), bytes.value().end()};
}

ProfileSettings settings() {
    return ProfileSettings{"127.0.0.1:4433",
                           "anna",
                           weerbaar::crypto::Bytes(32, 0xab),
                           "12345 67890 12345 67890 12345 67890 12345 67890",
                           {}};
}

std::size_t entries_in(const fs::path& directory) {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(directory), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("a new profile has a 0700 directory and 0600 files", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path() / "profile");
    CHECK_FALSE(profile.has_keystore());
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    CHECK(profile.has_keystore());
    CHECK(mode_of(profile.directory()) == 0700);
    for (const char* name : {"keystore", "profile.json", "server.crt"}) {
        INFO(name);
        CHECK(mode_of(profile.directory() / name) == 0600);
    }
    CHECK(entries_in(profile.directory()) == 3);
}

TEST_CASE("an existing directory with wide permissions is tightened", "[profile]") {
    const ScratchDirectory scratch;
    const fs::path directory = scratch.path() / "profile";
    fs::create_directory(directory);
    fs::permissions(directory, fs::perms::all);
    const Profile profile(directory);
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    CHECK(mode_of(directory) == 0700);
}

TEST_CASE("a profile reads back what was written", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    const auto read = profile.read_settings();
    REQUIRE(read.ok());
    CHECK(read.value().server_address == "127.0.0.1:4433");
    CHECK(read.value().user == "anna");
    CHECK(read.value().root_sign_pk == weerbaar::crypto::Bytes(32, 0xab));
    CHECK(read.value().root_fingerprint == settings().root_fingerprint);
    CHECK(profile.read_server_certificate().value() == "PEM");
    const auto keystore = profile.read_keystore();
    REQUIRE(keystore.ok());
    CHECK(std::string(keystore.value().begin(), keystore.value().end()) == "sealed");
}

TEST_CASE("a profile with a keystore refuses to be created again", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("first")).ok());
    CHECK(profile.require_fresh().error().code() == weerbaar::ErrorCode::already_exists);

    ProfileSettings other = settings();
    other.user = "mallory";
    const auto again = profile.create(other, "OTHER", weerbaar::crypto::as_bytes("second"));
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code() == weerbaar::ErrorCode::already_exists);
    CHECK(content_of(scratch.path() / "keystore") == "first");
    CHECK(profile.read_settings().value().user == "anna");
}

TEST_CASE("a directory without a keystore is not a profile", "[profile]") {
    const ScratchDirectory scratch;
    const auto read = Profile(scratch.path()).read_settings();
    REQUIRE_FALSE(read.ok());
    CHECK_THAT(read.error().message(), Catch::Contains("init"));
}

TEST_CASE("a damaged profile.json is reported, not trusted", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    REQUIRE(weerbaar::durable_file::write_file_atomically(
                scratch.path() / "profile.json", weerbaar::crypto::as_bytes("{\"user\": 1}"), 0600,
                Overwrite::allowed)
                .ok());
    const auto read = profile.read_settings();
    REQUIRE_FALSE(read.ok());
    CHECK_THAT(read.error().message(), Catch::Contains("damaged"));
}

TEST_CASE("new passphrases need at least 8 characters", "[profile]") {
    using weerbaar::crypto::SecretBuffer;
    REQUIRE(weerbaar::crypto::initialise().ok());
    CHECK_FALSE(weerbaar::client::check_new_passphrase(
                    SecretBuffer::copy_of(weerbaar::crypto::as_bytes("1234567")))
                    .ok());
    CHECK(weerbaar::client::check_new_passphrase(
              SecretBuffer::copy_of(weerbaar::crypto::as_bytes("12345678")))
              .ok());
}

TEST_CASE("a profile without an audit key pins one later and keeps the rest", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    CHECK(profile.read_settings().value().audit_sign_pk.empty());
    const weerbaar::crypto::Bytes audit(32, 0xcd);
    REQUIRE(profile.pin_audit_key(audit).ok());
    const auto read = profile.read_settings();
    REQUIRE(read.ok());
    CHECK(read.value().audit_sign_pk == audit);
    CHECK(read.value().user == "anna");
    CHECK(read.value().root_sign_pk == weerbaar::crypto::Bytes(32, 0xab));
    CHECK(mode_of(scratch.path() / "profile.json") == 0600);
}

TEST_CASE("a profile created with an audit key reads it back", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    ProfileSettings with_audit = settings();
    with_audit.audit_sign_pk = weerbaar::crypto::Bytes(32, 0x11);
    REQUIRE(profile.create(with_audit, "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    CHECK(profile.read_settings().value().audit_sign_pk == with_audit.audit_sign_pk);
}

TEST_CASE("an audit key of the wrong size is refused", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    CHECK_FALSE(profile.pin_audit_key(weerbaar::crypto::Bytes(31, 0x11)).ok());
    CHECK(profile.read_settings().value().audit_sign_pk.empty());
}

TEST_CASE("a followed certificate replaces the pin and keeps the old one beside it", "[profile]") {
    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    REQUIRE(profile.create(settings(), "OLD PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    CHECK(profile.read_settings().value().certificate_endorsed_at == 0);
    REQUIRE(profile.replace_server_certificate("OLD PEM", "NEW PEM", 1000).ok());
    CHECK(profile.read_server_certificate().value() == "NEW PEM");
    CHECK(content_of(scratch.path() / "server.crt.previous") == "OLD PEM");
    CHECK(profile.read_settings().value().certificate_endorsed_at == 1000);
    CHECK(mode_of(scratch.path() / "server.crt") == 0600);
    CHECK(mode_of(scratch.path() / "server.crt.previous") == 0600);
    // Another process of this profile that followed the same change: nothing happens.
    REQUIRE(profile.replace_server_certificate("OLD PEM", "NEW PEM", 1000).ok());
    CHECK(content_of(scratch.path() / "server.crt.previous") == "OLD PEM");
    // A pin that is no longer the one checked is not replaced.
    const auto stale = profile.replace_server_certificate("OLD PEM", "OTHER PEM", 2000);
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error().code() == weerbaar::ErrorCode::failed_precondition);
    CHECK(profile.read_server_certificate().value() == "NEW PEM");
    CHECK(profile.read_settings().value().certificate_endorsed_at == 1000);
    // A second rotation keeps only the one before it.
    REQUIRE(profile.replace_server_certificate("NEW PEM", "NEWER PEM", 3000).ok());
    CHECK(profile.read_server_certificate().value() == "NEWER PEM");
    CHECK(content_of(scratch.path() / "server.crt.previous") == "NEW PEM");
    CHECK(profile.read_settings().value().certificate_endorsed_at == 3000);
}

TEST_CASE("server addresses are host:port, a bad one changes nothing", "[profile]") {
    using weerbaar::client::check_server_address;
    for (const char* good : {"127.0.0.1:4433", "weerbaar.example.nl:1", "[::1]:65535", "h:8443"}) {
        INFO(good);
        CHECK(check_server_address(good).ok());
    }
    for (const char* bad :
         {"", "host", "host:", ":4433", "host:0", "host:65536", "host:123456", "host:44a3",
          "ho st:4433", "host:4433 ", "unix:/run/x:1", "host\t:1", "h\x7f:1"}) {
        INFO(bad);
        const auto checked = check_server_address(bad);
        REQUIRE_FALSE(checked.ok());
        CHECK(checked.error().code() == weerbaar::ErrorCode::invalid_argument);
        CHECK(checked.error().message().rfind("serveradres ongeldig", 0) == 0);
    }

    const ScratchDirectory scratch;
    const Profile profile(scratch.path());
    REQUIRE(profile.create(settings(), "PEM", weerbaar::crypto::as_bytes("sealed")).ok());
    const std::string before = content_of(scratch.path() / "profile.json");
    CHECK_FALSE(profile.set_server_address("geen poort").ok());
    CHECK(content_of(scratch.path() / "profile.json") == before);
    REQUIRE(profile.set_server_address("weerbaar.example.nl:8443").ok());
    const auto read = profile.read_settings();
    REQUIRE(read.ok());
    CHECK(read.value().server_address == "weerbaar.example.nl:8443");
    CHECK(read.value().user == "anna");
    CHECK(read.value().root_sign_pk == weerbaar::crypto::Bytes(32, 0xab));
}
