#include "weerbaar/crypto/secret_buffer.h"

#include <sodium.h>

#include <cstdlib>
#include <cstring>
#include <utility>

namespace weerbaar::crypto {

SecretBuffer::SecretBuffer(std::size_t size) : size_(size) {
    if (size == 0) {
        return;  // an empty secret needs no memory, and sodium_malloc(0) is not useful
    }
    data_ = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (data_ == nullptr) {
        std::abort();
    }
    // sodium_malloc fills with a canary pattern; the interface promises zeroes.
    sodium_memzero(data_, size);
}

SecretBuffer SecretBuffer::copy_of(ByteView bytes) {
    SecretBuffer out(bytes.size());
    if (!bytes.empty()) {
        // out.data_ is allocated: out.size() == bytes.size() > 0. The analyzer does
        // not follow the size through the constructor.
        std::memcpy(out.data_, bytes.data(), bytes.size());  // NOLINT(clang-analyzer-core.NonNullParamChecker)
    }
    return out;
}

SecretBuffer SecretBuffer::random(std::size_t size) {
    SecretBuffer out(size);
    if (size != 0) {
        randombytes_buf(out.data_, size);
    }
    return out;
}

SecretBuffer::~SecretBuffer() {
    if (data_ != nullptr) {
        sodium_free(data_);  // wipes before releasing
    }
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
    if (this != &other) {
        if (data_ != nullptr) {
            sodium_free(data_);
        }
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

bool SecretBuffer::equals(const SecretBuffer& other) const {
    if (size_ != other.size_) {
        return false;
    }
    if (size_ == 0) {
        return true;
    }
    return sodium_memcmp(data_, other.data_, size_) == 0;
}

SecretBuffer SecretBuffer::clone() const { return copy_of(expose_secret()); }

}  // namespace weerbaar::crypto
