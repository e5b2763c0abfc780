#include "command_session.h"

#include <iostream>

#include "passphrase_prompt.h"

namespace weerbaar::cli {

Result<client::Session> open_session(const std::filesystem::path& directory) {
    const client::Profile profile(directory);
    WEERBAAR_TRY(profile.read_settings());
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase,
                              obtain_passphrase(PassphrasePurpose::unlock));
    return client::Session::open(profile, passphrase);
}

Result<client::TrustStore> open_trust(const std::filesystem::path& directory) {
    return client::TrustStore::load(directory);
}

// dump() throws on a string that is not UTF-8; the replace handler makes that
// impossible (an invalid byte becomes U+FFFD), so JSON output never fails.
void print_json(const nlohmann::json& value) {
    std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace weerbaar::cli
