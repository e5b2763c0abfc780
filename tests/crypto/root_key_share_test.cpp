#include "weerbaar/crypto/root_key_share.h"

#include <catch2/catch.hpp>

#include "refusals.h"

namespace weerbaar::crypto {
namespace {

constexpr std::uint64_t kCreated = 1767225600;
constexpr std::string_view kShareDomain = "weerbaar/v1/root-key-share";
constexpr std::string_view kReleaseDomain = "weerbaar/v1/root-key-share-release";

// Share offsets: version, tag, split id, threshold, count, number, root key, created.
constexpr std::size_t kThresholdOffset = 2 + kRootKeySplitIdSize;
constexpr std::size_t kNumberOffset = kThresholdOffset + 2;
constexpr std::size_t kCommitmentOffset = kNumberOffset + 1 + kSignPublicKeySize + 8;
// For holder "anne": the sealed share follows the holder's name and key.
constexpr std::size_t kShareSealedOffset =
    kCommitmentOffset + kRootKeyShareCommitmentSize + 2 + 4 + kEncPublicKeySize;

struct Coordinator {
    std::string user;
    Identity identity = Identity::generate();
};

struct Team {
    SigningKeyPair root = SigningKeyPair::generate();
    std::vector<Coordinator> coordinators;

    [[nodiscard]] std::vector<RootKeyShareRecipient> recipients() const {
        std::vector<RootKeyShareRecipient> out;
        for (const auto& one : coordinators) {
            out.push_back({one.user, one.identity.encryption.public_key()});
        }
        return out;
    }
    [[nodiscard]] const Coordinator& splitter() const { return coordinators.front(); }
};

Team make_team(std::size_t count = 3) {
    REQUIRE(initialise().ok());
    Team team;
    const std::vector<std::string> names = {"anne", "bram", "carla", "daan", "eva"};
    for (std::size_t i = 0; i < count; ++i) {
        team.coordinators.push_back({i < names.size() ? names[i] : "coord" + std::to_string(i)});
    }
    return team;
}

RootKeySplit split(const Team& team, unsigned threshold = 2) {
    auto made = split_root_key(team.root, threshold, team.recipients(), team.splitter().user,
                               team.splitter().identity.signing, kCreated);
    REQUIRE(made.ok());
    return std::move(made).value();
}

SecretBuffer opened(const RootKeySplit& split, const Team& team, std::size_t index) {
    auto plaintext = split.shares.at(index).open(team.coordinators.at(index).identity.encryption);
    REQUIRE(plaintext.ok());
    return std::move(plaintext).value();
}

std::vector<SecretBuffer> opened_shares(const RootKeySplit& split, const Team& team,
                                        const std::vector<std::size_t>& which) {
    std::vector<SecretBuffer> out;
    for (const std::size_t index : which) {
        out.push_back(opened(split, team, index));
    }
    return out;
}

TEST_CASE("any threshold of shares rebuilds the root key", "[root_key_share]") {
    const Team team = make_team(4);
    const RootKeySplit made = split(team, 3);
    REQUIRE(made.shares.size() == 4);
    REQUIRE(made.split_id.size() == kRootKeySplitIdSize);
    for (std::size_t i = 0; i < made.shares.size(); ++i) {
        const RootKeyShareBody& body = made.shares[i].body();
        CHECK(body.number == i + 1);
        CHECK(body.threshold == 3);
        CHECK(body.share_count == 4);
        CHECK(body.holder == team.coordinators[i].user);
        CHECK(body.splitter == "anne");
        CHECK(body.root_sign_pk == team.root.public_key());
        CHECK(made.shares[i].verify_signature().ok());
    }
    for (const auto& which :
         std::vector<std::vector<std::size_t>>{{0, 1, 2}, {1, 2, 3}, {3, 0, 2}, {0, 1, 2, 3}}) {
        auto rebuilt = combine_root_key_shares(opened_shares(made, team, which), made.split_id, 3,
                                               team.root.public_key());
        REQUIRE(rebuilt.ok());
        CHECK(rebuilt.value().public_key() == team.root.public_key());
        CHECK(rebuilt.value().secret_key().equals(team.root.secret_key()));
    }
    // Every 32-byte share differs from the seed and from every other share.
    const auto plaintexts = opened_shares(made, team, {0, 1, 2, 3});
    for (std::size_t i = 0; i < plaintexts.size(); ++i) {
        for (std::size_t j = i + 1; j < plaintexts.size(); ++j) {
            CHECK_FALSE(plaintexts[i].equals(plaintexts[j]));
        }
    }
}

TEST_CASE("a split refuses a threshold or a recipient list out of range", "[root_key_share]") {
    const Team team = make_team(3);
    const auto& anne = team.splitter();
    const auto refused = [&](unsigned threshold, const std::vector<RootKeyShareRecipient>& to) {
        return test::is_invalid_argument(
            split_root_key(team.root, threshold, to, anne.user, anne.identity.signing, kCreated));
    };
    CHECK(refused(1, team.recipients()));  // one share would be the key itself
    CHECK(refused(0, team.recipients()));
    CHECK(refused(4, team.recipients()));  // more than the shares
    CHECK(refused(2, {team.recipients().front()}));
    auto twice = team.recipients();
    twice.push_back(twice.front());
    CHECK(refused(2, twice));
    auto bad_key = team.recipients();
    bad_key[1].enc_pk.pop_back();
    CHECK(refused(2, bad_key));
    auto bad_name = team.recipients();
    bad_name[1].user = "Not A Name";
    CHECK(refused(2, bad_name));
    const std::vector<RootKeyShareRecipient> too_many(256, team.recipients().front());
    CHECK(refused(2, too_many));
}

TEST_CASE("M-1 shares are refused and do not rebuild the key", "[root_key_share]") {
    const Team team = make_team(3);
    const RootKeySplit made = split(team, 3);
    const auto two = opened_shares(made, team, {0, 1});
    const auto refused = combine_root_key_shares(two, made.split_id, 3, team.root.public_key());
    REQUIRE(test::fails_with(refused, ErrorCode::failed_precondition));
    // Claiming a lower threshold does not help: two points of a degree-2 polynomial
    // give some other key, and the pinned root key catches it.
    test::require_opaque_failure(
        combine_root_key_shares(two, made.split_id, 2, team.root.public_key()));
}

TEST_CASE("the same share twice does not count as two", "[root_key_share]") {
    const Team team = make_team(3);
    const RootKeySplit made = split(team);
    std::vector<SecretBuffer> same;
    same.push_back(opened(made, team, 0));
    same.push_back(opened(made, team, 0));
    test::require_opaque_failure(
        combine_root_key_shares(same, made.split_id, 2, team.root.public_key()));
}

TEST_CASE("shares of another split do not combine with this one's", "[root_key_share]") {
    const Team team = make_team(3);
    const RootKeySplit first = split(team);
    const RootKeySplit second = split(team);
    REQUIRE(first.split_id != second.split_id);
    std::vector<SecretBuffer> mixed;
    mixed.push_back(opened(first, team, 0));
    mixed.push_back(opened(second, team, 1));
    test::require_opaque_failure(
        combine_root_key_shares(mixed, second.split_id, 2, team.root.public_key()));
    test::require_opaque_failure(
        combine_root_key_shares(mixed, first.split_id, 2, team.root.public_key()));
    // A share of the first split carried in a release of the second is refused too.
    const SecretBuffer old_plaintext = opened(first, team, 1);
    CHECK(test::fails_with(
        RootKeyShareRelease::create(second.shares[1], old_plaintext, "anne",
                                    team.splitter().identity.encryption.public_key(), kCreated,
                                    team.coordinators[1].identity.signing),
        ErrorCode::integrity_failure));
}

TEST_CASE("a recovered key that is not the pinned root key is refused", "[root_key_share]") {
    const Team team = make_team(3);
    const RootKeySplit made = split(team);
    const SigningKeyPair other_root = SigningKeyPair::generate();
    test::require_opaque_failure(combine_root_key_shares(
        opened_shares(made, team, {0, 2}), made.split_id, 2, other_root.public_key()));
}

TEST_CASE("a share opens only for its holder, and not once altered", "[root_key_share]") {
    const Team team = make_team(3);
    const RootKeySplit made = split(team);
    const RootKeyShare& annes = made.shares[0];
    // Sealed to someone else: bram cannot open anne's share.
    test::require_opaque_failure(annes.open(team.coordinators[1].identity.encryption));

    const Bytes encoded = annes.encode();
    auto decoded = RootKeyShare::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    test::require_structural_refusals([](ByteView in) { return RootKeyShare::decode(in); }, encoded,
                                      0x0F);

    const auto& anne_key = team.coordinators[0].identity.encryption;
    const auto opens = [&](const Bytes& bytes) {
        auto share = RootKeyShare::decode(bytes);
        return share.ok() && share.value().open(anne_key).ok();
    };
    // Any flipped byte of the signed part or the signature.
    for (const std::size_t index :
         {std::size_t{2}, kCommitmentOffset, kShareSealedOffset + 60, encoded.size() - 1}) {
        INFO("byte " << index);
        CHECK_FALSE(opens(test::flipped(encoded, index)));
    }
    // A splitter who re-signs an altered share (another commitment, a damaged seal) is
    // still refused: the plaintext no longer matches what the header promises.
    CHECK_FALSE(opens(test::resigned(test::flipped(encoded, kCommitmentOffset),
                                     team.splitter().identity.signing, kShareDomain)));
    CHECK_FALSE(opens(test::resigned(test::flipped(encoded, kShareSealedOffset + 60),
                                     team.splitter().identity.signing, kShareDomain)));
    // Another number in the header than in the plaintext.
    CHECK_FALSE(opens(test::resigned(test::spliced(encoded, kNumberOffset, Bytes{2}),
                                     team.splitter().identity.signing, kShareDomain)));
    // Out-of-range header fields do not decode.
    CHECK(test::is_invalid_argument(
        RootKeyShare::decode(test::spliced(encoded, kThresholdOffset, Bytes{1}))));
    CHECK(test::is_invalid_argument(
        RootKeyShare::decode(test::spliced(encoded, kNumberOffset, Bytes{0}))));
    CHECK(test::is_invalid_argument(
        RootKeyShare::decode(test::spliced(encoded, kNumberOffset, Bytes{4}))));
}

TEST_CASE("a released share opens for the recoverer and combines", "[root_key_share]") {
    const Team team = make_team(3);
    const RootKeySplit made = split(team);
    const auto& carla = team.coordinators[2];
    std::vector<RootKeyShareRelease> releases;
    for (const std::size_t holder : {0, 1}) {
        auto release =
            RootKeyShareRelease::create(made.shares[holder], opened(made, team, holder), carla.user,
                                        carla.identity.encryption.public_key(), kCreated + 60,
                                        team.coordinators[holder].identity.signing);
        REQUIRE(release.ok());
        const auto& body = release.value().body();
        CHECK(body.holder == team.coordinators[holder].user);
        CHECK(body.recipient == "carla");
        CHECK(body.number == holder + 1);
        releases.push_back(std::move(release).value());
    }
    std::vector<SecretBuffer> plaintexts;
    for (std::size_t i = 0; i < releases.size(); ++i) {
        auto plaintext = releases[i].open(carla.identity.encryption, made.shares[i]);
        REQUIRE(plaintext.ok());
        plaintexts.push_back(std::move(plaintext).value());
    }
    auto rebuilt = combine_root_key_shares(plaintexts, made.split_id, 2, team.root.public_key());
    REQUIRE(rebuilt.ok());
    CHECK(rebuilt.value().public_key() == team.root.public_key());

    const Bytes encoded = releases[0].encode();
    auto decoded = RootKeyShareRelease::decode(encoded);
    REQUIRE(decoded.ok());
    REQUIRE(decoded.value().encode() == encoded);
    test::require_structural_refusals([](ByteView in) { return RootKeyShareRelease::decode(in); },
                                      encoded, 0x0E);

    // Sealed to someone else: bram cannot open what anne released to carla.
    test::require_opaque_failure(
        releases[0].open(team.coordinators[1].identity.encryption, made.shares[0]));
    // Not the share it claims to carry: another holder's, or another split's.
    test::require_opaque_failure(releases[0].open(carla.identity.encryption, made.shares[1]));
    const RootKeySplit other = split(team);
    test::require_opaque_failure(releases[0].open(carla.identity.encryption, other.shares[0]));
    // Tampered: any flipped byte; or re-signed by the holder around a flipped seal.
    const auto opens = [&](const Bytes& bytes) {
        auto release = RootKeyShareRelease::decode(bytes);
        return release.ok() && release.value().open(carla.identity.encryption, made.shares[0]).ok();
    };
    for (const std::size_t index : {std::size_t{2}, std::size_t{2 + kRootKeySplitIdSize},
                                    encoded.size() - 70, encoded.size() - 1}) {
        INFO("byte " << index);
        CHECK_FALSE(opens(test::flipped(encoded, index)));
    }
    CHECK_FALSE(opens(test::resigned(test::flipped(encoded, encoded.size() - 70),
                                     team.coordinators[0].identity.signing, kReleaseDomain)));
}

TEST_CASE("the split authorisation is the root key's signature over the split",
          "[root_key_share]") {
    const Team team = make_team(3);
    const RootKeySplit made = split(team);
    const auto verifies = [&](const Bytes& root_pk, const Bytes& split_id, std::uint8_t threshold,
                              std::uint8_t count, std::uint64_t created, const std::string& who) {
        return verify_root_key_split(root_pk, split_id, threshold, count, created, who,
                                     made.root_signature)
            .ok();
    };
    const Bytes& root = team.root.public_key();
    CHECK(verifies(root, made.split_id, 2, 3, kCreated, "anne"));
    CHECK_FALSE(verifies(team.splitter().identity.signing.public_key(), made.split_id, 2, 3,
                         kCreated, "anne"));
    CHECK_FALSE(verifies(root, random_bytes(kRootKeySplitIdSize), 2, 3, kCreated, "anne"));
    CHECK_FALSE(verifies(root, made.split_id, 3, 3, kCreated, "anne"));
    CHECK_FALSE(verifies(root, made.split_id, 2, 4, kCreated, "anne"));
    CHECK_FALSE(verifies(root, made.split_id, 2, 3, kCreated + 1, "anne"));
    CHECK_FALSE(verifies(root, made.split_id, 2, 3, kCreated, "bram"));
}

}  // namespace
}  // namespace weerbaar::crypto
