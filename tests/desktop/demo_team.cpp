#include "demo_team.h"

#include <stdexcept>

#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_writer.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/client/member_approval.h"
#include "weerbaar/client/organisation_setup.h"
#include "weerbaar/client/session.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::desktop::testing {

namespace {

crypto::SecretBuffer demo_passphrase() {
    const std::string_view text = kDemoPassphrase;
    return crypto::SecretBuffer::copy_of(crypto::ByteView(
        reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));  // NOLINT
}

template <typename T>
T must(Result<T> result, const std::string& what) {
    if (!result.ok()) {
        throw std::runtime_error(what + ": " + result.error().message());
    }
    return std::move(result).value();
}

void must(const Status& status, const std::string& what) {
    if (!status.ok()) {
        throw std::runtime_error(what + ": " + status.error().message());
    }
}

client::ServerEndpoint endpoint_of(e2e::TestServer& server) {
    return client::ServerEndpoint{server.address(), e2e::read_file(server.certificate())};
}

}  // namespace

DemoTeam::DemoTeam(const std::map<std::string, std::string>& members)
    : server_(dir_.path() / "server") {
    if (!crypto::initialise().ok()) {
        throw std::runtime_error("libsodium");
    }
    server_.start();
    const client::ServerEndpoint endpoint = endpoint_of(server_);
    const client::FoundedOrganisation founded =
        must(client::create_organisation(client::Profile(profile("anne")), endpoint,
                                         server_.bootstrap_code(), "anne", demo_passphrase()),
             "org create");
    root_fingerprint_ = founded.root_fingerprint;
    fingerprints_["anne"] = founded.member_fingerprint;
    for (const auto& [user, role] : members) {
        fingerprints_[user] = request_enrolment(user);
    }
    if (members.empty()) {
        return;
    }
    client::Session anne =
        must(client::Session::open(client::Profile(profile("anne")), demo_passphrase()),
             "anne's session");
    client::TrustStore trust =
        must(client::TrustStore::open(profile("anne"), anne.keys().store_key), "anne's trust");
    client::MemberDirectory directory(anne, trust);
    for (const auto& [user, role] : members) {
        (void)must(
            client::approve_member(anne, directory, user, role, fingerprints_.at(user), false),
            "approve " + user);
    }
}

DemoTeam::~DemoTeam() { (void)server_.stop(); }

std::filesystem::path DemoTeam::profile(const std::string& user) const {
    return dir_.path() / "profiles" / user;
}

std::string DemoTeam::request_enrolment(const std::string& user) {
    const client::ServerEndpoint endpoint = endpoint_of(server_);
    const client::OrganisationKey key = must(client::fetch_organisation_key(endpoint), "org key");
    return must(client::request_enrolment(client::Profile(profile(user)), endpoint, key, user,
                                          demo_passphrase()),
                "init " + user);
}

std::string DemoTeam::open_case(const std::string& user) {
    client::Session session =
        must(client::Session::open(client::Profile(profile(user)), demo_passphrase()),
             user + "'s session");
    client::TrustStore trust =
        must(client::TrustStore::open(profile(user), session.keys().store_key), "trust");
    client::MemberDirectory directory(session, trust);
    const v1::Intake intake =
        must(client::read_intake_file(WEERBAAR_EXAMPLE_INTAKE, client::local_today()), "intake");
    const crypto::Bytes id = must(client::create_case(session, directory, intake), "case new");
    return client::format_case_id(id);
}

}  // namespace weerbaar::desktop::testing
