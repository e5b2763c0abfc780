// The checks of organisation_setup.h that need no server: each refusal names the
// field a setup form marks. (The server's refusals are covered end to end by
// tests/desktop/first_run_wizard_e2e_test.cpp.)
#include "weerbaar/client/organisation_setup.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "scratch_directory.h"

using namespace weerbaar::client;

namespace {

std::filesystem::path write(const std::filesystem::path& path, const std::string& text) {
    std::ofstream(path) << text;
    return path;
}

constexpr const char* kPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

}  // namespace

TEST_CASE("a server address without a port is refused at the server field", "[setup]") {
    testing::ScratchDirectory dir;
    const auto certificate = write(dir.path() / "server.crt", kPem);
    for (const char* address : {"localhost", "localhost:", ":50051", "host:99999", "host:5x"}) {
        INFO(address);
        const auto endpoint = server_endpoint_from(address, certificate);
        REQUIRE(!endpoint.ok());
        CHECK(endpoint.error().field() == kSetupFieldServer);
    }
    const auto endpoint = server_endpoint_from("127.0.0.1:50051", certificate);
    REQUIRE(endpoint.ok());
    CHECK(endpoint.value().address == "127.0.0.1:50051");
    CHECK(endpoint.value().certificate_pem == kPem);
}

TEST_CASE("a missing or non-PEM certificate file is refused at the certificate field", "[setup]") {
    testing::ScratchDirectory dir;
    const auto missing = server_endpoint_from("host:1", dir.path() / "absent.crt");
    REQUIRE(!missing.ok());
    CHECK(missing.error().field() == kSetupFieldCertificate);
    const auto not_pem =
        server_endpoint_from("host:1", write(dir.path() / "photo.jpg", "\xff\xd8 not a cert"));
    REQUIRE(!not_pem.ok());
    CHECK(not_pem.error().field() == kSetupFieldCertificate);
}

TEST_CASE("an invalid user name is refused at the user field", "[setup]") {
    CHECK(check_setup_user_name("bram").ok());
    const weerbaar::Status bad = check_setup_user_name("Bram de Boer");
    REQUIRE(!bad.ok());
    CHECK(bad.error().field() == kSetupFieldUser);
}

TEST_CASE("a short passphrase is refused before anything is sent, and nothing is written",
          "[setup]") {
    REQUIRE(weerbaar::crypto::initialise().ok());
    testing::ScratchDirectory dir;
    const Profile profile(dir.path() / "profile");
    const auto passphrase = weerbaar::crypto::SecretBuffer::copy_of(
        weerbaar::crypto::ByteView(reinterpret_cast<const std::uint8_t*>("kort"), 4));  // NOLINT
    // No server listens here: the passphrase is refused before any call.
    const auto founded = create_organisation(profile, ServerEndpoint{"127.0.0.1:1", kPem}, "code",
                                             "anne", passphrase);
    REQUIRE(!founded.ok());
    CHECK(founded.error().field() == kSetupFieldPassphrase);
    CHECK(!std::filesystem::exists(profile.directory()));
}

TEST_CASE("an unreachable server is refused at the server field and writes nothing",
          "[setup][network]") {
    testing::ScratchDirectory dir;
    const auto key = fetch_organisation_key(ServerEndpoint{"127.0.0.1:1", kPem});
    REQUIRE(!key.ok());
    CHECK(key.error().field() == kSetupFieldServer);
}
