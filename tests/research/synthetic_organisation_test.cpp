#include "weerbaar/research/synthetic_organisation.h"

#include <catch2/catch.hpp>
#include <set>

using namespace weerbaar::research;
using namespace std::chrono;

TEST_CASE("the synthetic organisation is the same for a seed", "[research][synthetic]") {
    const auto a = synthetic_cases(200, 7, 2024, 3);
    const auto b = synthetic_cases(200, 7, 2024, 3);
    const auto c = synthetic_cases(200, 8, 2024, 3);
    REQUIRE(a.size() == 200);
    std::size_t same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(generalise(a[i]) == generalise(b[i]));
        CHECK(a[i].incident_date == b[i].incident_date);
        CHECK(a[i].opened_unix == b[i].opened_unix);
        same += generalise(a[i]) == generalise(c[i]) ? 1 : 0;
    }
    CHECK(same < 20);
}

TEST_CASE("synthetic cases lie in their years and follow the cited shares",
          "[research][synthetic]") {
    const auto cases = synthetic_cases(20000, 1, 2024, 3);
    std::set<std::string> provinces, groups, quarters;
    double reported = 0, online = 0, verbal = 0, closed = 0;
    for (const auto& facts : cases) {
        REQUIRE(facts.incident_date.ok());
        CHECK(facts.incident_date >= 2024y / January / 1d);
        CHECK(facts.incident_date <= 2026y / December / 31d);
        CHECK(facts.opened_unix >=
              sys_days{facts.incident_date}.time_since_epoch().count() * 86400);
        const CaseCodes codes = generalise(facts);
        provinces.insert(codes.province);
        groups.insert(codes.office_group);
        quarters.insert(codes.quarter);
        reported += facts.police_report ? 1 : 0;
        online += facts.channel == "sociale_media" || facts.channel == "email" ? 1 : 0;
        verbal += facts.incident_types.front() == "verbale_agressie" ? 1 : 0;
        if (facts.status == "gesloten") {
            ++closed;
            CHECK(facts.closed_unix > facts.opened_unix);
            CHECK_FALSE(facts.outcome.empty());
        } else {
            CHECK(facts.closed_unix == 0);
        }
    }
    const double n = static_cast<double>(cases.size());
    CHECK(provinces.size() == 12);
    CHECK(groups ==
          std::set<std::string>{"ambtelijk", "anders", "bestuurder", "volksvertegenwoordiger"});
    CHECK(quarters.size() == 12);
    // Monitor 2022: aangifte 7%.
    CHECK(std::abs(reported / n - 0.07) < 0.01);
    // Verbal aggression is the largest type by far (42 of 93 weight units).
    CHECK(std::abs(verbal / n - 42.0 / 93.0) < 0.02);
    // About two thirds reach the office holder online (69% of the types that can).
    CHECK(online / n > 0.55);
    CHECK(online / n < 0.75);
    CHECK(closed / n > 0.7);
}

TEST_CASE("synthetic cases record each incident type and referral once, as an intake must",
          "[research][synthetic]") {
    for (const CaseFacts& facts : synthetic_cases(5000, 7, 2023, 3)) {
        std::set<std::string> types(facts.incident_types.begin(), facts.incident_types.end());
        CHECK(types.size() == facts.incident_types.size());
        std::set<std::string> referrals(facts.referrals.begin(), facts.referrals.end());
        CHECK(referrals.size() == facts.referrals.size());
        CHECK_FALSE(facts.incident_types.empty());
    }
}
