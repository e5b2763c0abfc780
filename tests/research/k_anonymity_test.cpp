#include "weerbaar/research/k_anonymity.h"

#include <catch2/catch.hpp>
#include <map>

#include "weerbaar/research/case_codes.h"
#include "weerbaar/research/synthetic_organisation.h"

using namespace weerbaar;
using namespace weerbaar::research;

namespace {

std::vector<QuasiIdentifiers> identifiers_of(const std::vector<CaseFacts>& cases) {
    std::vector<QuasiIdentifiers> rows;
    for (const auto& facts : cases) {
        const CaseCodes codes = generalise(facts);
        rows.push_back({codes.quarter, codes.province, codes.office_group});
    }
    return rows;
}

// The smallest class among the published rows; SIZE_MAX when none is published.
std::size_t smallest_class(const Anonymisation& result) {
    std::map<PublishedIdentifiers, std::size_t> classes;
    for (const auto& row : result.rows) {
        if (row) {
            ++classes[*row];
        }
    }
    std::size_t smallest = SIZE_MAX;
    for (const auto& [values, count] : classes) {
        smallest = std::min(smallest, count);
    }
    return smallest;
}

std::size_t published(const Anonymisation& result) {
    std::size_t count = 0;
    for (const auto& row : result.rows) {
        count += row ? 1 : 0;
    }
    return count;
}

}  // namespace

TEST_CASE("k below 2 is refused", "[research][k-anonymity]") {
    const std::vector<QuasiIdentifiers> rows{{"2025Q1", "utrecht", "bestuurder"}};
    for (std::uint32_t k : {0u, 1u}) {
        const auto result = anonymise(rows, k);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code() == ErrorCode::invalid_argument);
        CHECK(result.error().field() == "k");
    }
    const auto bad_bound = anonymise(rows, 2, 1.5);
    REQUIRE_FALSE(bad_bound.ok());
    CHECK(bad_bound.error().field() == "max_suppression");
}

TEST_CASE("no combination occurs fewer than k times", "[research][k-anonymity]") {
    std::vector<std::pair<std::string, std::vector<QuasiIdentifiers>>> datasets;
    datasets.emplace_back("2,000 cases", identifiers_of(synthetic_cases(2000, 1, 2024, 3)));
    datasets.emplace_back("300 cases", identifiers_of(synthetic_cases(300, 7, 2025, 1)));
    datasets.emplace_back("37 cases", identifiers_of(synthetic_cases(37, 3, 2024, 3)));
    datasets.emplace_back("empty", std::vector<QuasiIdentifiers>{});
    datasets.emplace_back("tiny", std::vector<QuasiIdentifiers>{{"2025Q1", "zeeland", "bestuurder"},
                                                                {"2025Q2", "utrecht", "ambtelijk"},
                                                                {"2025Q3", "limburg", "anders"}});
    // Skewed: one large class and a few outliers that no generalisation but the top hides.
    std::vector<QuasiIdentifiers> skewed(60, {"2025Q1", "zuid_holland", "volksvertegenwoordiger"});
    skewed.push_back({"2026Q4", "groningen", "ambtelijk"});
    skewed.push_back({"2024Q2", "limburg", "anders"});
    skewed.push_back({"", "", ""});
    datasets.emplace_back("skewed", skewed);

    for (const auto& [name, rows] : datasets) {
        for (std::uint32_t k : {2u, 3u, 5u, 10u, 25u}) {
            INFO(name << ", k = " << k);
            const auto result = anonymise(rows, k);
            REQUIRE(result.ok());
            REQUIRE(result.value().rows.size() == rows.size());
            CHECK(published(result.value()) + result.value().rows_removed == rows.size());
            if (published(result.value()) > 0) {
                CHECK(smallest_class(result.value()) >= k);
            }
        }
    }
}

TEST_CASE("too few rows for k publish none", "[research][k-anonymity]") {
    const std::vector<QuasiIdentifiers> rows(4, {"2025Q1", "utrecht", "bestuurder"});
    const auto result = anonymise(rows, 5);
    REQUIRE(result.ok());
    CHECK(result.value().rows_removed == 4);
    CHECK(published(result.value()) == 0);
}

TEST_CASE("data that is k-anonymous already is not generalised", "[research][k-anonymity]") {
    std::vector<QuasiIdentifiers> rows;
    for (const char* quarter : {"2025Q1", "2025Q2"}) {
        for (const char* province : {"utrecht", "limburg"}) {
            for (int i = 0; i < 5; ++i) {
                rows.push_back({quarter, province, "bestuurder"});
            }
        }
    }
    const auto result = anonymise(rows, 5);
    REQUIRE(result.ok());
    CHECK(result.value().period_level == 0);
    CHECK(result.value().region_level == 0);
    CHECK(result.value().office_level == 0);
    CHECK(result.value().rows_removed == 0);
    CHECK(result.value().rows_starred == 0);
    CHECK(result.value().loss == 0.0);
    CHECK(*result.value().rows.front() == PublishedIdentifiers{"2025Q1", "utrecht", "bestuurder"});
}

TEST_CASE("a lone province is generalised to its landsdeel", "[research][k-anonymity]") {
    // Five cases in each of utrecht and zuid_holland, one in zeeland: landsdeel west
    // holds all eleven, the cheapest way to hide zeeland without losing a row.
    std::vector<QuasiIdentifiers> rows(5, {"2025Q1", "utrecht", "bestuurder"});
    rows.insert(rows.end(), 5, {"2025Q1", "zuid_holland", "bestuurder"});
    rows.push_back({"2025Q1", "zeeland", "bestuurder"});
    const auto result = anonymise(rows, 5, 0.0);
    REQUIRE(result.ok());
    CHECK(result.value().region_level == 1);
    CHECK(result.value().period_level == 0);
    CHECK(result.value().rows_removed == 0);
    CHECK(*result.value().rows.back() == PublishedIdentifiers{"2025Q1", "west", "bestuurder"});
}

TEST_CASE("an outlier is starred or removed rather than generalising everything",
          "[research][k-anonymity]") {
    std::vector<QuasiIdentifiers> rows;
    for (const char* province : {"utrecht", "limburg", "drenthe", "gelderland"}) {
        rows.insert(rows.end(), 30, {"2025Q1", province, "bestuurder"});
    }
    rows.push_back({"2025Q1", "zeeland", "ambtelijk"});
    const auto result = anonymise(rows, 5);
    REQUIRE(result.ok());
    CHECK(result.value().region_level == 0);
    CHECK(result.value().period_level == 0);
    CHECK(result.value().rows_removed + result.value().rows_starred <= 1);
    CHECK(smallest_class(result.value()) >= 5);
}

TEST_CASE("suppression stays under 10% at k = 5 on 2,000 synthetic cases",
          "[research][k-anonymity]") {
    for (std::uint32_t seed : {1u, 2u, 3u}) {
        const auto rows = identifiers_of(synthetic_cases(2000, seed, 2024, 3));
        const auto result = anonymise(rows, 5);
        REQUIRE(result.ok());
        const auto affected = result.value().rows_removed + result.value().rows_starred;
        INFO("seed " << seed << ": removed " << result.value().rows_removed << ", starred "
                     << result.value().rows_starred);
        CHECK(static_cast<double>(affected) < 0.10 * 2000);
        CHECK(smallest_class(result.value()) >= 5);
    }
}
