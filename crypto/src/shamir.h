#pragma once
// Shamir secret sharing over GF(256), by Debian's libgfshare (one byte of the
// secret per polynomial, the secret the constant term). Private to this library:
// the public surface is root_key_share.h, which adds the wire formats, seals and
// signatures. libgfshare draws the polynomial's coefficients through a function
// pointer we point at libsodium's randombytes_buf before any context is made.
//
// libgfshare holds the polynomial (and, when combining, the shares) in its own
// malloc'd memory for the length of one call, not in a SecretBuffer; it overwrites
// that memory with random bytes before freeing it. The inputs and outputs of these
// functions are SecretBuffers.

#include <cstdint>
#include <vector>

#include "weerbaar/crypto/secret_buffer.h"
#include "weerbaar/result.h"

namespace weerbaar::crypto::shamir {

// One share of `secret` per number in `numbers` (distinct, 1..255), each as long as
// the secret; any `threshold` of them give the secret back, fewer tell nothing of it.
// invalid_argument for a threshold outside 2..numbers.size(), a number 0 or repeated,
// or an empty secret.
[[nodiscard]] Result<std::vector<SecretBuffer>> split(const SecretBuffer& secret,
                                                      unsigned threshold,
                                                      const std::vector<std::uint8_t>& numbers);

// The secret from shares of one split: `values[i]` is the share numbered
// `numbers[i]`. Shares of different splits, or fewer than the threshold, give a
// wrong secret without any error (the maths cannot tell): the caller checks the
// result. invalid_argument for no shares, a number 0 or repeated, or values of
// different sizes.
[[nodiscard]] Result<SecretBuffer> combine(const std::vector<std::uint8_t>& numbers,
                                           const std::vector<const SecretBuffer*>& values);

}  // namespace weerbaar::crypto::shamir
