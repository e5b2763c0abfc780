// `logout`: the end of a working session, for a shared or a lost machine. The
// session commands reuse (the token in the profile's local store) ends at the
// server, so that a copy of the store is worth nothing, and the unlock agent wipes
// the keys it holds.
#include <iostream>
#include <optional>
#include <string>

#include "commands.h"
#include "passphrase_prompt.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/unlock_agent_client.h"

namespace weerbaar::cli {

Status run_logout(const std::filesystem::path& directory) {
    const client::Profile profile(directory);
    WEERBAAR_TRY(profile.read_settings());
    // The token sits in the encrypted local store: its key comes with the keystore,
    // from the agent if one holds it, otherwise from the passphrase.
    std::optional<crypto::KeystoreContents> keys = client::keys_from_agent(profile);
    if (!keys) {
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase,
                                  obtain_passphrase(PassphrasePurpose::unlock));
        WEERBAAR_ASSIGN_OR_RETURN(keys, client::open_profile_keystore(profile, passphrase));
    }
    // Locked first, so that a server that cannot be reached leaves no keys open; and
    // an agent that cannot be told does not keep the session alive either.
    const Result<bool> locked = client::lock_agent(directory);
    WEERBAAR_ASSIGN_OR_RETURN(const bool ended,
                              client::Session::logout_cached(profile, std::move(*keys)));
    if (!locked.ok()) {
        return locked.error();
    }
    const bool was_unlocked = locked.value();

    std::string dutch = ended ? "Afgemeld: je sessie bij de server is beëindigd"
                              : "Afgemeld: er liep geen sessie bij de server";
    std::string english = ended ? "logged out: your session at the server has ended"
                                : "logged out: no session at the server was running";
    if (was_unlocked) {
        dutch += "; je sleutels zijn uit het geheugen gewist";
        english += "; your keys are wiped from memory";
    }
    std::cout << dutch << " / " << english << std::endl;
    return ok_status();
}

}  // namespace weerbaar::cli
