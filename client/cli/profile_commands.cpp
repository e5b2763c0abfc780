// Commands that look after the profile itself rather than the organisation.

#include <iostream>

#include "commands.h"
#include "passphrase_prompt.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/unlock_agent_client.h"

namespace weerbaar::cli {

Status run_passphrase_change(const std::filesystem::path& directory) {
    const client::Profile profile(directory);
    // A missing profile is reported before any passphrase is asked.
    WEERBAAR_TRY(profile.read_settings());
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer current,
                              obtain_passphrase(PassphrasePurpose::current));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer replacement,
                              obtain_passphrase(PassphrasePurpose::replace));
    WEERBAAR_TRY(client::change_profile_passphrase(profile, current, replacement));
    std::cout << "Wachtwoord gewijzigd / passphrase changed: het oude wachtwoord opent je "
                 "sleutels niet meer / the old passphrase no longer opens your keys"
              << std::endl;
    // Keys opened under the old passphrase are not kept open under the new one.
    if (const Result<bool> locked = client::lock_agent(directory); locked.ok() && locked.value()) {
        std::cout << "De ontgrendelde sessie is beëindigd; ontgrendel opnieuw met het nieuwe "
                     "wachtwoord / the unlocked session has ended; unlock again with the new "
                     "passphrase"
                  << std::endl;
    }
    return ok_status();
}

Status run_server_set_address(const std::filesystem::path& directory, const std::string& address) {
    const client::Profile profile(directory);
    WEERBAAR_ASSIGN_OR_RETURN(const client::ProfileSettings before, profile.read_settings());
    WEERBAAR_TRY(profile.set_server_address(address));
    std::cout << "Serveradres gewijzigd van " << before.server_address << " naar " << address
              << "; het vastgezette certificaat en de sleutels blijven gelden / server address "
                 "changed from "
              << before.server_address << " to " << address
              << "; the pinned certificate and keys still apply" << std::endl;
    return ok_status();
}

}  // namespace weerbaar::cli
