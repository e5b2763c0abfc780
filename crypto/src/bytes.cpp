#include "weerbaar/crypto/bytes.h"

#include <sodium.h>

#include <cstdlib>

#include "wire_format.h"

namespace weerbaar::crypto {

Status initialise() {
    if (sodium_init() < 0) {
        return Error(ErrorCode::internal, "libsodium could not be initialised");
    }
    return ok_status();
}

std::string to_hex(ByteView bytes) {
    std::string out(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), bytes.data(), bytes.size());
    out.pop_back();  // sodium_bin2hex writes a terminating NUL
    return out;
}

namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

}  // namespace

Result<Bytes> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        return Error(ErrorCode::invalid_argument, "hex string has an odd length");
    }
    Bytes out(hex.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int high = hex_digit(hex[2 * i]);
        const int low = hex_digit(hex[2 * i + 1]);
        if (high < 0 || low < 0) {
            return Error(ErrorCode::invalid_argument, "hex string has a non-hex character");
        }
        out[i] = static_cast<std::uint8_t>((high << 4) | low);
    }
    return out;
}

Bytes random_bytes(std::size_t count) {
    Bytes out(count);
    if (count != 0) {  // an empty vector has no storage to pass
        randombytes_buf(out.data(), out.size());
    }
    return out;
}

ByteView as_bytes(std::string_view text) {
    return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

bool equal_constant_time(ByteView a, ByteView b) {
    if (a.size() != b.size()) {
        return false;
    }
    if (a.empty()) {
        return true;
    }
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Bytes hash(std::string_view domain, ByteView data, std::size_t size) {
    // A size outside BLAKE2b's range is a bug in the caller, not a runtime condition.
    if (size < crypto_generichash_BYTES_MIN || size > crypto_generichash_BYTES_MAX) {
        std::abort();
    }
    wire::Writer prefix;
    prefix.string16(domain);
    const Bytes tag = std::move(prefix).take();

    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, size);
    crypto_generichash_update(&state, tag.data(), tag.size());
    crypto_generichash_update(&state, data.data(), data.size());
    Bytes out(size);
    crypto_generichash_final(&state, out.data(), out.size());
    return out;
}

}  // namespace weerbaar::crypto
