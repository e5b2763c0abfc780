#include "microdata.h"

#include <algorithm>

#include "weerbaar/research/csv.h"

namespace weerbaar::research {
namespace {

std::string flag(bool value) { return value ? "1" : "0"; }

bool contains(const std::vector<std::string>& list, const std::string& code) {
    return std::find(list.begin(), list.end(), code) != list.end();
}

}  // namespace

std::vector<std::string> microdata_header(const MicrodataColumns& columns) {
    std::vector<std::string> header{"periode", "regio", "ambtsgroep"};
    for (const auto& type : columns.incident_types) {
        header.push_back("type_" + type);
    }
    for (const auto& referral : columns.referrals) {
        header.push_back("verwijzing_" + referral);
    }
    for (const char* name :
         {"kanaal", "dader", "herhaald", "aangifte", "risico", "status", "uitkomst", "duur"}) {
        header.emplace_back(name);
    }
    return header;
}

Result<Microdata> microdata_csv(const std::vector<const CaseCodes*>& cases,
                                const MicrodataColumns& columns, std::uint32_t k) {
    std::vector<QuasiIdentifiers> identifiers;
    identifiers.reserve(cases.size());
    for (const CaseCodes* c : cases) {
        identifiers.push_back({c->quarter, c->province, c->office_group});
    }
    WEERBAAR_ASSIGN_OR_RETURN(Anonymisation anonymisation, anonymise(identifiers, k));

    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& published = anonymisation.rows[i];
        if (!published) {
            continue;
        }
        const CaseCodes& c = *cases[i];
        std::vector<std::string> row(published->begin(), published->end());
        for (const auto& type : columns.incident_types) {
            row.push_back(flag(contains(c.incident_types, type)));
        }
        for (const auto& referral : columns.referrals) {
            row.push_back(flag(contains(c.referrals, referral)));
        }
        row.insert(row.end(), {c.channel, c.perpetrator, flag(c.repeated), flag(c.police_report),
                               c.risk_level, c.status, c.outcome, c.duration_bucket});
        rows.push_back(std::move(row));
    }
    std::sort(rows.begin(), rows.end());

    Microdata out;
    out.csv = csv_row(microdata_header(columns));
    for (const auto& row : rows) {
        out.csv += csv_row(row);
    }
    out.anonymisation = std::move(anonymisation);
    return out;
}

}  // namespace weerbaar::research
