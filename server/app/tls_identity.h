#pragma once
// The server's TLS identity: an EC P-256 key and a self-signed certificate (10
// years, CN and SAN weerbaar-server, SAN localhost and 127.0.0.1), made with
// libcrypto on first start. Clients pin this exact certificate and connect with
// the target name "weerbaar-server", so the address the server runs on does not
// matter to them.

#include <string>
#include <vector>

#include "data_directory.h"
#include "weerbaar/protocol_limits.h"
#include "weerbaar/result.h"

namespace weerbaar::server {

inline constexpr const char* kTlsServerName = protocol::kServerCertificateName;

struct TlsIdentity {
    std::string private_key_pem;
    std::string certificate_pem;
    // The certificate's DER: what the audit key endorses (ADR 0010).
    std::vector<std::uint8_t> certificate_der;
    // SHA-256 of the DER certificate, upper-case hex pairs joined by ':'.
    std::string fingerprint;
    bool created = false;  // made on this start
};

[[nodiscard]] Result<TlsIdentity> load_or_create_tls_identity(const DataDirectory& directory);

// The SHA-256 fingerprint of a PEM certificate.
[[nodiscard]] Result<std::string> certificate_fingerprint(const std::string& certificate_pem);

}  // namespace weerbaar::server
