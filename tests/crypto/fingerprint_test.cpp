#include "weerbaar/crypto/fingerprint.h"

#include <catch2/catch.hpp>
#include <regex>

#include "weerbaar/crypto/identity.h"

namespace weerbaar::crypto {
namespace {

TEST_CASE("a fingerprint is 8 groups of 5 digits joined by single spaces", "[fingerprint]") {
    REQUIRE(initialise().ok());
    const Identity identity = Identity::generate();
    const std::regex shape("[0-9]{5}( [0-9]{5}){7}");
    REQUIRE(std::regex_match(
        member_fingerprint(identity.signing.public_key(), identity.encryption.public_key()),
        shape));
    REQUIRE(std::regex_match(root_fingerprint(identity.signing.public_key()), shape));
}

TEST_CASE("fingerprints are deterministic and differ for different keys", "[fingerprint]") {
    REQUIRE(initialise().ok());
    const Identity a = Identity::generate();
    const Identity b = Identity::generate();
    const std::string fa = member_fingerprint(a.signing.public_key(), a.encryption.public_key());
    REQUIRE(fa == member_fingerprint(a.signing.public_key(), a.encryption.public_key()));
    REQUIRE(fa != member_fingerprint(b.signing.public_key(), b.encryption.public_key()));
    REQUIRE(fa != member_fingerprint(a.signing.public_key(), b.encryption.public_key()));
    REQUIRE(root_fingerprint(a.signing.public_key()) != root_fingerprint(b.signing.public_key()));
}

TEST_CASE("member and root fingerprints of the same bytes differ", "[fingerprint]") {
    REQUIRE(initialise().ok());
    const Bytes key(32, 0x42);
    // The member form over (first half, second half) hashes the same 32 bytes as the
    // root form; only the domain tag tells them apart.
    const Bytes half(16, 0x42);
    REQUIRE(member_fingerprint(half, half) != root_fingerprint(key));
}

TEST_CASE("fingerprints match ignoring spaces and dashes", "[fingerprint]") {
    REQUIRE(initialise().ok());
    const std::string fp = root_fingerprint(Bytes(32, 7));
    REQUIRE(fingerprints_match(fp, fp));
    std::string compact;
    std::string dashed;
    for (const char c : fp) {
        if (c != ' ') {
            compact.push_back(c);
        }
        dashed.push_back(c == ' ' ? '-' : c);
    }
    REQUIRE(fingerprints_match(fp, compact));
    REQUIRE(fingerprints_match(dashed, fp));
    REQUIRE(fingerprints_match(" " + compact + " ", dashed));
}

TEST_CASE("fingerprints do not match when one digit differs", "[fingerprint]") {
    REQUIRE(initialise().ok());
    const std::string fp = root_fingerprint(Bytes(32, 7));
    std::string other = fp;
    other.back() = other.back() == '0' ? '1' : '0';
    REQUIRE_FALSE(fingerprints_match(fp, other));
}

TEST_CASE("fingerprints do not match with the wrong length or another character", "[fingerprint]") {
    REQUIRE(initialise().ok());
    const std::string digits40(40, '1');
    REQUIRE(fingerprints_match(digits40, digits40));
    REQUIRE_FALSE(fingerprints_match(std::string(39, '1'), std::string(39, '1')));
    REQUIRE_FALSE(fingerprints_match(std::string(41, '1'), std::string(41, '1')));
    REQUIRE_FALSE(fingerprints_match(digits40 + "1", digits40));
    REQUIRE_FALSE(fingerprints_match("", ""));
    std::string lettered = digits40;
    lettered[5] = 'a';
    REQUIRE_FALSE(fingerprints_match(lettered, lettered));
    REQUIRE_FALSE(fingerprints_match(digits40 + ".", digits40));
}

}  // namespace
}  // namespace weerbaar::crypto
