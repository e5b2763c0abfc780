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

}  // namespace weerbaar::e2e
