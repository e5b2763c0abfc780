#pragma once
// A seeded RandomSource for tests only: a goodness-of-fit test must see the same draws
// on every run. The stream is libsodium's randombytes_buf_deterministic (ChaCha20 keyed
// by the seed) in blocks, the block number folded into the key. Never linked into the
// research library, so no release can be made with it.

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "weerbaar/research/random_source.h"

namespace weerbaar::research::testing {

class SeededRandom final : public RandomSource {
  public:
    explicit SeededRandom(std::uint64_t seed) : seed_(seed) {
        if (sodium_init() < 0) {
            std::abort();
        }
    }

    std::uint32_t uniform(std::uint32_t upper) override {
        // Rejection like randombytes_uniform: drop the 2^32 mod upper lowest words.
        const std::uint32_t reject_below = (0u - upper) % upper;
        for (;;) {
            const std::uint32_t x = next_word();
            if (x >= reject_below) {
                return x % upper;
            }
        }
    }

  private:
    std::uint32_t next_word() {
        if (position_ == block_.size()) {
            std::array<unsigned char, randombytes_SEEDBYTES> key{};
            std::memcpy(key.data(), &seed_, sizeof seed_);
            std::memcpy(key.data() + sizeof seed_, &block_number_, sizeof block_number_);
            ++block_number_;
            randombytes_buf_deterministic(block_.data(), block_.size() * sizeof(std::uint32_t),
                                          key.data());
            position_ = 0;
        }
        return block_[position_++];
    }

    std::uint64_t seed_;
    std::uint64_t block_number_ = 0;
    std::vector<std::uint32_t> block_ = std::vector<std::uint32_t>(4096);
    std::size_t position_ = 4096;
};

}  // namespace weerbaar::research::testing
