#pragma once
// Setting up a profile: founding the organisation (`org create`) or asking to join
// it (`init`). Both write the profile only after the server accepted, so a refused
// setup leaves nothing behind.
//
// Every refusal names the input the person can change as Error::field, so a form
// marks it: kSetupFieldServer (the address, and an unreachable server),
// kSetupFieldCertificate, kSetupFieldBootstrapCode (wrong, used or malformed code),
// kSetupFieldUser (invalid, or taken by a member), kSetupFieldPassphrase (too short).
// A profile that exists already names no field.
//
// Threading: every call may wait on the network (10 s) or on Argon2id; call them off
// a GUI's UI thread. Any thread.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "weerbaar/client/profile.h"
#include "weerbaar/client/server_connection.h"

namespace weerbaar::client {

inline constexpr std::string_view kSetupFieldServer = "server";
inline constexpr std::string_view kSetupFieldCertificate = "server_certificate";
inline constexpr std::string_view kSetupFieldBootstrapCode = "bootstrap_code";
inline constexpr std::string_view kSetupFieldUser = "user";
inline constexpr std::string_view kSetupFieldPassphrase = "passphrase";
// A certificate file larger than this is not one (a PEM certificate is ~1 KiB).
inline constexpr std::size_t kMaxCertificateFileBytes = 64 * 1024;

// The endpoint as a person gives it: "host:port" (invalid_argument, field server)
// and the server's certificate file, read as PEM (invalid_argument, field
// server_certificate, when it cannot be read or holds no PEM certificate). Reads
// the file; no network.
[[nodiscard]] Result<ServerEndpoint> server_endpoint_from(
    std::string_view address, const std::filesystem::path& certificate_file);

// The user-name rule of the directory (invalid_argument, field user), checked before
// anything is sent. Pure.
[[nodiscard]] Status check_setup_user_name(const std::string& user);

struct FoundedOrganisation {
    std::string root_fingerprint;
    std::string member_fingerprint;
};

// Generates the root key and the founder's identity, certifies the founder as
// coordinator, registers both with the one-time bootstrap code. The founder's
// keystore holds the root key. The server's audit key is pinned as it answers right
// after (the founder trusts this server at this moment anyway).
[[nodiscard]] Result<FoundedOrganisation> create_organisation(
    const Profile& profile, const ServerEndpoint& endpoint, const std::string& bootstrap_code,
    const std::string& user, const crypto::SecretBuffer& passphrase);

struct OrganisationKey {
    crypto::Bytes root_sign_pk;
    std::string fingerprint;
    crypto::Bytes audit_sign_pk;  // pinned with the root key; empty if the server has none
};

// The root key (and audit key) as the server presents them; the user compares the
// root fingerprint with the coordinator's (by phone) before trusting it.
[[nodiscard]] Result<OrganisationKey> fetch_organisation_key(const ServerEndpoint& endpoint);

// integrity_failure unless `expected` (as read out by a coordinator) matches `key`.
[[nodiscard]] Status check_organisation_fingerprint(const OrganisationKey& key,
                                                    std::string_view expected);

// Generates an identity, requests enrolment, and pins `key` (and its audit key). Returns the member
// fingerprint the user reads to the coordinator.
[[nodiscard]] Result<std::string> request_enrolment(const Profile& profile,
                                                    const ServerEndpoint& endpoint,
                                                    const OrganisationKey& key,
                                                    const std::string& user,
                                                    const crypto::SecretBuffer& passphrase);

}  // namespace weerbaar::client
