#include "weerbaar/client/unlock_agent_socket.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <optional>
#include <string>

#include "scratch_directory.h"
#include "weerbaar/client/unlock_agent_client.h"

namespace fs = std::filesystem;
using weerbaar::ErrorCode;
using weerbaar::client::agent_location;
using weerbaar::client::check_agent_directory;
using weerbaar::client::peer_may_connect;
using weerbaar::client::prepare_agent_directory;
using weerbaar::client::testing::ScratchDirectory;

namespace {

// Sets XDG_RUNTIME_DIR for one test and puts back what was there.
class RuntimeDirectory {
  public:
    explicit RuntimeDirectory(const std::string& value) {
        if (const char* old = std::getenv("XDG_RUNTIME_DIR"); old != nullptr) {
            saved_ = old;
        }
        ::setenv("XDG_RUNTIME_DIR", value.c_str(), 1);
    }
    ~RuntimeDirectory() {
        if (saved_) {
            ::setenv("XDG_RUNTIME_DIR", saved_->c_str(), 1);
        } else {
            ::unsetenv("XDG_RUNTIME_DIR");
        }
    }
    RuntimeDirectory(const RuntimeDirectory&) = delete;
    RuntimeDirectory& operator=(const RuntimeDirectory&) = delete;

  private:
    std::optional<std::string> saved_;
};

unsigned mode_of(const fs::path& path) {
    struct stat info {};
    REQUIRE(::lstat(path.c_str(), &info) == 0);
    return info.st_mode & 07777U;
}

}  // namespace

TEST_CASE("only a peer of our own uid may talk to the agent", "[unlock_agent]") {
    CHECK(peer_may_connect(1000, 1000));
    CHECK_FALSE(peer_may_connect(1001, 1000));
    CHECK_FALSE(peer_may_connect(999, 1000));
    // Root is not waved through: root needs no agent, and an agent that answered root
    // would answer any setuid helper too.
    CHECK_FALSE(peer_may_connect(0, 1000));
    CHECK(peer_may_connect(0, 0));
}

TEST_CASE("the peer of a local socket is ourselves", "[unlock_agent]") {
    int pair[2] = {-1, -1};
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) == 0);
    const weerbaar::client::FileDescriptor a(pair[0]);
    const weerbaar::client::FileDescriptor b(pair[1]);
    const auto uid = weerbaar::client::peer_uid_of(a.get());
    REQUIRE(uid.ok());
    CHECK(uid.value() == ::geteuid());
}

TEST_CASE("the agent directory is made 0700 and accepted", "[unlock_agent]") {
    const ScratchDirectory scratch;
    const fs::path directory = scratch.path() / "weerbaar";
    REQUIRE(prepare_agent_directory(directory).ok());
    CHECK(mode_of(directory) == 0700);
    CHECK(check_agent_directory(directory, ::geteuid()).ok());
    // Running again finds it and accepts it as it is.
    CHECK(prepare_agent_directory(directory).ok());
}

TEST_CASE("an agent directory open to others, not ours, or not a directory is refused",
          "[unlock_agent]") {
    const ScratchDirectory scratch;
    const fs::path directory = scratch.path() / "weerbaar";
    REQUIRE(prepare_agent_directory(directory).ok());

    for (const mode_t loose : {0755, 0750, 0710, 0701, 0707}) {
        INFO(std::oct << loose);
        REQUIRE(::chmod(directory.c_str(), loose) == 0);
        const auto checked = check_agent_directory(directory, ::geteuid());
        REQUIRE_FALSE(checked.ok());
        CHECK(checked.error().code() == ErrorCode::permission_denied);
        CHECK(checked.error().message().rfind("onveilige map", 0) == 0);
        // prepare does not repair it either: someone else may have made it so.
        CHECK_FALSE(prepare_agent_directory(directory).ok());
    }
    REQUIRE(::chmod(directory.c_str(), 0700) == 0);

    SECTION("owned by another uid") {
        const auto checked = check_agent_directory(directory, ::geteuid() + 1);
        REQUIRE_FALSE(checked.ok());
        CHECK(checked.error().code() == ErrorCode::permission_denied);
    }
    SECTION("a symlink to a good directory") {
        const fs::path link = scratch.path() / "link";
        fs::create_directory_symlink(directory, link);
        CHECK(check_agent_directory(link, ::geteuid()).error().code() ==
              ErrorCode::permission_denied);
    }
    SECTION("a plain file") {
        const fs::path file = scratch.path() / "file";
        std::ofstream(file) << "x";
        REQUIRE(::chmod(file.c_str(), 0600) == 0);
        CHECK(check_agent_directory(file, ::geteuid()).error().code() ==
              ErrorCode::permission_denied);
    }
    SECTION("missing") {
        CHECK(check_agent_directory(scratch.path() / "none", ::geteuid()).error().code() ==
              ErrorCode::not_found);
    }
    SECTION("inside a parent anyone may write to without the sticky bit") {
        REQUIRE(::chmod(scratch.path().c_str(), 0777) == 0);
        CHECK(check_agent_directory(directory, ::geteuid()).error().code() ==
              ErrorCode::permission_denied);
        REQUIRE(::chmod(scratch.path().c_str(), 01777) == 0);
        CHECK(check_agent_directory(directory, ::geteuid()).ok());
        REQUIRE(::chmod(scratch.path().c_str(), 0700) == 0);
    }
}

TEST_CASE("each profile has its own agent socket, however its path is spelled", "[unlock_agent]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    const ScratchDirectory scratch;
    const RuntimeDirectory runtime(scratch.path().string());
    fs::create_directories(scratch.path() / "profiles" / "anna");
    fs::create_directories(scratch.path() / "profiles" / "bram");
    const auto anna = agent_location(scratch.path() / "profiles" / "anna");
    const auto anna_again = agent_location(scratch.path() / "profiles" / "bram" / ".." / "anna");
    const auto anna_slash = agent_location((scratch.path() / "profiles" / "anna").string() + "/");
    const auto bram = agent_location(scratch.path() / "profiles" / "bram");
    REQUIRE(anna.ok());
    REQUIRE(anna_again.ok());
    REQUIRE(anna_slash.ok());
    REQUIRE(bram.ok());
    CHECK(anna.value().directory == scratch.path() / "weerbaar");
    CHECK(anna.value().socket.parent_path() == anna.value().directory);
    CHECK(anna.value().socket.extension() == ".sock");
    CHECK(anna.value().lock.extension() == ".lock");
    CHECK(anna_again.value().socket == anna.value().socket);
    CHECK(anna_slash.value().socket == anna.value().socket);
    CHECK(bram.value().socket != anna.value().socket);
    CHECK(bram.value().lock != anna.value().lock);
    // Looking up the place creates nothing.
    CHECK_FALSE(fs::exists(anna.value().directory));
}

TEST_CASE("without XDG_RUNTIME_DIR the agent lives in a directory of our uid under /tmp",
          "[unlock_agent]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    const RuntimeDirectory runtime("relative/paths/are/ignored");
    const auto location = agent_location("/some/profile");
    REQUIRE(location.ok());
    CHECK(location.value().directory == fs::path("/tmp/weerbaar-" + std::to_string(::geteuid())));
}

TEST_CASE("a runtime directory too long for a socket path is refused", "[unlock_agent]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    const RuntimeDirectory runtime("/" + std::string(120, 'x'));
    const auto location = agent_location("/some/profile");
    REQUIRE_FALSE(location.ok());
    CHECK(location.error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("no agent is found where none listens, and nothing is created", "[unlock_agent]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    const ScratchDirectory scratch;
    const RuntimeDirectory runtime(scratch.path().string());
    const auto location = agent_location(scratch.path() / "profile");
    REQUIRE(location.ok());

    const auto no_directory = weerbaar::client::connect_to_agent(location.value());
    REQUIRE(no_directory.ok());
    CHECK_FALSE(no_directory.value().has_value());
    CHECK_FALSE(fs::exists(location.value().directory));

    REQUIRE(prepare_agent_directory(location.value().directory).ok());
    const auto no_socket = weerbaar::client::connect_to_agent(location.value());
    REQUIRE(no_socket.ok());
    CHECK_FALSE(no_socket.value().has_value());

    // A socket left behind by an agent that died: nobody listens on it.
    {
        const weerbaar::client::FileDescriptor stale(::socket(AF_UNIX, SOCK_STREAM, 0));
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        location.value().socket.string().copy(address.sun_path, sizeof address.sun_path - 1);
        REQUIRE(::bind(stale.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) ==
                0);
    }
    const auto stale = weerbaar::client::connect_to_agent(location.value());
    REQUIRE(stale.ok());
    CHECK_FALSE(stale.value().has_value());

    const auto locked = weerbaar::client::lock_agent(scratch.path() / "profile");
    REQUIRE(locked.ok());
    CHECK_FALSE(locked.value());
}

TEST_CASE("an unsafe agent directory is reported, not used", "[unlock_agent]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    const ScratchDirectory scratch;
    const RuntimeDirectory runtime(scratch.path().string());
    const auto location = agent_location(scratch.path() / "profile");
    REQUIRE(location.ok());
    REQUIRE(::mkdir(location.value().directory.c_str(), 0777) == 0);
    REQUIRE(::chmod(location.value().directory.c_str(), 0777) == 0);
    const auto connected = weerbaar::client::connect_to_agent(location.value());
    REQUIRE_FALSE(connected.ok());
    CHECK(connected.error().code() == ErrorCode::permission_denied);
}

TEST_CASE("the keystore digest names the sealed file", "[unlock_agent]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    const weerbaar::crypto::Bytes one{1, 2, 3};
    const weerbaar::crypto::Bytes other{1, 2, 4};
    CHECK(weerbaar::client::keystore_digest(one).size() == 32);
    CHECK(weerbaar::client::keystore_digest(one) == weerbaar::client::keystore_digest(one));
    CHECK(weerbaar::client::keystore_digest(one) != weerbaar::client::keystore_digest(other));
}
