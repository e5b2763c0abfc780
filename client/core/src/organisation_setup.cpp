#include "weerbaar/client/organisation_setup.h"

#include <algorithm>
#include <ctime>

#include "proto_bytes.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/fingerprint.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/durable_file.h"
#include "weerbaar/v1/directory.grpc.pb.h"

namespace weerbaar::client {
namespace {

std::uint64_t now_unix() { return static_cast<std::uint64_t>(std::time(nullptr)); }

Status save_profile(const Profile& profile, const ServerEndpoint& endpoint,
                    const crypto::KeystoreContents& keys, const OrganisationKey& key,
                    const crypto::SecretBuffer& passphrase) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes sealed, seal_profile_keystore(keys, passphrase));
    const ProfileSettings settings{endpoint.address, keys.user, key.root_sign_pk,
                                   crypto::root_fingerprint(key.root_sign_pk), key.audit_sign_pk};
    WEERBAAR_TRY(profile.create(settings, endpoint.certificate_pem, sealed));
    // Our own key is the one check that needs no phone call.
    WEERBAAR_ASSIGN_OR_RETURN(TrustStore trust,
                              TrustStore::open(profile.directory(), keys.store_key));
    return trust.mark_key_verified(
        keys.user, crypto::member_fingerprint(keys.identity.signing.public_key(),
                                              keys.identity.encryption.public_key()));
}

// The same error, naming `field` (organisation_setup.h) unless it names one already.
Error at_field(const Error& error, std::string_view field) {
    if (!error.field().empty()) {
        return error;
    }
    return Error(error.code(), error.message(), std::string(field), error.hint());
}

Status at_field(const Status& status, std::string_view field) {
    if (status.ok()) {
        return status;
    }
    return at_field(status.error(), field);
}

// A refused call names the input the person can change: the server address when
// the server cannot be reached, otherwise `refused_field`.
Status rpc_at_field(const Status& status, std::string_view refused_field) {
    if (status.ok()) {
        return status;
    }
    const ErrorCode code = status.error().code();
    if (code == ErrorCode::unavailable) {
        return at_field(status.error(), kSetupFieldServer);
    }
    return at_field(status.error(), refused_field);
}

}  // namespace

Result<ServerEndpoint> server_endpoint_from(std::string_view address,
                                            const std::filesystem::path& certificate_file) {
    if (const Status checked = check_server_address(address); !checked.ok()) {
        return at_field(checked.error(), kSetupFieldServer);
    }
    auto pem = durable_file::read_whole_file(certificate_file);
    if (!pem.ok()) {
        return Error(ErrorCode::invalid_argument,
                     "kan het servercertificaat niet lezen / cannot read the server certificate",
                     std::string(kSetupFieldCertificate));
    }
    std::string text(pem.value().begin(), pem.value().end());
    if (text.size() > kMaxCertificateFileBytes ||
        text.find("-----BEGIN CERTIFICATE-----") == std::string::npos ||
        text.find("-----END CERTIFICATE-----") == std::string::npos) {
        return Error(ErrorCode::invalid_argument,
                     "dit is geen servercertificaat (PEM, '-----BEGIN CERTIFICATE-----') / this "
                     "is not a server certificate (PEM)",
                     std::string(kSetupFieldCertificate));
    }
    return ServerEndpoint{std::string(address), std::move(text)};
}

Status check_setup_user_name(const std::string& user) {
    return at_field(crypto::validate_new_user_name(user), kSetupFieldUser);
}

Result<FoundedOrganisation> create_organisation(const Profile& profile,
                                                const ServerEndpoint& endpoint,
                                                const std::string& bootstrap_code,
                                                const std::string& user,
                                                const crypto::SecretBuffer& passphrase) {
    WEERBAAR_TRY(profile.require_fresh());
    WEERBAAR_TRY(check_setup_user_name(user));
    WEERBAAR_TRY(at_field(check_new_passphrase(passphrase), kSetupFieldPassphrase));

    crypto::KeystoreContents keys{user, crypto::Identity::generate(),
                                  crypto::SigningKeyPair::generate(),
                                  crypto::SecretBuffer::random(crypto::kLocalStoreKeySize)};
    const crypto::Bytes root_pk = keys.root->public_key();
    crypto::CertificateBody body{user,
                                 crypto::Role::coordinator,
                                 keys.identity.signing.public_key(),
                                 keys.identity.encryption.public_key(),
                                 now_unix(),
                                 std::string(crypto::kRootIssuer),
                                 root_pk};
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Certificate certificate,
                              crypto::Certificate::issue(std::move(body), *keys.root));

    v1::CreateOrganisationRequest request;
    request.set_bootstrap_code(bootstrap_code);
    set_bytes(request.mutable_root_sign_pk(), root_pk);
    set_bytes(request.mutable_coordinator_certificate(), certificate.encode());
    v1::CreateOrganisationResponse response;
    grpc::ClientContext context;
    prepare_call(context, nullptr);
    const auto stub = v1::DirectoryService::NewStub(open_channel(endpoint));
    WEERBAAR_TRY(rpc_at_field(check_rpc(stub->CreateOrganisation(&context, request, &response),
                                        "create the organisation"),
                              kSetupFieldBootstrapCode));

    // The organisation exists now and only this keystore holds its root key, so the
    // profile is saved whatever happens next; an audit key that cannot be fetched
    // here is pinned on first use instead.
    OrganisationKey key{root_pk, crypto::root_fingerprint(root_pk), {}};
    if (auto presented = fetch_organisation_key(endpoint);
        presented.ok() && presented.value().root_sign_pk == root_pk) {
        key.audit_sign_pk = presented.value().audit_sign_pk;
    }
    WEERBAAR_TRY(save_profile(profile, endpoint, keys, key, passphrase));
    return FoundedOrganisation{crypto::root_fingerprint(root_pk), certificate.fingerprint()};
}

Result<OrganisationKey> fetch_organisation_key(const ServerEndpoint& endpoint) {
    v1::Organisation organisation;
    grpc::ClientContext context;
    prepare_call(context, nullptr);
    const auto stub = v1::DirectoryService::NewStub(open_channel(endpoint));
    WEERBAAR_TRY(rpc_at_field(
        check_rpc(stub->GetOrganisation(&context, v1::GetOrganisationRequest{}, &organisation),
                  "fetch the organisation key"),
        kSetupFieldServer));
    const crypto::Bytes root(organisation.root_sign_pk().begin(),
                             organisation.root_sign_pk().end());
    if (root.size() != crypto::kSignPublicKeySize) {
        return Error(ErrorCode::integrity_failure, "the server sent a malformed organisation key");
    }
    const crypto::Bytes audit(organisation.audit_sign_pk().begin(),
                              organisation.audit_sign_pk().end());
    if (!audit.empty() && audit.size() != crypto::kSignPublicKeySize) {
        return Error(ErrorCode::integrity_failure, "the server sent a malformed audit key");
    }
    return OrganisationKey{root, crypto::root_fingerprint(root), audit};
}

Status check_organisation_fingerprint(const OrganisationKey& key, std::string_view expected) {
    if (!crypto::fingerprints_match(key.fingerprint, expected)) {
        return Error(ErrorCode::integrity_failure,
                     "the organisation key fingerprint does not match the one you were given");
    }
    return ok_status();
}

Result<std::string> request_enrolment(const Profile& profile, const ServerEndpoint& endpoint,
                                      const OrganisationKey& key, const std::string& user,
                                      const crypto::SecretBuffer& passphrase) {
    WEERBAAR_TRY(profile.require_fresh());
    WEERBAAR_TRY(check_setup_user_name(user));
    WEERBAAR_TRY(at_field(check_new_passphrase(passphrase), kSetupFieldPassphrase));

    crypto::KeystoreContents keys{user, crypto::Identity::generate(), std::nullopt,
                                  crypto::SecretBuffer::random(crypto::kLocalStoreKeySize)};
    const crypto::Identity& identity = keys.identity;
    v1::EnrolmentRequest request;
    request.set_user(user);
    set_bytes(request.mutable_sign_pk(), identity.signing.public_key());
    set_bytes(request.mutable_enc_pk(), identity.encryption.public_key());
    set_bytes(request.mutable_signature(), crypto::sign_enrolment(identity, user));
    v1::EnrolmentResponse response;
    grpc::ClientContext context;
    prepare_call(context, nullptr);
    const auto stub = v1::DirectoryService::NewStub(open_channel(endpoint));
    WEERBAAR_TRY(rpc_at_field(check_rpc(stub->RequestEnrolment(&context, request, &response),
                                        "request enrolment for '" + user + "'"),
                              kSetupFieldUser));

    WEERBAAR_TRY(save_profile(profile, endpoint, keys, key, passphrase));
    return crypto::member_fingerprint(identity.signing.public_key(),
                                      identity.encryption.public_key());
}

}  // namespace weerbaar::client
