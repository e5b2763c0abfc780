// `weerbaar org split-root | root-shares | release-share | recover-root`: the
// organisation root key in shares (docs/adr/0008-root-key-shares.md). Checks that need
// no server run before the passphrase is asked.
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "command_session.h"
#include "commands.h"
#include "passphrase_prompt.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/root_key_shares.h"

namespace weerbaar::cli {
namespace {

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out;
}

// The split id as people compare it: the first 8 bytes in hex.
std::string short_split_id(const crypto::Bytes& split_id) {
    return crypto::to_hex(split_id).substr(0, 16);
}

void warn_revoked_holders(const client::RootKeySplitState& state) {
    if (state.revoked_holders.empty()) {
        return;
    }
    std::cerr << "let op / warning: " << joined(state.revoked_holders)
              << " heeft/hebben een deel maar is/zijn geen actieve coördinator meer; deel de "
                 "organisatiesleutel opnieuw op met 'weerbaar org split-root' / "
              << joined(state.revoked_holders)
              << " hold(s) a share but is/are no longer an active coordinator; split the root key "
                 "again with 'weerbaar org split-root'"
              << std::endl;
}

}  // namespace

Status run_org_split_root(const std::filesystem::path& directory, const RootSplitOptions& options) {
    const client::RootKeySplitRequest request{options.shares, options.threshold, options.to};
    // Before the passphrase: numbers that can never work.
    WEERBAAR_TRY(client::check_root_key_split_request(request));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::RootKeySplitSummary summary,
                              client::split_organisation_root_key(open.session, members, request));
    std::cout << "Organisatiesleutel opgedeeld in " << summary.holders.size() << " delen, "
              << summary.threshold << " nodig om hem te herstellen / root key split into "
              << summary.holders.size() << " shares, " << summary.threshold
              << " needed to recover it\n"
              << "Deling / split: " << short_split_id(summary.split_id) << "\n"
              << "Houders / holders: " << joined(summary.holders) << "\n"
              << "Eerdere delen tellen niet meer mee met deze / earlier shares do not combine "
                 "with these."
              << std::endl;
    return ok_status();
}

Status run_org_root_shares(const std::filesystem::path& directory) {
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<client::RootKeySplitState> state,
                              client::fetch_root_key_split(open.session, members));
    if (!state) {
        std::cout << "De organisatiesleutel is niet opgedeeld / the root key has not been split"
                  << std::endl;
        return ok_status();
    }
    std::vector<std::string> holders;
    for (const crypto::RootKeyShare& share : state->shares) {
        holders.push_back(share.body().holder);
    }
    std::cout << "Deling / split: " << short_split_id(state->split_id) << " door / by "
              << state->splitter << "\n"
              << "Drempel / threshold: " << state->threshold << " van / of " << state->shares.size()
              << "\n"
              << "Houders / holders: " << joined(holders) << std::endl;
    warn_revoked_holders(*state);
    return ok_status();
}

Status run_org_release_share(const std::filesystem::path& directory, const std::string& to) {
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_TRY(client::release_root_key_share(open.session, members, to));
    std::cout << "Je deel van de organisatiesleutel is versleuteld voor " << to
              << " klaargezet / your root key share is sealed to " << to << " and waiting"
              << std::endl;
    return ok_status();
}

Status run_org_recover_root(const std::filesystem::path& directory) {
    const client::Profile profile(directory);
    WEERBAAR_TRY(profile.read_settings());
    // Always the passphrase, never the unlock agent: the keystore is resealed with it.
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase,
                              obtain_passphrase(PassphrasePurpose::current));
    WEERBAAR_ASSIGN_OR_RETURN(client::Session session, client::Session::open(profile, passphrase));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    client::MemberDirectory members(session, trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::RootKeyRecovery recovery,
                              client::recover_root_key(session, members, passphrase));
    std::cout << "Organisatiesleutel hersteld uit de delen van " << joined(recovery.holders)
              << ", gecontroleerd tegen de vastgelegde organisatiesleutel en opgeslagen in je "
                 "sleutelopslag / root key recovered from the shares of "
              << joined(recovery.holders)
              << ", checked against the pinned root key and stored in your keystore\n"
              << "Deel hem opnieuw op met 'weerbaar org split-root' / split it again with "
                 "'weerbaar org split-root'"
              << std::endl;
    return ok_status();
}

}  // namespace weerbaar::cli
