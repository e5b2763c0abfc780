#pragma once
// Setting up a profile: founding the organisation (`org create`) or asking to join
// it (`init`). Both write the profile only after the server accepted, so a refused
// setup leaves nothing behind.

#include <optional>
#include <string>

#include "weerbaar/client/profile.h"
#include "weerbaar/client/server_connection.h"

namespace weerbaar::client {

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
