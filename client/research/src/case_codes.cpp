#include "weerbaar/research/case_codes.h"

#include <algorithm>
#include <array>
#include <utility>

namespace weerbaar::research {
namespace {

template <typename Table>
std::string lookup(const Table& table, std::string_view code, std::string_view fallback) {
    for (const auto& [from, to] : table) {
        if (from == code) {
            return std::string(to);
        }
    }
    return std::string(fallback);
}

std::vector<std::string> sorted_unique(std::vector<std::string> codes) {
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    std::erase(codes, std::string());
    return codes;
}

}  // namespace

bool is_office_group(std::string_view code) {
    return std::find(kOfficeGroups.begin(), kOfficeGroups.end(), code) != kOfficeGroups.end();
}

bool is_duration_bucket(std::string_view code) {
    return std::find(kDurationBuckets.begin(), kDurationBuckets.end(), code) !=
           kDurationBuckets.end();
}

std::string office_group_of(std::string_view office_role) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kGroups{{
        {"wethouder", "bestuurder"},
        {"burgemeester", "bestuurder"},
        {"gedeputeerde", "bestuurder"},
        {"waterschapsbestuurder", "bestuurder"},
        {"raadslid", "volksvertegenwoordiger"},
        {"statenlid", "volksvertegenwoordiger"},
        {"commissielid", "volksvertegenwoordiger"},
        {"griffier", "ambtelijk"},
        {"gemeentesecretaris", "ambtelijk"},
    }};
    return lookup(kGroups, office_role, "anders");
}

std::string landsdeel_of(std::string_view province) {
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kParts{{
        {"groningen", "noord"},
        {"fryslan", "noord"},
        {"drenthe", "noord"},
        {"overijssel", "oost"},
        {"flevoland", "oost"},
        {"gelderland", "oost"},
        {"utrecht", "west"},
        {"noord_holland", "west"},
        {"zuid_holland", "west"},
        {"zeeland", "west"},
        {"noord_brabant", "zuid"},
        {"limburg", "zuid"},
    }};
    return lookup(kParts, province, "onbekend");
}

std::string duration_bucket_of(std::int64_t opened_unix, std::int64_t closed_unix) {
    constexpr std::int64_t kDay = std::int64_t{24} * 60 * 60;
    const std::int64_t span = closed_unix - opened_unix;
    if (span < 7 * kDay) {
        return "tot_1_week";
    }
    if (span < 28 * kDay) {
        return "1_tot_4_weken";
    }
    if (span < 91 * kDay) {
        return "1_tot_3_maanden";
    }
    return "3_maanden_of_meer";
}

CaseCodes generalise(const CaseFacts& facts) {
    CaseCodes codes;
    if (facts.incident_date.ok()) {
        const int year = static_cast<int>(facts.incident_date.year());
        const unsigned quarter = (static_cast<unsigned>(facts.incident_date.month()) - 1) / 3 + 1;
        codes.quarter = std::to_string(year) + "Q" + std::to_string(quarter);
    }
    codes.province = facts.province;
    codes.office_group = office_group_of(facts.office_role);
    codes.incident_types = sorted_unique(facts.incident_types);
    codes.channel = facts.channel;
    codes.perpetrator = facts.perpetrator;
    codes.repeated = facts.repeated;
    codes.police_report = facts.police_report;
    codes.risk_level = facts.risk_level;
    codes.referrals = sorted_unique(facts.referrals);
    codes.status = facts.status;
    const bool closed = facts.status == "gesloten" && facts.closed_unix != 0;
    codes.outcome = facts.status == "gesloten" ? facts.outcome : std::string();
    codes.duration_bucket =
        closed ? duration_bucket_of(facts.opened_unix, facts.closed_unix) : std::string("open");
    return codes;
}

}  // namespace weerbaar::research
