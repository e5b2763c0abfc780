#include "weerbaar/crypto/bytes.h"

#include <sodium.h>

#include <catch2/catch.hpp>

namespace weerbaar::crypto {
namespace {

TEST_CASE("initialise succeeds and may be called twice", "[bytes]") {
    REQUIRE(initialise().ok());
    REQUIRE(initialise().ok());
}

TEST_CASE("hex round-trips and accepts upper case", "[bytes]") {
    REQUIRE(initialise().ok());
    const Bytes bytes = {0x00, 0x7f, 0xab, 0xff};
    REQUIRE(to_hex(bytes) == "007fabff");
    REQUIRE(from_hex("007fabff").value() == bytes);
    REQUIRE(from_hex("007FABFF").value() == bytes);
    REQUIRE(from_hex("").value().empty());
}

TEST_CASE("from_hex fails on an odd length", "[bytes]") {
    REQUIRE(initialise().ok());
    const auto result = from_hex("abc");
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("from_hex fails on a non-hex character", "[bytes]") {
    REQUIRE(initialise().ok());
    REQUIRE(from_hex("0g").error().code() == ErrorCode::invalid_argument);
    REQUIRE(from_hex("0 ").error().code() == ErrorCode::invalid_argument);
    REQUIRE(from_hex("-1").error().code() == ErrorCode::invalid_argument);
}

TEST_CASE("equal_constant_time fails on different sizes and contents", "[bytes]") {
    REQUIRE(initialise().ok());
    REQUIRE(equal_constant_time(Bytes{1, 2}, Bytes{1, 2}));
    REQUIRE(equal_constant_time(Bytes{}, Bytes{}));
    REQUIRE_FALSE(equal_constant_time(Bytes{1, 2}, Bytes{1, 2, 3}));
    REQUIRE_FALSE(equal_constant_time(Bytes{1, 2}, Bytes{1, 3}));
}

TEST_CASE("hash is BLAKE2b of the length-prefixed domain and the data", "[bytes]") {
    REQUIRE(initialise().ok());
    const Bytes data = {1, 2, 3};
    const Bytes expected_input = {0x00, 0x03, 'a', 'b', 'c', 1, 2, 3};
    Bytes expected(32);
    crypto_generichash(expected.data(), expected.size(), expected_input.data(),
                       expected_input.size(), nullptr, 0);
    REQUIRE(hash("abc", data) == expected);
    REQUIRE(hash("abc", data, 40).size() == 40);
}

TEST_CASE("hash differs when the domain tag would run into the data", "[bytes]") {
    REQUIRE(initialise().ok());
    REQUIRE(hash("ab", as_bytes("c")) != hash("a", as_bytes("bc")));
    REQUIRE(hash("x", as_bytes("data")) != hash("y", as_bytes("data")));
}

TEST_CASE("random_bytes gives the requested size", "[bytes]") {
    REQUIRE(initialise().ok());
    REQUIRE(random_bytes(24).size() == 24);
    REQUIRE(random_bytes(32) != random_bytes(32));
}

}  // namespace
}  // namespace weerbaar::crypto
