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

Result<Bytes> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) {
        return Error(ErrorCode::invalid_argument, "hex string has an odd length");
    }
    if (hex.empty()) {
        return Bytes{};  // an empty vector has no storage to pass (sodium_hex2bin's nonnull)
    }
    Bytes out(hex.size() / 2);
    std::size_t decoded = 0;
    const char* end = nullptr;
    // No characters to ignore: anything but hex digits stops the decoding early.
    if (sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &decoded, &end) !=
            0 ||
        decoded != out.size() || end != hex.data() + hex.size()) {
        return Error(ErrorCode::invalid_argument, "hex string has a non-hex character");
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
    return keyed_hash({}, domain, data, size);
}

Bytes keyed_hash(ByteView key, std::string_view domain, ByteView data, std::size_t size) {
    // A size outside BLAKE2b's range is a bug in the caller, not a runtime condition.
    if (size < crypto_generichash_BYTES_MIN || size > crypto_generichash_BYTES_MAX ||
        (!key.empty() && (key.size() < crypto_generichash_KEYBYTES_MIN ||
                          key.size() > crypto_generichash_KEYBYTES_MAX))) {
        std::abort();
    }
    wire::Writer prefix;
    prefix.string16(domain);
    const Bytes tag = std::move(prefix).take();

    crypto_generichash_state state;
    crypto_generichash_init(&state, key.empty() ? nullptr : key.data(), key.size(), size);
    crypto_generichash_update(&state, tag.data(), tag.size());
    crypto_generichash_update(&state, data.data(), data.size());
    Bytes out(size);
    crypto_generichash_final(&state, out.data(), out.size());
    return out;
}

}  // namespace weerbaar::crypto
