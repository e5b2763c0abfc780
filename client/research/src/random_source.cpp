#include "weerbaar/research/random_source.h"

#include <sodium.h>

#include <cstdlib>

namespace weerbaar::research {

SodiumRandom::SodiumRandom() {
    if (sodium_init() < 0) {
        std::abort();  // no randomness means no safe release; nothing to fall back on
    }
}

std::uint32_t SodiumRandom::uniform(std::uint32_t upper) { return randombytes_uniform(upper); }

}  // namespace weerbaar::research
