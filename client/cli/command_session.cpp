#include "command_session.h"

#include <iostream>

#include "passphrase_prompt.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/error_message.h"
#include "weerbaar/client/unlock_agent_client.h"

namespace weerbaar::cli {

namespace {

// One line on stderr, so that output a script reads stays the same.
void tell_certificate_followed(const client::FollowedCertificate& followed) {
    std::cerr << "de server heeft een nieuw certificaat, bevestigd door zijn vastgezette "
                 "auditsleutel; vingerafdruk "
              << followed.fingerprint
              << " / the server has a new certificate, endorsed by its pinned audit key; "
                 "fingerprint "
              << followed.fingerprint << std::endl;
}

}  // namespace

Result<client::Session> open_session(const std::filesystem::path& directory) {
    const client::Profile profile(directory);
    WEERBAAR_TRY(profile.read_settings());
    // After `weerbaar unlock` the agent holds the opened keys; without one this finds
    // nothing and the passphrase is asked exactly as before.
    if (std::optional<crypto::KeystoreContents> keys = client::keys_from_agent(profile)) {
        return client::Session::open_with_keys(profile, std::move(*keys),
                                               tell_certificate_followed);
    }
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer passphrase,
                              obtain_passphrase(PassphrasePurpose::unlock));
    return client::Session::open(profile, passphrase, tell_certificate_followed);
}

Result<client::TrustStore> open_trust(const client::Session& session) {
    return client::TrustStore::open(session.profile().directory(), session.keys().store_key);
}

Result<CommandSession> open_command_session(const std::filesystem::path& directory) {
    WEERBAAR_ASSIGN_OR_RETURN(client::Session session, open_session(directory));
    WEERBAAR_ASSIGN_OR_RETURN(client::TrustStore trust, open_trust(session));
    return CommandSession{std::move(session), std::move(trust)};
}

// dump() throws on a string that is not UTF-8; the replace handler makes that
// impossible (an invalid byte becomes U+FFFD), so JSON output never fails.
void print_json(const nlohmann::json& value) {
    std::cout << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void warn_after_write(const client::AppendedRecord& appended) {
    if (appended.research_problem) {
        std::cerr << "let op / warning: de onderzoekscodes van deze zaak zijn niet bijgewerkt ("
                  << client::one_line_message(*appended.research_problem)
                  << "); 'research backfill' haalt dat in / the research codes of this case were "
                     "not updated; 'research backfill' catches up"
                  << std::endl;
    }
    if (appended.retention_until_unix == 0) {
        return;
    }
    const std::string until = client::utc_date(appended.retention_until_unix);
    std::cerr << "let op / warning: deze zaak is gesloten en wordt gewist op " << until
              << "; heropen haar met 'case status' als het werk doorgaat / this case is closed "
                 "and will be deleted on "
              << until << "; reopen it with 'case status' if the work goes on" << std::endl;
}

}  // namespace weerbaar::cli
