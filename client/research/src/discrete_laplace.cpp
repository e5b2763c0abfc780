#include "weerbaar/research/discrete_laplace.h"

#include <limits>

namespace weerbaar::research {

std::uint64_t uniform_below(RandomSource& random, std::uint64_t upper) {
    if (upper <= std::numeric_limits<std::uint32_t>::max()) {
        return random.uniform(static_cast<std::uint32_t>(upper));
    }
    // 64 uniform bits from four 16-bit draws; reject the low 2^64 mod upper values so
    // each residue is hit equally often.
    const std::uint64_t reject_below = (0 - upper) % upper;
    for (;;) {
        std::uint64_t x = 0;
        for (int i = 0; i < 4; ++i) {
            x = (x << 16) | random.uniform(1u << 16);
        }
        if (x >= reject_below) {
            return x % upper;
        }
    }
}

bool bernoulli(RandomSource& random, std::uint64_t numerator, std::uint64_t denominator) {
    return uniform_below(random, denominator) < numerator;
}

bool bernoulli_exp(RandomSource& random, std::uint64_t numerator, std::uint64_t denominator) {
    if (numerator <= denominator) {
        // gamma = n/d in [0, 1]: draw A_k ~ Bernoulli(gamma / k) for k = 1, 2, ... until
        // one is 0; the first failing k is odd with probability exp(-gamma). gamma / k is
        // drawn as Bernoulli(gamma) and Bernoulli(1/k) together, so d * k never overflows.
        std::uint64_t k = 1;
        while (bernoulli(random, numerator, denominator) && bernoulli(random, 1, k)) {
            ++k;
        }
        return k % 2 == 1;
    }
    // gamma > 1: exp(-gamma) = exp(-1)^floor(gamma) * exp(-(gamma - floor(gamma))).
    for (std::uint64_t i = numerator / denominator; i > 0; --i) {
        if (!bernoulli_exp(random, 1, 1)) {
            return false;
        }
    }
    return bernoulli_exp(random, numerator % denominator, denominator);
}

std::int64_t discrete_laplace(RandomSource& random, std::uint64_t scale_numerator,
                              std::uint64_t scale_denominator) {
    const std::uint64_t t = scale_numerator;
    const std::uint64_t s = scale_denominator;
    for (;;) {
        // X = U + t V is geometric with parameter 1 - exp(-1/t): U uniform below t kept
        // with probability exp(-U/t), V geometric with parameter 1 - exp(-1).
        const std::uint64_t u = uniform_below(random, t);
        if (!bernoulli_exp(random, u, t)) {
            continue;
        }
        std::uint64_t v = 0;
        while (bernoulli_exp(random, 1, 1)) {
            ++v;
        }
        // floor(X / s) is geometric with parameter 1 - exp(-s/t); a random sign, with
        // "-0" rejected so that 0 is not counted twice, makes it discrete Laplace.
        const std::uint64_t y = (u + t * v) / s;
        const bool negative = bernoulli(random, 1, 2);
        if (negative && y == 0) {
            continue;
        }
        const auto magnitude = static_cast<std::int64_t>(y);
        return negative ? -magnitude : magnitude;
    }
}

}  // namespace weerbaar::research
