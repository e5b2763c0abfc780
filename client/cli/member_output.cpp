#include "member_output.h"

#include <iomanip>
#include <ostream>

#include "case_output.h"
#include "local_time.h"

namespace weerbaar::cli {
namespace {

std::vector<std::string> chain_of(const client::VerifiedMember& member) {
    std::vector<std::string> chain{std::string(crypto::kRootIssuer)};
    if (member.certificate.body().issuer != crypto::kRootIssuer) {
        chain.push_back(member.certificate.body().issuer);
    }
    chain.push_back(member.user());
    return chain;
}

// A revocation this client saw that the server no longer shows.
bool rolled_back(const client::VerifiedMember& member) {
    return member.revocation_remembered && member.active && !member.revocation;
}

std::string status_of(const client::VerifiedMember& member) {
    if (rolled_back(member)) {
        return "revocation_rolled_back";
    }
    return member.revoked() || !member.active ? "revoked" : "active";
}

// Whether the person at this client compared the key, in a few words.
std::string checked_by_you(const client::VerifiedMember& member) {
    if (member.key == client::KeySighting::changed) {
        return "SLEUTEL GEWIJZIGD, niet door jou geverifieerd / KEY CHANGED, not verified by you";
    }
    return member.key_verified ? "geverifieerd door jou / verified by you"
                               : "niet door jou geverifieerd / not verified by you";
}

}  // namespace

void print_members(std::ostream& out, const std::vector<client::VerifiedMember>& members) {
    for (const client::VerifiedMember& member : members) {
        out << std::left << std::setw(20) << member.user() << " " << std::setw(12)
            << crypto::role_name(member.role()) << " " << std::setw(9)
            << (member.active && !member.revoked() ? "actief" : "ingetrokken") << " "
            << member.certificate.fingerprint() << "  " << checked_by_you(member)
            << "  (uitgegeven door / issued by " << member.certificate.body().issuer
            << ", keten geverifieerd / chain verified)\n";
    }
}

void print_recipient_advice(std::ostream& out, const client::RecipientAdvice& advice) {
    if (!advice.similar_names.empty()) {
        std::string names;
        for (const std::string& name : advice.similar_names) {
            names += (names.empty() ? "" : ", ") + name;
        }
        out << "LET OP / WARNING: '" << advice.user
            << "' verschilt maar een teken van / is one character from: " << names
            << "; controleer dat je de juiste persoon bedoelt / make sure this is the person you "
               "mean\n";
    }
    if (!advice.verified) {
        out << "let op / warning: je hebt de sleutel van " << advice.user
            << " nooit gecontroleerd / you never verified the key of " << advice.user
            << "; vingerafdruk / fingerprint: " << advice.fingerprint
            << "; bel op een bekend nummer en voer uit / call on a known number, then run: "
               "weerbaar member verify "
            << advice.user << " --fingerprint \"" << advice.fingerprint << "\"\n";
    }
}

nlohmann::json members_json(const std::vector<client::VerifiedMember>& members) {
    nlohmann::json out = nlohmann::json::array();
    for (const client::VerifiedMember& member : members) {
        out.push_back({{"user", member.user()},
                       {"role", std::string(crypto::role_name(member.role()))},
                       {"active", member.active},
                       {"fingerprint", member.certificate.fingerprint()},
                       {"issuer", member.certificate.body().issuer},
                       {"chain_verified", true},
                       {"verified", member.key_verified},
                       {"key_changed", member.key == client::KeySighting::changed}});
    }
    return out;
}

void print_member(std::ostream& out, const client::VerifiedMember& member) {
    const std::string fingerprint = member.certificate.fingerprint();
    out << member.user() << "\n";
    out << "  rol / role: " << crypto::role_name(member.role()) << "\n";
    out << "  status: ";
    if (rolled_back(member)) {
        out << "INGETROKKEN / REVOKED, maar de server toont actief / but the server lists "
               "the member as active: revocation rolled back?\n";
    } else if (member.revoked() || !member.active) {
        out << "ingetrokken / revoked\n";
    } else {
        out << "actief / active\n";
    }
    out << "  vingerafdruk / fingerprint: " << fingerprint << "\n";
    out << "  keten / chain: ";
    const std::vector<std::string> chain = chain_of(member);
    for (std::size_t i = 0; i < chain.size(); ++i) {
        out << (i == 0 ? "" : " -> ") << chain[i];
    }
    out << " (geverifieerd tegen de organisatiesleutel / verified against the organisation key)\n";
    out << "  door jou gecontroleerd / verified by you: "
        << (member.key_verified ? "ja / yes" : "nee / no") << "\n";
    if (member.key == client::KeySighting::changed) {
        out << "  SLEUTEL GEWIJZIGD / KEY CHANGED: eerder / previously " << member.known_fingerprint
            << "\n  controleer telefonisch / check it by phone, then run: weerbaar member verify "
            << member.user() << " --fingerprint \"" << fingerprint << "\"\n";
    } else if (!member.key_verified) {
        out << "  controleer telefonisch / check it by phone, then run: weerbaar member verify "
            << member.user() << " --fingerprint \"" << fingerprint << "\"\n";
    }
    if (member.revocation) {
        const crypto::RevocationBody& body = member.revocation->body();
        out << "  ingetrokken door / revoked by " << body.revoker << " at "
            << format_local_time(static_cast<std::int64_t>(body.revoked_at)) << " (revocation "
            << crypto::to_hex(member.revocation->hash()) << ")\n";
    } else if (member.revocation_remembered) {
        out << "  ingetrokken / revoked: a revocation you saw earlier (trust.json)\n";
    }
}

nlohmann::json member_json(const client::VerifiedMember& member) {
    nlohmann::json revocation = nullptr;
    if (member.revocation) {
        const crypto::RevocationBody& body = member.revocation->body();
        revocation = {{"revoker", body.revoker},
                      {"revoked_at", format_time(static_cast<std::int64_t>(body.revoked_at))},
                      {"hash", crypto::to_hex(member.revocation->hash())},
                      {"certificate_hash", crypto::to_hex(body.certificate_hash)}};
    } else if (member.revocation_remembered) {
        revocation = {{"remembered", true},
                      {"certificate_hash", crypto::to_hex(member.certificate.hash())}};
    }
    nlohmann::json out = {{"user", member.user()},
                          {"role", std::string(crypto::role_name(member.role()))},
                          {"active", member.active},
                          {"status", status_of(member)},
                          {"revoked", member.revoked()},
                          {"fingerprint", member.certificate.fingerprint()},
                          {"chain", chain_of(member)},
                          {"chain_verified", true},
                          {"verified", member.key_verified},
                          {"key_changed", member.key == client::KeySighting::changed},
                          {"revocation", std::move(revocation)}};
    if (member.key == client::KeySighting::changed) {
        out["previous_fingerprint"] = member.known_fingerprint;
    }
    return out;
}

}  // namespace weerbaar::cli
