#include "login_challenges.h"

#include "server_limits.h"
#include "weerbaar/crypto/proof_of_possession.h"

namespace weerbaar::server {
namespace {

constexpr std::size_t kNonceBytes = 8;
constexpr std::size_t kExpiryBytes = 8;
constexpr std::size_t kTagBytes = 16;
static_assert(kNonceBytes + kExpiryBytes + kTagBytes == crypto::kChallengeSize);
constexpr std::size_t kKeyBytes = 32;

long long seconds_of(LoginChallenges::Clock::time_point at) {
    return std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
}

long long expiry_of(const crypto::Bytes& challenge) {
    unsigned long long value = 0;
    for (std::size_t i = 0; i < kExpiryBytes; ++i) {
        value = (value << 8U) | challenge[kNonceBytes + i];
    }
    return static_cast<long long>(value);
}

}  // namespace

LoginChallenges::LoginChallenges() : key_(crypto::SecretBuffer::random(kKeyBytes)) {}

crypto::Bytes LoginChallenges::tag(const std::string& user,
                                   crypto::ByteView nonce_and_expiry) const {
    crypto::Bytes message(crypto::as_bytes(user).begin(), crypto::as_bytes(user).end());
    message.push_back(0);  // names never hold NUL: user and nonce cannot run together
    message.insert(message.end(), nonce_and_expiry.begin(), nonce_and_expiry.end());
    return crypto::keyed_hash(key_.expose_secret(), "weerbaar.login-challenge.v1", message,
                              kTagBytes);
}

crypto::Bytes LoginChallenges::issue(const std::string& user, Clock::time_point now) {
    crypto::Bytes challenge = crypto::random_bytes(kNonceBytes);
    const auto expires = static_cast<unsigned long long>(seconds_of(now + kChallengeLifetime));
    for (std::size_t i = 0; i < kExpiryBytes; ++i) {
        challenge.push_back(static_cast<std::uint8_t>(expires >> (8U * (kExpiryBytes - 1 - i))));
    }
    const crypto::Bytes mac = tag(user, challenge);
    challenge.insert(challenge.end(), mac.begin(), mac.end());
    return challenge;
}

bool LoginChallenges::valid(const std::string& user, const crypto::Bytes& challenge,
                            Clock::time_point now) {
    if (challenge.size() != crypto::kChallengeSize) {
        return false;
    }
    const crypto::ByteView body(challenge.data(), kNonceBytes + kExpiryBytes);
    const crypto::ByteView given(challenge.data() + kNonceBytes + kExpiryBytes, kTagBytes);
    if (!crypto::equal_constant_time(tag(user, body), given)) {
        return false;
    }
    const long long expires = expiry_of(challenge);
    if (expires <= seconds_of(now)) {
        return false;
    }
    std::lock_guard lock(mutex_);
    return used_.find(challenge) == used_.end();
}

bool LoginChallenges::consume(const crypto::Bytes& challenge, Clock::time_point now) {
    const long long current = seconds_of(now);
    std::lock_guard lock(mutex_);
    for (auto it = used_.begin(); it != used_.end();) {
        it = it->second <= current ? used_.erase(it) : std::next(it);
    }
    return used_.emplace(challenge, expiry_of(challenge)).second;
}

}  // namespace weerbaar::server
