#include "member_output.h"

#include <iomanip>
#include <ostream>

namespace weerbaar::cli {

void print_members(std::ostream& out, const std::vector<client::VerifiedMember>& members) {
    for (const client::VerifiedMember& member : members) {
        out << std::left << std::setw(20) << member.user() << " " << std::setw(12)
            << crypto::role_name(member.role()) << " " << std::setw(9)
            << (member.active ? "actief" : "ingetrokken") << " " << member.certificate.fingerprint()
            << "  (uitgegeven door / issued by " << member.certificate.body().issuer
            << ", keten geverifieerd / chain verified)\n";
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
                       {"verified", true}});
    }
    return out;
}

}  // namespace weerbaar::cli
