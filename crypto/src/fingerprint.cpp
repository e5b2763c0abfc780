#include "weerbaar/crypto/fingerprint.h"

#include <sodium.h>

#include <array>

#include "wire_format.h"

namespace weerbaar::crypto {

namespace {

constexpr std::size_t kFingerprintHashSize = 40;  // BLAKE2b-320
constexpr std::size_t kGroups = 8;
constexpr std::size_t kGroupBytes = 5;
constexpr std::size_t kGroupDigits = 5;
constexpr std::size_t kDigits = kGroups * kGroupDigits;

std::string digit_groups(ByteView digest) {
    std::string out;
    out.reserve(kGroups * (kGroupDigits + 1));
    for (std::size_t group = 0; group < kGroups; ++group) {
        std::uint64_t value = 0;
        for (std::size_t i = 0; i < kGroupBytes; ++i) {
            value = (value << 8) | digest[group * kGroupBytes + i];
        }
        value %= 100000;
        std::array<char, kGroupDigits> digits{};
        for (std::size_t i = kGroupDigits; i > 0; --i) {
            digits[i - 1] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
        if (group != 0) {
            out.push_back(' ');
        }
        out.append(digits.data(), digits.size());
    }
    return out;
}

// The digits of a fingerprint without separators, or false if it has any other
// character or not exactly kDigits digits.
bool normalise(std::string_view text, std::array<char, kDigits>& out) {
    std::size_t count = 0;
    for (const char c : text) {
        if (c == ' ' || c == '-') {
            continue;
        }
        if (c < '0' || c > '9' || count == kDigits) {
            return false;
        }
        out[count++] = c;
    }
    return count == kDigits;
}

}  // namespace

std::string member_fingerprint(ByteView sign_pk, ByteView enc_pk) {
    Bytes keys(sign_pk.begin(), sign_pk.end());
    keys.insert(keys.end(), enc_pk.begin(), enc_pk.end());
    return digit_groups(hash(wire::kDomainFingerprintMember, keys, kFingerprintHashSize));
}

std::string root_fingerprint(ByteView root_sign_pk) {
    return digit_groups(hash(wire::kDomainFingerprintRoot, root_sign_pk, kFingerprintHashSize));
}

bool fingerprints_match(std::string_view a, std::string_view b) {
    std::array<char, kDigits> digits_a{};
    std::array<char, kDigits> digits_b{};
    // Evaluate both so the time does not depend on which one is malformed.
    const bool valid_a = normalise(a, digits_a);
    const bool valid_b = normalise(b, digits_b);
    const bool same = sodium_memcmp(digits_a.data(), digits_b.data(), kDigits) == 0;
    return valid_a && valid_b && same;
}

}  // namespace weerbaar::crypto
