// profile.json, the one plain-text file of a profile (client/core profile.h,
// docs/cli.md "Profile"): read from a scratch profile directory as every command
// reads it. What reads must survive a rewrite (mark_trust_memory rewrites the file
// with one field changed) with every other field the same.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fuzz_support.h"
#include "weerbaar/client/profile.h"

using namespace weerbaar;

namespace {
// One scratch profile per process, removed at exit: under /dev/shm when there is one,
// so that the fuzzer does not write to disk on every run.
std::filesystem::path scratch_profile() {
    const std::filesystem::path base = std::filesystem::is_directory("/dev/shm")
                                           ? "/dev/shm"
                                           : std::filesystem::temp_directory_path();
    auto directory = base / ("weerbaar-fuzz-profile-" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory);
    std::ofstream(directory / "keystore") << "x";  // read_settings wants a profile
    static const std::filesystem::path removed_at_exit = directory;
    std::atexit([] {
        std::error_code ignored;
        std::filesystem::remove_all(removed_at_exit, ignored);
    });
    return directory;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::initialise_crypto();
    static const std::filesystem::path directory = scratch_profile();
    {
        std::ofstream out(directory / "profile.json", std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    const client::Profile profile(directory);
    const auto before = profile.read_settings();
    if (!before.ok()) {
        return 0;
    }
    fuzz::require(profile.mark_trust_memory().ok(), "a profile that reads cannot be rewritten");
    const auto after = profile.read_settings();
    fuzz::require(after.ok(), "a rewritten profile no longer reads");
    const auto& a = before.value();
    const auto& b = after.value();
    fuzz::require(a.server_address == b.server_address && a.user == b.user &&
                      a.root_sign_pk == b.root_sign_pk &&
                      a.root_fingerprint == b.root_fingerprint &&
                      a.audit_sign_pk == b.audit_sign_pk &&
                      a.certificate_endorsed_at == b.certificate_endorsed_at && b.trust_memory,
                  "rewriting a profile changed a field it should keep");
    return 0;
}
