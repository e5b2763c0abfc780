#include "weerbaar/crypto/secret_buffer.h"

#include <catch2/catch.hpp>

namespace weerbaar::crypto {
namespace {

TEST_CASE("a new secret buffer is zeroed", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    const SecretBuffer buffer(48);
    REQUIRE(buffer.size() == 48);
    for (const std::uint8_t byte : buffer.expose_secret()) {
        REQUIRE(byte == 0);
    }
}

TEST_CASE("a secret buffer of size zero allocates nothing", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    const SecretBuffer buffer(0);
    REQUIRE(buffer.empty());
    REQUIRE(buffer.expose_secret().data() == nullptr);
    REQUIRE(buffer.equals(SecretBuffer()));
    REQUIRE(buffer.clone().empty());
}

TEST_CASE("copy_of holds exactly the given bytes", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    const Bytes source = {1, 2, 3, 4, 5};
    const SecretBuffer buffer = SecretBuffer::copy_of(source);
    const auto secret = buffer.expose_secret();
    REQUIRE(Bytes(secret.begin(), secret.end()) == source);
}

TEST_CASE("moving a secret buffer leaves the source empty", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    SecretBuffer source = SecretBuffer::copy_of(Bytes{9, 8, 7});
    const SecretBuffer moved(std::move(source));
    REQUIRE(moved.size() == 3);
    REQUIRE(source.empty());  // NOLINT(bugprone-use-after-move): the moved-from state is specified
    SecretBuffer assigned;
    assigned = SecretBuffer::copy_of(Bytes{1});
    assigned = SecretBuffer::copy_of(Bytes{2, 2});
    REQUIRE(assigned.size() == 2);
}

TEST_CASE("equals fails when one byte differs", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    const SecretBuffer a = SecretBuffer::copy_of(Bytes{1, 2, 3});
    const SecretBuffer b = SecretBuffer::copy_of(Bytes{1, 2, 4});
    REQUIRE_FALSE(a.equals(b));
    REQUIRE(a.equals(SecretBuffer::copy_of(Bytes{1, 2, 3})));
}

TEST_CASE("equals fails when the sizes differ", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    const SecretBuffer a = SecretBuffer::copy_of(Bytes{1, 2, 3});
    const SecretBuffer b = SecretBuffer::copy_of(Bytes{1, 2});
    REQUIRE_FALSE(a.equals(b));
}

TEST_CASE("clone is equal but does not share memory", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    SecretBuffer original = SecretBuffer::copy_of(Bytes{1, 2, 3});
    const SecretBuffer copy = original.clone();
    REQUIRE(copy.equals(original));
    REQUIRE(copy.expose_secret().data() != original.expose_secret().data());
    original.expose_secret()[0] = 42;
    REQUIRE_FALSE(copy.equals(original));
}

TEST_CASE("two random secret buffers differ", "[secret_buffer]") {
    REQUIRE(initialise().ok());
    const SecretBuffer a = SecretBuffer::random(32);
    const SecretBuffer b = SecretBuffer::random(32);
    REQUIRE(a.size() == 32);
    REQUIRE_FALSE(a.equals(b));
}

}  // namespace
}  // namespace weerbaar::crypto
