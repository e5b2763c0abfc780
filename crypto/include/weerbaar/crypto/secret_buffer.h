#pragma once
// Secrets are a type: memory from sodium_malloc (guard pages, locked where the
// kernel allows), wiped on free, move-only, compared in constant time, never
// converted implicitly. Reading the bytes goes through expose_secret(), so every
// place that touches a secret can be found with grep.

#include <cstddef>
#include <cstdint>
#include <span>

#include "weerbaar/crypto/bytes.h"

namespace weerbaar::crypto {

class SecretBuffer {
public:
    SecretBuffer() = default;
    // Allocates `size` zeroed bytes. Aborts if the allocation fails: there is no
    // safe way to continue without memory for a secret.
    explicit SecretBuffer(std::size_t size);
    // Copies `bytes` into secure memory. The caller wipes its own copy.
    static SecretBuffer copy_of(ByteView bytes);
    static SecretBuffer random(std::size_t size);

    ~SecretBuffer();
    SecretBuffer(SecretBuffer&& other) noexcept;
    SecretBuffer& operator=(SecretBuffer&& other) noexcept;
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;

    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }

    // The one way in or out. Grep for expose_secret to audit every use.
    [[nodiscard]] std::span<std::uint8_t> expose_secret() { return {data_, size_}; }
    [[nodiscard]] std::span<const std::uint8_t> expose_secret() const { return {data_, size_}; }

    // Constant time in the contents; sizes are not secret.
    [[nodiscard]] bool equals(const SecretBuffer& other) const;
    // An explicit copy, so copies of secrets are visible in the code.
    [[nodiscard]] SecretBuffer clone() const;

private:
    std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace weerbaar::crypto
