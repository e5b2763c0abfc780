#include "shamir.h"

#include <sodium.h>

extern "C" {
#include <libgfshare.h>
}

#include <memory>
#include <mutex>
#include <set>

namespace weerbaar::crypto::shamir {
namespace {

void fill_with_randombytes(unsigned char* buffer, unsigned int count) {
    randombytes_buf(buffer, count);
}

// libgfshare 2.0 starts with no random source (a null pointer it would call); it
// also calls it when freeing a context, to overwrite the context's memory. Set once,
// before the first context, so no thread ever sees another value.
void use_libsodium_randomness() {
    static std::once_flag once;
    std::call_once(once, [] { gfshare_fill_rand = fill_with_randombytes; });
}

struct ContextFree {
    void operator()(gfshare_ctx* context) const { gfshare_ctx_free(context); }
};
using Context = std::unique_ptr<gfshare_ctx, ContextFree>;

Status check_numbers(const std::vector<std::uint8_t>& numbers) {
    std::set<std::uint8_t> seen;
    for (const std::uint8_t number : numbers) {
        // Share number 0 would be the polynomial at 0: the secret itself.
        if (number == 0 || !seen.insert(number).second) {
            return Error(ErrorCode::invalid_argument,
                         "share numbers must be distinct and not zero");
        }
    }
    return ok_status();
}

}  // namespace

Result<std::vector<SecretBuffer>> split(const SecretBuffer& secret, unsigned threshold,
                                        const std::vector<std::uint8_t>& numbers) {
    if (secret.empty()) {
        return Error(ErrorCode::invalid_argument, "nothing to split");
    }
    if (threshold < 2 || threshold > numbers.size()) {
        return Error(ErrorCode::invalid_argument,
                     "the threshold must be at least 2 and at most the number of shares");
    }
    WEERBAAR_TRY(check_numbers(numbers));
    use_libsodium_randomness();
    std::vector<std::uint8_t> share_numbers = numbers;  // libgfshare takes a non-const pointer
    Context context(gfshare_ctx_init_enc(
        share_numbers.data(), static_cast<unsigned>(share_numbers.size()),
        static_cast<unsigned char>(threshold), static_cast<unsigned>(secret.size())));
    if (!context) {
        return Error(ErrorCode::internal, "could not prepare the secret sharing");
    }
    // libgfshare copies the secret in through a non-const pointer; a copy of our own
    // keeps the caller's buffer out of its reach.
    SecretBuffer copy = secret.clone();
    gfshare_ctx_enc_setsecret(context.get(), copy.expose_secret().data());
    std::vector<SecretBuffer> shares;
    shares.reserve(numbers.size());
    for (std::size_t index = 0; index < numbers.size(); ++index) {
        SecretBuffer share(secret.size());
        gfshare_ctx_enc_getshare(context.get(), static_cast<unsigned char>(index),
                                 share.expose_secret().data());
        shares.push_back(std::move(share));
    }
    return shares;
}

Result<SecretBuffer> combine(const std::vector<std::uint8_t>& numbers,
                             const std::vector<const SecretBuffer*>& values) {
    if (numbers.empty() || numbers.size() != values.size() || numbers.size() > 255) {
        return Error(ErrorCode::invalid_argument, "one value per share number");
    }
    WEERBAAR_TRY(check_numbers(numbers));
    const std::size_t size = values.front()->size();
    for (const SecretBuffer* value : values) {
        if (value->size() != size || size == 0) {
            return Error(ErrorCode::invalid_argument, "shares of one split have one size");
        }
    }
    use_libsodium_randomness();
    std::vector<std::uint8_t> share_numbers = numbers;
    Context context(gfshare_ctx_init_dec(share_numbers.data(),
                                         static_cast<unsigned>(share_numbers.size()),
                                         static_cast<unsigned>(size)));
    if (!context) {
        return Error(ErrorCode::internal, "could not prepare the secret sharing");
    }
    for (std::size_t index = 0; index < values.size(); ++index) {
        SecretBuffer copy = values[index]->clone();  // as in split(): a non-const pointer
        gfshare_ctx_dec_giveshare(context.get(), static_cast<unsigned char>(index),
                                  copy.expose_secret().data());
    }
    SecretBuffer secret(size);
    gfshare_ctx_dec_extract(context.get(), secret.expose_secret().data());
    return secret;
}

}  // namespace weerbaar::crypto::shamir
