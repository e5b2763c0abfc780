#include "weerbaar/research/hierarchy.h"

#include <catch2/catch.hpp>

#include "weerbaar/research/case_codes.h"

using namespace weerbaar::research;
using namespace std::chrono;

TEST_CASE("a quarter generalises to half year, year and nothing", "[research][hierarchy]") {
    CHECK(generalise_period("2025Q3", 0) == "2025Q3");
    CHECK(generalise_period("2025Q3", 1) == "2025H2");
    CHECK(generalise_period("2025Q2", 1) == "2025H1");
    CHECK(generalise_period("2025Q1", 1) == "2025H1");
    CHECK(generalise_period("2025Q4", 2) == "2025");
    CHECK(generalise_period("2025Q4", 3) == "*");
    CHECK(generalise_period("2025Q4", 9) == "*");
    CHECK(generalise_period("2025Q4", -1) == "2025Q4");
}

TEST_CASE("a malformed quarter is unknown below the top level", "[research][hierarchy]") {
    for (const char* bad : {"", "2025Q5", "2025Q0", "25Q1", "2025-Q1", "abcdQ1"}) {
        CHECK(generalise_period(bad, 0) == "onbekend");
        CHECK(generalise_period(bad, 2) == "onbekend");
        CHECK(generalise_period(bad, 3) == "*");
    }
}

TEST_CASE("every province lies in its CBS landsdeel", "[research][hierarchy]") {
    CHECK(landsdeel_of("groningen") == "noord");
    CHECK(landsdeel_of("fryslan") == "noord");
    CHECK(landsdeel_of("drenthe") == "noord");
    CHECK(landsdeel_of("overijssel") == "oost");
    CHECK(landsdeel_of("flevoland") == "oost");
    CHECK(landsdeel_of("gelderland") == "oost");
    CHECK(landsdeel_of("utrecht") == "west");
    CHECK(landsdeel_of("noord_holland") == "west");
    CHECK(landsdeel_of("zuid_holland") == "west");
    CHECK(landsdeel_of("zeeland") == "west");
    CHECK(landsdeel_of("noord_brabant") == "zuid");
    CHECK(landsdeel_of("limburg") == "zuid");
    CHECK(landsdeel_of("") == "onbekend");
    CHECK(landsdeel_of("amsterdam") == "onbekend");
}

TEST_CASE("a province generalises to landsdeel and nothing", "[research][hierarchy]") {
    CHECK(generalise_region("zeeland", 0) == "zeeland");
    CHECK(generalise_region("zeeland", 1) == "west");
    CHECK(generalise_region("zeeland", 2) == "*");
    // A municipality (or any text) in the province field never comes through.
    CHECK(generalise_region("Vlissingen", 0) == "onbekend");
    CHECK(generalise_region("", 1) == "onbekend");
}

TEST_CASE("an office group generalises to nothing", "[research][hierarchy]") {
    CHECK(generalise_office("bestuurder", 0) == "bestuurder");
    CHECK(generalise_office("bestuurder", 1) == "*");
    CHECK(generalise_office("", 0) == "onbekend");
}

TEST_CASE("every office role falls in its office group", "[research][hierarchy]") {
    for (const char* role :
         {"wethouder", "burgemeester", "gedeputeerde", "waterschapsbestuurder"}) {
        CHECK(office_group_of(role) == "bestuurder");
    }
    for (const char* role : {"raadslid", "statenlid", "commissielid"}) {
        CHECK(office_group_of(role) == "volksvertegenwoordiger");
    }
    CHECK(office_group_of("griffier") == "ambtelijk");
    CHECK(office_group_of("gemeentesecretaris") == "ambtelijk");
    CHECK(office_group_of("anders") == "anders");
    CHECK(office_group_of("") == "anders");
    CHECK(office_group_of("minister") == "anders");
}

TEST_CASE("generalise keeps the quarter and drops the exact date", "[research][generalise]") {
    CaseFacts facts;
    facts.office_role = "burgemeester";
    facts.province = "flevoland";
    facts.incident_date = 2025y / August / 15d;
    facts.incident_types = {"bedreiging", "online_haat", "bedreiging", ""};
    facts.referrals = {"politie", "peer", "politie"};
    facts.status = "in_behandeling";
    facts.outcome = "opgelost";  // an outcome without gesloten is not an outcome
    const CaseCodes codes = generalise(facts);
    CHECK(codes.quarter == "2025Q3");
    CHECK(codes.office_group == "bestuurder");
    CHECK(codes.province == "flevoland");
    CHECK(codes.incident_types == std::vector<std::string>{"bedreiging", "online_haat"});
    CHECK(codes.referrals == std::vector<std::string>{"peer", "politie"});
    CHECK(codes.outcome.empty());
    CHECK(codes.duration_bucket == "open");

    facts.incident_date = 2024y / January / 1d;
    CHECK(generalise(facts).quarter == "2024Q1");
    facts.incident_date = 2024y / December / 31d;
    CHECK(generalise(facts).quarter == "2024Q4");
    facts.incident_date = 2024y / February / 30d;  // not a date
    CHECK(generalise(facts).quarter.empty());
}

TEST_CASE("a closed case gets its duration bucket", "[research][generalise]") {
    constexpr std::int64_t day = 86400;
    CaseFacts facts;
    facts.incident_date = 2025y / March / 3d;
    facts.status = "gesloten";
    facts.outcome = "opgelost";
    facts.opened_unix = 1'700'000'000;
    const auto bucket_after = [&](std::int64_t seconds) {
        facts.closed_unix = facts.opened_unix + seconds;
        return generalise(facts).duration_bucket;
    };
    CHECK(bucket_after(6 * day) == "tot_1_week");
    CHECK(bucket_after(7 * day) == "1_tot_4_weken");
    CHECK(bucket_after(27 * day) == "1_tot_4_weken");
    CHECK(bucket_after(28 * day) == "1_tot_3_maanden");
    CHECK(bucket_after(91 * day) == "3_maanden_of_meer");
    CHECK(bucket_after(-5) == "tot_1_week");
    CHECK(generalise(facts).outcome == "opgelost");
    facts.closed_unix = 0;
    CHECK(generalise(facts).duration_bucket == "open");
}

TEST_CASE("office groups and duration buckets are closed lists", "[research][generalise]") {
    for (const char* group : {"bestuurder", "volksvertegenwoordiger", "ambtelijk", "anders"}) {
        CHECK(is_office_group(group));
    }
    for (const char* bad : {"", "burgemeester", "Bestuurder", "*", "onbekend"}) {
        CHECK_FALSE(is_office_group(bad));
    }
    for (const char* bucket :
         {"open", "tot_1_week", "1_tot_4_weken", "1_tot_3_maanden", "3_maanden_of_meer"}) {
        CHECK(is_duration_bucket(bucket));
    }
    for (const char* bad : {"", "12 dagen", "gesloten"}) {
        CHECK_FALSE(is_duration_bucket(bad));
    }
    // Whatever generalise makes passes both.
    for (const char* role : {"wethouder", "griffier", "", "minister"}) {
        CaseFacts facts;
        facts.office_role = role;
        CHECK(is_office_group(generalise(facts).office_group));
        CHECK(is_duration_bucket(generalise(facts).duration_bucket));
    }
}
