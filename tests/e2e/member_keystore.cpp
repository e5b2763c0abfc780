#include "member_keystore.h"

#include <stdexcept>

namespace weerbaar::e2e {

crypto::KeystoreContents open_member_keystore(const CliRunner& cli, const std::string& user) {
    const std::string sealed = read_file(cli.profile(user) / "keystore");
    const auto passphrase = crypto::SecretBuffer::copy_of(crypto::as_bytes(kPassphrase));
    auto opened = crypto::open_keystore(crypto::as_bytes(sealed), passphrase);
    if (!opened.ok()) {
        throw std::runtime_error("keystore of " + user + ": " + opened.error().message());
    }
    return std::move(opened).value();
}

client::TrustStore open_trust_store(const CliRunner& cli, const std::string& user) {
    const crypto::KeystoreContents keys = open_member_keystore(cli, user);
    auto trust = client::TrustStore::open(cli.profile(user), keys.store_key);
    if (!trust.ok()) {
        throw std::runtime_error("trust memory of " + user + ": " + trust.error().message());
    }
    return std::move(trust).value();
}

}  // namespace weerbaar::e2e
