#include "weerbaar/research/discrete_laplace.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "seeded_random.h"

using namespace weerbaar::research;
using weerbaar::research::testing::SeededRandom;

namespace {

// P[Z = z] of the discrete Laplace distribution with scale b.
double pmf(double b, std::int64_t z) {
    const double q = std::exp(-1.0 / b);
    return (1 - q) / (1 + q) * std::pow(q, static_cast<double>(std::llabs(z)));
}

// Pearson's chi-square of `samples` against the pmf with scale b, over the bins
// -limit..limit and the two tails; degrees of freedom = 2 * limit + 2.
double chi_square(const std::vector<std::int64_t>& samples, double b, std::int64_t limit) {
    std::map<std::int64_t, double> observed;
    for (auto z : samples) {
        ++observed[std::clamp(z, -limit - 1, limit + 1)];
    }
    double inside = 0;
    for (std::int64_t z = -limit; z <= limit; ++z) {
        inside += pmf(b, z);
    }
    const double n = static_cast<double>(samples.size());
    double statistic = 0;
    for (std::int64_t bin = -limit - 1; bin <= limit + 1; ++bin) {
        const double expected = n * (std::llabs(bin) > limit ? (1 - inside) / 2 : pmf(b, bin));
        const double difference = observed[bin] - expected;
        statistic += difference * difference / expected;
    }
    return statistic;
}

std::vector<std::int64_t> draw(std::uint64_t seed, std::uint64_t t, std::uint64_t s,
                               std::size_t n) {
    SeededRandom random(seed);
    std::vector<std::int64_t> samples(n);
    for (auto& z : samples) {
        z = discrete_laplace(random, t, s);
    }
    return samples;
}

}  // namespace

TEST_CASE("uniform_below covers its range evenly, above 32 bits too", "[research][sampler]") {
    SeededRandom random(11);
    std::array<int, 6> counts{};
    for (int i = 0; i < 60000; ++i) {
        ++counts[uniform_below(random, 6)];
    }
    for (int count : counts) {
        CHECK(std::abs(count - 10000) < 500);  // > 5 standard deviations
    }
    const std::uint64_t big = (1ull << 40) + 3;
    int upper_half = 0;
    for (int i = 0; i < 20000; ++i) {
        const auto x = uniform_below(random, big);
        REQUIRE(x < big);
        upper_half += x >= big / 2 ? 1 : 0;
    }
    CHECK(std::abs(upper_half - 10000) < 400);
}

TEST_CASE("bernoulli_exp is true with probability exp(-gamma)", "[research][sampler]") {
    SeededRandom random(5);
    constexpr int n = 100000;
    for (auto [num, den] :
         {std::pair<std::uint64_t, std::uint64_t>{0, 1}, {1, 2}, {1, 1}, {3, 2}, {7, 3}}) {
        int hits = 0;
        for (int i = 0; i < n; ++i) {
            hits += bernoulli_exp(random, num, den) ? 1 : 0;
        }
        const double p = std::exp(-static_cast<double>(num) / static_cast<double>(den));
        const double sd = std::sqrt(n * p * (1 - p));
        INFO(num << "/" << den << ": " << hits << " of " << n << ", expected " << n * p);
        CHECK(std::abs(hits - n * p) <= 5 * sd + 1e-9);
    }
}

TEST_CASE("discrete Laplace samples fit the pmf (chi-square, fixed seed)", "[research][sampler]") {
    // 22 degrees of freedom; the 0.999 quantile of chi-square(22) is 48.27.
    constexpr double kCritical = 48.27;
    for (auto [t, s] : {std::pair<std::uint64_t, std::uint64_t>{3, 1}, {7, 2}, {15, 1}}) {
        const double b = static_cast<double>(t) / static_cast<double>(s);
        const auto samples = draw(2020 + t, t, s, 200000);
        const double statistic = chi_square(samples, b, 10);
        INFO("scale " << t << "/" << s << ": chi-square " << statistic);
        CHECK(statistic < kCritical);
        // The same samples against a neighbouring scale fail, so the test can fail.
        CHECK(chi_square(samples, b * 1.15, 10) > kCritical);
    }
}

TEST_CASE("discrete Laplace variance and mean match", "[research][sampler]") {
    for (auto [t, s] : {std::pair<std::uint64_t, std::uint64_t>{5, 1}, {1, 1}, {15000, 1000}}) {
        const double b = static_cast<double>(t) / static_cast<double>(s);
        const auto samples = draw(77, t, s, 200000);
        double sum = 0, squares = 0;
        for (auto z : samples) {
            sum += static_cast<double>(z);
            squares += static_cast<double>(z) * static_cast<double>(z);
        }
        const double n = static_cast<double>(samples.size());
        const double mean = sum / n;
        const double variance = squares / n - mean * mean;
        const double q = std::exp(-1.0 / b);
        const double expected = 2 * q / ((1 - q) * (1 - q));
        INFO("scale " << b << ": variance " << variance << ", expected " << expected);
        CHECK(std::abs(variance - expected) < 0.03 * expected);
        CHECK(std::abs(mean) < 5 * std::sqrt(expected / n));
    }
}

TEST_CASE("the seeded source repeats and differs by seed", "[research][sampler]") {
    CHECK(draw(1, 5, 1, 50) == draw(1, 5, 1, 50));
    CHECK(draw(1, 5, 1, 50) != draw(2, 5, 1, 50));
}
