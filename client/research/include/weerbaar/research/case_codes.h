#pragma once
// The facts of one case for research, before and after generalisation
// (docs/research-export.md). CaseFacts is what a writing client knows; CaseCodes is
// what leaves it, sealed in a research record: codes only, never a name, contact
// detail, municipality, free text or exact date. Pure functions, thread-safe.

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace weerbaar::research {

// One case as the research compartment holds it (mirrors v1::ResearchCodes).
struct CaseCodes {
    std::uint32_t codebook_version = 1;
    std::string quarter;       // "2025Q3": quarter of the incident date
    std::string province;      // codebook province, "" when unknown
    std::string office_group;  // bestuurder | volksvertegenwoordiger | ambtelijk | anders
    std::vector<std::string> incident_types;
    std::string channel, perpetrator;
    bool repeated = false, police_report = false;
    std::string risk_level;
    std::vector<std::string> referrals;
    std::string status, outcome;
    std::string duration_bucket;  // open | tot_1_week | 1_tot_4_weken | 1_tot_3_maanden |
                                  // 3_maanden_of_meer

    bool operator==(const CaseCodes&) const = default;
};

// The facts a writing client knows of a case, before generalisation.
struct CaseFacts {
    std::string office_role, province;          // codebook codes ("" when unknown)
    std::chrono::year_month_day incident_date;  // exact: never leaves the writer
    std::vector<std::string> incident_types;
    std::string channel, perpetrator;
    bool repeated = false, police_report = false;
    std::string risk_level;
    std::vector<std::string> referrals;  // intake referrals and referral records
    std::string status = "intake", outcome;
    std::int64_t opened_unix = 0, closed_unix = 0;  // closed_unix 0 while open
};

// The office groups and duration buckets, the only values those fields take.
inline constexpr std::array<std::string_view, 4> kOfficeGroups{
    "bestuurder", "volksvertegenwoordiger", "ambtelijk", "anders"};
inline constexpr std::array<std::string_view, 5> kDurationBuckets{
    "open", "tot_1_week", "1_tot_4_weken", "1_tot_3_maanden", "3_maanden_of_meer"};
[[nodiscard]] bool is_office_group(std::string_view code);
[[nodiscard]] bool is_duration_bucket(std::string_view code);

// The quarter of incident_date ("" when the date is not valid), office_role ->
// office_group, the duration bucket from opened/closed (open while closed_unix is 0 or
// the status is not gesloten), lists sorted and deduplicated so that equal facts give
// equal codes whatever order the writer kept them in.
[[nodiscard]] CaseCodes generalise(const CaseFacts& facts);

// Office groups (docs/research-export.md, "Hierarchies"): bestuurder (wethouder,
// burgemeester, gedeputeerde, waterschapsbestuurder), volksvertegenwoordiger (raadslid,
// statenlid, commissielid), ambtelijk (griffier, gemeentesecretaris), anders (anders,
// unknown or any other code).
[[nodiscard]] std::string office_group_of(std::string_view office_role);

// The CBS landsdelen: noord (groningen, fryslan, drenthe), oost (overijssel, flevoland,
// gelderland), west (utrecht, noord_holland, zuid_holland, zeeland), zuid
// (noord_brabant, limburg). Source: CBS, "Landsdeel", Begrippen
// (https://www.cbs.nl/nl-nl/onze-diensten/methoden/begrippen/landsdeel). "onbekend" for
// an empty or unknown province, so an unknown region is never mistaken for suppression.
[[nodiscard]] std::string landsdeel_of(std::string_view province);

// The duration bucket of a case closed `closed_unix - opened_unix` seconds after it
// opened: tot_1_week (< 7 days), 1_tot_4_weken (< 28 days), 1_tot_3_maanden (< 91
// days), 3_maanden_of_meer. A negative span (clocks disagree) counts as tot_1_week.
[[nodiscard]] std::string duration_bucket_of(std::int64_t opened_unix, std::int64_t closed_unix);

}  // namespace weerbaar::research
