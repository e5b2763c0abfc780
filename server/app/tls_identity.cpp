#include "tls_identity.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "private_file.h"

namespace weerbaar::server {
namespace {

struct BioFree {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};
struct KeyFree {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct X509Free {
    void operator()(X509* certificate) const noexcept { X509_free(certificate); }
};
struct ExtensionFree {
    void operator()(X509_EXTENSION* extension) const noexcept { X509_EXTENSION_free(extension); }
};
struct BignumFree {
    void operator()(BIGNUM* number) const noexcept { BN_free(number); }
};
using UniqueBio = std::unique_ptr<BIO, BioFree>;
using UniqueKey = std::unique_ptr<EVP_PKEY, KeyFree>;
using UniqueX509 = std::unique_ptr<X509, X509Free>;

constexpr long kValiditySeconds = 10L * 365 * 24 * 60 * 60;
constexpr std::size_t kMaxPemBytes = std::size_t{16} * 1024;

Error openssl_error(std::string_view what) {
    return Error(ErrorCode::internal, "cannot make the TLS identity: " + std::string(what));
}

std::string bio_contents(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(size));
}

Status add_extension(X509* certificate, int nid, const char* value) {
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
    std::unique_ptr<X509_EXTENSION, ExtensionFree> extension(
        X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1) {
        return openssl_error("extension");
    }
    return ok_status();
}

std::string fingerprint_of(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    X509_digest(certificate, EVP_sha256(), digest, &size);
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string text;
    for (unsigned int i = 0; i < size; ++i) {
        if (i > 0) {
            text.push_back(':');
        }
        text.push_back(kDigits[digest[i] >> 4]);
        text.push_back(kDigits[digest[i] & 0x0f]);
    }
    return text;
}

Result<std::vector<std::uint8_t>> der_of(X509* certificate) {
    const int size = i2d_X509(certificate, nullptr);
    if (size <= 0) {
        return openssl_error("DER");
    }
    std::vector<std::uint8_t> der(static_cast<std::size_t>(size));
    unsigned char* out = der.data();
    if (i2d_X509(certificate, &out) != size) {
        return openssl_error("DER");
    }
    return der;
}

Result<TlsIdentity> create_identity() {
    UniqueKey key(EVP_EC_gen("P-256"));
    if (!key) {
        return openssl_error("key generation");
    }
    UniqueX509 certificate(X509_new());
    if (!certificate || X509_set_version(certificate.get(), 2) != 1) {
        return openssl_error("certificate");
    }
    unsigned char serial_bytes[16];
    if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) {
        return openssl_error("serial");
    }
    serial_bytes[0] &= 0x7f;  // a positive serial number
    std::unique_ptr<BIGNUM, BignumFree> serial(
        BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr));
    if (!serial ||
        BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) == nullptr) {
        return openssl_error("serial");
    }
    if (X509_gmtime_adj(X509_getm_notBefore(certificate.get()), 0) == nullptr ||
        X509_gmtime_adj(X509_getm_notAfter(certificate.get()), kValiditySeconds) == nullptr) {
        return openssl_error("validity");
    }
    X509_NAME* name = X509_get_subject_name(certificate.get());
    if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                   reinterpret_cast<const unsigned char*>(kTlsServerName), -1, -1,
                                   0) != 1 ||
        X509_set_issuer_name(certificate.get(), name) != 1 ||
        X509_set_pubkey(certificate.get(), key.get()) != 1) {
        return openssl_error("names");
    }
    WEERBAAR_TRY(add_extension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE"));
    WEERBAAR_TRY(add_extension(certificate.get(), NID_key_usage, "critical,digitalSignature"));
    WEERBAAR_TRY(add_extension(certificate.get(), NID_ext_key_usage, "serverAuth"));
    WEERBAAR_TRY(add_extension(certificate.get(), NID_subject_key_identifier, "hash"));
    WEERBAAR_TRY(add_extension(certificate.get(), NID_subject_alt_name,
                               "DNS:weerbaar-server,DNS:localhost,IP:127.0.0.1"));
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
        return openssl_error("signature");
    }

    UniqueBio key_bio(BIO_new(BIO_s_mem()));
    UniqueBio certificate_bio(BIO_new(BIO_s_mem()));
    if (!key_bio || !certificate_bio ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
            1 ||
        PEM_write_bio_X509(certificate_bio.get(), certificate.get()) != 1) {
        return openssl_error("PEM");
    }
    TlsIdentity identity;
    identity.private_key_pem = bio_contents(key_bio.get());
    identity.certificate_pem = bio_contents(certificate_bio.get());
    identity.fingerprint = fingerprint_of(certificate.get());
    WEERBAAR_ASSIGN_OR_RETURN(identity.certificate_der, der_of(certificate.get()));
    identity.created = true;
    return identity;
}

Result<UniqueX509> parse_certificate(const std::string& pem) {
    UniqueBio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    UniqueX509 certificate(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!certificate) {
        return Error(ErrorCode::failed_precondition, "the TLS certificate does not parse");
    }
    return certificate;
}

}  // namespace

Result<std::string> certificate_fingerprint(const std::string& certificate_pem) {
    WEERBAAR_ASSIGN_OR_RETURN(auto certificate, parse_certificate(certificate_pem));
    return fingerprint_of(certificate.get());
}

Result<TlsIdentity> load_or_create_tls_identity(const DataDirectory& directory) {
    std::error_code error;
    const bool have_key = std::filesystem::exists(directory.tls_key(), error);
    const bool have_certificate = std::filesystem::exists(directory.tls_certificate(), error);
    if (have_key != have_certificate) {
        return Error(ErrorCode::failed_precondition,
                     "only one of server.key and server.crt exists; restore both, or remove both "
                     "to make a new identity (clients must then pin the new certificate)");
    }
    if (!have_key) {
        WEERBAAR_ASSIGN_OR_RETURN(TlsIdentity identity, create_identity());
        WEERBAAR_TRY(write_private_file(directory.tls_key(), identity.private_key_pem));
        // 0600 like every file here: clients pin the fingerprint the operator reads
        // them, or get the file from the operator; no other local user needs it.
        const Status certificate_written =
            write_private_file(directory.tls_certificate(), identity.certificate_pem);
        if (!certificate_written.ok()) {
            // The two files are one identity: a key left without its certificate
            // would make every later start refuse ("only one of ... exists") over a
            // disk error the operator has since fixed. The key is this start's own
            // (write_private_file never replaces a file), and no client has seen it.
            std::filesystem::remove(directory.tls_key(), error);
            return certificate_written.error();
        }
        return identity;
    }
    TlsIdentity identity;
    WEERBAAR_ASSIGN_OR_RETURN(identity.private_key_pem,
                              read_private_file(directory.tls_key(), kMaxPemBytes));
    std::ifstream in(directory.tls_certificate(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    identity.certificate_pem = text.str();
    WEERBAAR_ASSIGN_OR_RETURN(const auto certificate, parse_certificate(identity.certificate_pem));
    identity.fingerprint = fingerprint_of(certificate.get());
    WEERBAAR_ASSIGN_OR_RETURN(identity.certificate_der, der_of(certificate.get()));
    return identity;
}

}  // namespace weerbaar::server
