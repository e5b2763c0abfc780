#include "weerbaar/client/server_certificate.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/tls_certificate_verifier.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <grpcpp/support/channel_arguments.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>

#include "weerbaar/client/server_connection.h"
#include "weerbaar/crypto/server_certificate_endorsement.h"
#include "weerbaar/v1/directory.grpc.pb.h"

namespace weerbaar::client {
namespace {

// The property gRPC's TLS stack puts the peer's certificate under, as PEM
// (GRPC_X509_PEM_CERT_PROPERTY_NAME in grpc/grpc_security_constants.h).
constexpr const char* kPeerCertificateProperty = "x509_pem_cert";
// Shorter than a call's: the probe comes after a call that failed already.
constexpr std::chrono::seconds kProbeDeadline{5};

struct X509Free {
    void operator()(X509* certificate) const noexcept { X509_free(certificate); }
};
struct BioFree {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};

Result<crypto::Bytes> der_of_pem(const std::string& pem) {
    const std::unique_ptr<BIO, BioFree> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    const std::unique_ptr<X509, X509Free> certificate(
        bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    const int size = certificate ? i2d_X509(certificate.get(), nullptr) : 0;
    if (size <= 0) {
        return Error(ErrorCode::invalid_argument, "not a PEM certificate");
    }
    crypto::Bytes der(static_cast<std::size_t>(size));
    unsigned char* out = der.data();
    if (i2d_X509(certificate.get(), &out) != size) {
        return Error(ErrorCode::invalid_argument, "not a PEM certificate");
    }
    return der;
}

std::string colon_hex(crypto::ByteView digest) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string text;
    for (std::size_t i = 0; i < digest.size(); ++i) {
        if (i > 0) {
            text.push_back(':');
        }
        text.push_back(kDigits[digest[i] >> 4]);
        text.push_back(kDigits[digest[i] & 0x0f]);
    }
    return text;
}

// A channel that completes any TLS handshake, so that the certificate shown can be
// read from the call and judged by the endorsement instead. Its own subchannel
// pool: no connection is shared with the pinned channel.
std::shared_ptr<grpc::Channel> open_unpinned_channel(const std::string& address) {
    grpc::experimental::TlsChannelCredentialsOptions options;
    options.set_verify_server_certs(false);
    options.set_check_call_host(false);
    options.set_certificate_verifier(
        std::make_shared<grpc::experimental::NoOpCertificateVerifier>());
    grpc::ChannelArguments arguments;
    arguments.SetSslTargetNameOverride(kServerCertificateName);
    arguments.SetMaxReceiveMessageSize(kMaxMessageBytes);
    arguments.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(address, grpc::experimental::TlsCredentials(options),
                                     arguments);
}

// A server that is starting, busy or slow has not said anything about itself yet.
bool transient(grpc::StatusCode code) {
    return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
           code == grpc::StatusCode::RESOURCE_EXHAUSTED || code == grpc::StatusCode::CANCELLED;
}

Error stranger(const std::string& fingerprint) {
    return Error(ErrorCode::integrity_failure,
                 "de server toont een ander certificaat (" + fingerprint +
                     ") dat de vastgezette sleutels van de organisatie niet bevestigen: mogelijk "
                     "een vreemde server; maak geen verbinding en bel de beheerder / the server "
                     "shows another certificate (" +
                     fingerprint +
                     ") that the organisation's pinned keys do not vouch for: possibly a "
                     "stranger's server; do not connect, call the operator");
}

}  // namespace

Result<std::string> server_certificate_fingerprint(const std::string& pem) {
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes der, der_of_pem(pem));
    return colon_hex(crypto::server_certificate_sha256(der));
}

Result<std::uint64_t> judge_presented_certificate(crypto::ByteView shown_der,
                                                  const v1::Organisation& organisation,
                                                  const ProfileSettings& pinned) {
    const crypto::ByteView root(reinterpret_cast<const std::uint8_t*>(  // NOLINT: bytes
                                    organisation.root_sign_pk().data()),
                                organisation.root_sign_pk().size());
    const crypto::ByteView endorsement(
        reinterpret_cast<const std::uint8_t*>(  // NOLINT: protobuf bytes are chars
            organisation.certificate_endorsement().data()),
        organisation.certificate_endorsement().size());
    const std::string fingerprint = colon_hex(crypto::server_certificate_sha256(shown_der));
    if (pinned.audit_sign_pk.empty()) {
        // A profile from before audit keys: nothing to check the new certificate with.
        return Error(ErrorCode::integrity_failure,
                     "de server toont een nieuw certificaat (" + fingerprint +
                         "), maar dit profiel heeft geen auditsleutel om het mee te controleren; "
                         "vraag de beheerder om het certificaat en vergelijk de vingerafdruk "
                         "telefonisch / the server shows a new certificate (" +
                         fingerprint +
                         "), but this profile pinned no audit key to check it with; get the "
                         "certificate from the operator and compare its fingerprint by phone");
    }
    if (root.size() != pinned.root_sign_pk.size() ||
        !crypto::equal_constant_time(root, pinned.root_sign_pk)) {
        return stranger(fingerprint);
    }
    const auto endorsed =
        crypto::verify_server_certificate_endorsement(endorsement, shown_der, pinned.audit_sign_pk);
    // An endorsement older than the one the pin came with is a certificate the
    // server has left behind: one whose key may have leaked (ADR 0010).
    if (!endorsed.ok() || endorsed.value().endorsed_at < pinned.certificate_endorsed_at) {
        return stranger(fingerprint);
    }
    return endorsed.value().endorsed_at;
}

Result<std::optional<FollowedCertificate>> follow_server_certificate(
    const Profile& profile, const ProfileSettings& settings, const std::string& pinned_pem) {
    const auto stub = v1::DirectoryService::NewStub(open_unpinned_channel(settings.server_address));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kProbeDeadline);
    v1::Organisation organisation;
    const grpc::Status answer =
        stub->GetOrganisation(&context, v1::GetOrganisationRequest{}, &organisation);
    // A connection that completed its handshake knows the certificate it was shown,
    // also when the server then refused the call.
    const auto auth = context.auth_context();
    const std::vector<grpc::string_ref> shown =
        auth ? auth->FindPropertyValues(kPeerCertificateProperty) : std::vector<grpc::string_ref>{};
    if (shown.size() != 1 || transient(answer.error_code())) {
        // Not reached, or not answered yet (starting, busy): the original error stands.
        return std::optional<FollowedCertificate>{};
    }
    const std::string shown_pem(shown.front().data(), shown.front().size());
    auto shown_der = der_of_pem(shown_pem);
    if (!shown_der.ok()) {
        return stranger("?");
    }
    const std::string fingerprint = colon_hex(crypto::server_certificate_sha256(shown_der.value()));
    auto pinned_der = der_of_pem(pinned_pem);
    if (!pinned_der.ok()) {
        return Error(ErrorCode::failed_precondition,
                     "het vastgezette servercertificaat in je profiel is beschadigd / the pinned "
                     "server certificate in the profile is damaged");
    }
    if (shown_der.value() == pinned_der.value()) {
        return std::optional<FollowedCertificate>{};  // the pin holds; the failure was another
    }
    if (!answer.ok()) {
        return stranger(fingerprint);  // it answered, but without an endorsement
    }
    // The pinned keys as the profile holds them now (an audit key pinned, or a
    // certificate followed, since this session opened).
    WEERBAAR_ASSIGN_OR_RETURN(const ProfileSettings pinned, profile.read_settings());
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t endorsed_at,
                              judge_presented_certificate(shown_der.value(), organisation, pinned));
    WEERBAAR_TRY(profile.replace_server_certificate(pinned_pem, shown_pem, endorsed_at));
    return std::optional<FollowedCertificate>{FollowedCertificate{shown_pem, fingerprint}};
}

}  // namespace weerbaar::client
