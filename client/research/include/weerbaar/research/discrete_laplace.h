#pragma once
// Exact samplers over the integers for differential privacy, in integer arithmetic
// only: no floating point anywhere, so no rounding leaks (Mironov, "On significance of
// the least significant bits for differential privacy", CCS 2012). Algorithms 1 and 2
// of C. L. Canonne, G. Kamath & T. Steinke, "The Discrete Gaussian for Differential
// Privacy", NeurIPS 2020 (arXiv:2004.00010), written from the paper. Every function
// draws only from the given RandomSource; thread-safe as far as that source is.
// Running time is random (expected O(1) draws for the scales used here); it depends
// on the noise, never on the data.

#include <cstdint>

#include "weerbaar/research/random_source.h"

namespace weerbaar::research {

// Uniform in [0, upper) for any upper >= 1, by rejection (no modulo bias).
[[nodiscard]] std::uint64_t uniform_below(RandomSource& random, std::uint64_t upper);

// true with probability numerator / denominator; numerator <= denominator, denominator >= 1.
[[nodiscard]] bool bernoulli(RandomSource& random, std::uint64_t numerator,
                             std::uint64_t denominator);

// true with probability exp(-numerator / denominator); denominator >= 1 (CKS Algorithm 1).
[[nodiscard]] bool bernoulli_exp(RandomSource& random, std::uint64_t numerator,
                                 std::uint64_t denominator);

// The discrete Laplace distribution with scale b = scale_numerator / scale_denominator
// (both >= 1): P[Z = z] = (1 - e^(-1/b)) / (1 + e^(-1/b)) * e^(-|z|/b) for every integer
// z (CKS Algorithm 2, with t = scale_numerator, s = scale_denominator). Adding it to a
// count of L1 sensitivity D with b = D / epsilon gives epsilon-differential privacy.
// The scale should be reduced (gcd 1) only for speed; the result does not depend on it.
[[nodiscard]] std::int64_t discrete_laplace(RandomSource& random, std::uint64_t scale_numerator,
                                            std::uint64_t scale_denominator);

}  // namespace weerbaar::research
