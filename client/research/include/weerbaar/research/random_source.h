#pragma once
// Where the differential-privacy sampler's randomness comes from. Production uses
// SodiumRandom (libsodium's randombytes_uniform: unbiased, from the OS CSPRNG). Tests
// use a seeded source (tests/research/seeded_random.h) so that a goodness-of-fit test
// is repeatable; no seeded source exists in this library, so no release can use one.

#include <cstdint>

namespace weerbaar::research {

class RandomSource {
  public:
    virtual ~RandomSource() = default;
    // Uniform in [0, upper); upper >= 1.
    virtual std::uint32_t uniform(std::uint32_t upper) = 0;
};

// Thread-safe (libsodium's generator is), after sodium_init(), which the constructor
// calls; aborts the process when libsodium cannot initialise, as the crypto library does.
class SodiumRandom final : public RandomSource {
  public:
    SodiumRandom();
    std::uint32_t uniform(std::uint32_t upper) override;
};

}  // namespace weerbaar::research
