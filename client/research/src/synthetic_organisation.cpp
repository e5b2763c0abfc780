#include "weerbaar/research/synthetic_organisation.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace weerbaar::research {
namespace {

// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators",
// OOPSLA 2014): small, well mixed and fully specified, which is all test data needs.
class Generator {
  public:
    explicit Generator(std::uint32_t seed) : state_(0x5745455242414152ull ^ seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1) from the top 53 bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }
    std::uint64_t below(std::uint64_t upper) { return next() % upper; }  // bias < 2^-40 here

  private:
    std::uint64_t state_;
};

using Weighted = std::pair<std::string_view, double>;

template <std::size_t N>
std::string pick(Generator& g, const std::array<Weighted, N>& table) {
    double total = 0;
    for (const auto& [code, weight] : table) {
        total += weight;
    }
    double x = g.unit() * total;
    for (const auto& [code, weight] : table) {
        if (x < weight) {
            return std::string(code);
        }
        x -= weight;
    }
    return std::string(table.back().first);
}

// Offices, weighted by how many hold the office times how many of them met aggression.
// Counts of office holders: issue 11 (about 1,400 wethouders, 340 burgemeesters, 8,500
// raadsleden). Share who met aggression or violence in the past year: Monitor
// Integriteit en Veiligheid 2022 (I&O Research for BZK, July 2022): wethouders 67%,
// burgemeesters 77%, all decentral political office holders 49%, the last used for
// raadsleden, Statenleden, gedeputeerden and waterschapsbestuurders. ASSUMPTIONS: about
// 570 Statenleden, 80 gedeputeerden, 250 waterschapsbestuurders and 1,000
// commissieleden; griffiers and gemeentesecretarissen (340 each) at the monitor's
// "ruim een op de drie ambtenaren" (35%); "anders" a small remainder.
constexpr std::array<Weighted, 10> kOffices{{
    {"wethouder", 1400 * 0.67},
    {"burgemeester", 340 * 0.77},
    {"raadslid", 8500 * 0.49},
    {"statenlid", 570 * 0.49},
    {"gedeputeerde", 80 * 0.49},
    {"waterschapsbestuurder", 250 * 0.49},
    {"commissielid", 1000 * 0.49},
    {"griffier", 340 * 0.35},
    {"gemeentesecretaris", 340 * 0.35},
    {"anders", 100},
}};

// Provinces by population in millions (CBS StatLine, inhabitants on 1 January 2023,
// rounded). ASSUMPTION: cases spread as inhabitants do.
constexpr std::array<Weighted, 12> kProvinces{{
    {"groningen", 0.59},
    {"fryslan", 0.66},
    {"drenthe", 0.50},
    {"overijssel", 1.18},
    {"flevoland", 0.44},
    {"gelderland", 2.13},
    {"utrecht", 1.39},
    {"noord_holland", 2.95},
    {"zuid_holland", 3.83},
    {"zeeland", 0.39},
    {"noord_brabant", 2.60},
    {"limburg", 1.12},
}};

// The main incident type. Monitor 2022: verbal aggression met by "ruim vier op de tien"
// political office holders (42%), threats or intimidation by "bijna een kwart" (24%),
// physical violence by 3%. ASSUMPTIONS: the 24% split evenly between bedreiging and
// intimidatie; the other types small, as weights relative to those.
constexpr std::array<Weighted, 13> kIncidentTypes{{
    {"verbale_agressie", 42},
    {"bedreiging", 12},
    {"intimidatie", 12},
    {"fysiek_geweld", 3},
    {"vernieling", 2},
    {"stalking", 2},
    {"doxing", 2},
    {"online_haat", 8},
    {"desinformatie", 4},
    {"ondermijning", 1},
    {"integriteitskwestie", 2},
    {"ongewenste_omgangsvormen", 3},
    {"anders", 2},
}};

// Monitor 2022: 69% of verbal aggression happened online. ASSUMPTION: the same share
// for every type but physical violence and vandalism, split 5:1 between social media
// and e-mail; the offline rest over the other channels by the weights below.
constexpr double kOnlineShare = 0.69;
constexpr std::array<Weighted, 6> kOfflineChannels{{
    {"fysiek", 30},
    {"telefoon", 15},
    {"brief", 10},
    {"aan_huis", 10},
    {"vergadering", 30},
    {"anders", 5},
}};

// ASSUMPTIONS, no published source: perpetrators, risk levels, referrals, status.
constexpr std::array<Weighted, 7> kPerpetrators{{
    {"inwoner", 55},
    {"ondernemer", 5},
    {"crimineel_netwerk", 2},
    {"collega_bestuurder", 5},
    {"ambtenaar", 2},
    {"actiegroep", 6},
    {"onbekend", 25},
}};
constexpr std::array<Weighted, 4> kRiskLevels{{
    {"laag", 50},
    {"middel", 35},
    {"hoog", 12},
    {"acuut", 3},
}};
constexpr std::array<std::string_view, 6> kReferrals{
    "politie", "burgemeester", "peer", "psychosociale_hulp", "juridisch_advies", "beveiliging"};
constexpr std::array<Weighted, 5> kOutcomes{{
    {"opgelost", 55},
    {"doorverwezen", 20},
    {"geen_actie_gewenst", 15},
    {"ambt_neergelegd", 2},
    {"onbekend", 8},
}};
constexpr std::array<Weighted, 3> kOpenStatuses{{
    {"intake", 20},
    {"in_behandeling", 60},
    {"nazorg", 20},
}};

// Monitor 2022: aangifte in 7% of cases (13% in 2014).
constexpr double kPoliceReportShare = 0.07;

constexpr std::int64_t kDay = std::int64_t{24} * 60 * 60;

std::int64_t unix_of(std::chrono::sys_days day) {
    return static_cast<std::int64_t>(day.time_since_epoch().count()) * kDay;
}

}  // namespace

std::vector<CaseFacts> synthetic_cases(std::size_t count, std::uint32_t seed, int first_year,
                                       int years) {
    using namespace std::chrono;
    years = std::max(years, 1);
    const sys_days first{year{first_year} / January / 1};
    const sys_days end{year{first_year + years} / January / 1};
    const auto span = static_cast<std::uint64_t>((end - first).count());

    Generator g(seed);
    std::vector<CaseFacts> cases;
    cases.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        CaseFacts c;
        c.office_role = pick(g, kOffices);
        c.province = pick(g, kProvinces);
        const sys_days incident = first + days{static_cast<int>(g.below(span))};
        c.incident_date = year_month_day{incident};

        c.incident_types.push_back(pick(g, kIncidentTypes));
        if (g.chance(0.25)) {  // ASSUMPTION: a quarter of cases record a second type
            // A type is recorded once (the intake refuses a repeat): a repeat draw is
            // a case with one type.
            if (std::string second = pick(g, kIncidentTypes); second != c.incident_types.front()) {
                c.incident_types.push_back(std::move(second));
            }
        }
        const std::string& main_type = c.incident_types.front();
        const bool can_be_online = main_type != "fysiek_geweld" && main_type != "vernieling";
        if (main_type == "online_haat" || main_type == "doxing" ||
            (can_be_online && g.chance(kOnlineShare))) {
            c.channel = g.chance(5.0 / 6.0) ? "sociale_media" : "email";
        } else {
            c.channel = pick(g, kOfflineChannels);
        }
        c.perpetrator = pick(g, kPerpetrators);
        c.repeated = g.chance(0.3);  // ASSUMPTION
        c.police_report = g.chance(kPoliceReportShare);
        c.risk_level = pick(g, kRiskLevels);
        if (c.police_report) {
            c.referrals.emplace_back("politie");
        }
        for (std::string_view referral : kReferrals) {
            // ASSUMPTION: each kind of referral in 8% of cases; once each, as the
            // intake requires (politie may already be there for an aangifte).
            if (g.chance(0.08) &&
                std::find(c.referrals.begin(), c.referrals.end(), referral) == c.referrals.end()) {
                c.referrals.emplace_back(referral);
            }
        }

        const sys_days opened = incident + days{static_cast<int>(g.below(14))};
        c.opened_unix = unix_of(opened);
        // ASSUMPTION: handling takes 1 to 180 days, shorter ones more often.
        const auto handling = static_cast<int>(1 + g.below(60) + g.below(60) * g.below(3));
        const sys_days closed = opened + days{handling};
        if (closed < end && g.chance(0.9)) {
            c.status = "gesloten";
            c.outcome = pick(g, kOutcomes);
            c.closed_unix = unix_of(closed);
        } else {
            c.status = pick(g, kOpenStatuses);
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

}  // namespace weerbaar::research
