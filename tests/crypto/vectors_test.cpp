// Known-answer tests against tests/vectors/*.json, written by vector_generator.cpp
// (which builds the randomised formats with libsodium directly, following
// docs/crypto.md, so these also check the library against that description).

#include <sodium.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "refusals.h"
#include "tamper.h"
#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/backup_stream.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/fingerprint.h"
#include "weerbaar/crypto/keystore.h"
#include "weerbaar/crypto/privacy_ledger.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/crypto/research_key.h"
#include "weerbaar/crypto/research_package.h"
#include "weerbaar/crypto/research_record.h"
#include "weerbaar/crypto/restore_notice.h"
#include "weerbaar/crypto/revocation.h"
#include "weerbaar/crypto/root_key_share.h"
#include "weerbaar/crypto/server_certificate_endorsement.h"

namespace weerbaar::crypto {
namespace {

using Json = nlohmann::json;

Json load(const std::string& name) {
    REQUIRE(initialise().ok());
    std::ifstream in(std::string(WEERBAAR_VECTORS_DIR) + "/" + name);
    REQUIRE(in.good());
    Json json = Json::parse(in);
    REQUIRE(json.contains("description"));
    return json;
}

Bytes hex(const Json& value) {
    auto bytes = from_hex(value.get<std::string>());
    REQUIRE(bytes.ok());
    return std::move(bytes).value();
}

SecretBuffer secret_hex(const Json& value) { return SecretBuffer::copy_of(hex(value)); }

// A signature over signed_message checks with plain libsodium, as another binding would.
void require_raw_signature(const Json& vector, const Bytes& public_key) {
    const Bytes message = hex(vector["signed_message"]);
    const Bytes signature = hex(vector["signature"]);
    REQUIRE(crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                        public_key.data()) == 0);
}

TEST_CASE("certificate vectors decode, re-encode, verify and chain", "[vectors]") {
    const Json json = load("certificate.json");
    const Bytes root = hex(json["root_sign_pk"]);
    std::vector<Certificate> certificates;
    for (const Json& vector : json["cases"]) {
        INFO(vector["name"].get<std::string>());
        const Bytes encoded = hex(vector["encoded"]);
        const auto cert = Certificate::decode(encoded);
        REQUIRE(cert.ok());
        REQUIRE(cert.value().encode() == encoded);
        const CertificateBody& body = cert.value().body();
        REQUIRE(body.user == vector["user"].get<std::string>());
        REQUIRE(role_name(body.role) == vector["role"].get<std::string>());
        REQUIRE(body.sign_pk == hex(vector["sign_pk"]));
        REQUIRE(body.enc_pk == hex(vector["enc_pk"]));
        REQUIRE(body.issued == vector["issued"].get<std::uint64_t>());
        REQUIRE(body.issuer == vector["issuer"].get<std::string>());
        REQUIRE(body.issuer_sign_pk == hex(vector["issuer_sign_pk"]));
        REQUIRE(cert.value().signature() == hex(vector["signature"]));
        REQUIRE(cert.value().verify_signature().ok());
        REQUIRE(cert.value().fingerprint() == vector["fingerprint"].get<std::string>());
        require_raw_signature(vector, body.issuer_sign_pk);

        const auto altered = Certificate::decode(test::flipped(encoded, encoded.size() - 70));
        REQUIRE((!altered.ok() || !altered.value().verify_signature().ok()));
        certificates.push_back(cert.value());
    }
    REQUIRE(certificates.size() == 2);
    REQUIRE(verify_chain(certificates[0], nullptr, root).ok());
    REQUIRE(verify_chain(certificates[1], &certificates[0], root).ok());
}

TEST_CASE("key wrap vector decodes, re-encodes and opens to the case key", "[vectors]") {
    const Json vector = load("key_wrap.json");
    const Bytes encoded = hex(vector["encoded"]);
    const auto wrap = KeyWrap::decode(encoded);
    REQUIRE(wrap.ok());
    REQUIRE(wrap.value().encode() == encoded);
    const KeyWrapBody& body = wrap.value().body();
    REQUIRE(body.case_id == hex(vector["case_id"]));
    REQUIRE(body.epoch == vector["epoch"].get<std::uint32_t>());
    REQUIRE(body.recipient == vector["recipient"].get<std::string>());
    REQUIRE(body.recipient_enc_pk == hex(vector["recipient_enc_pk"]));
    REQUIRE(body.sealed_key == hex(vector["sealed_key"]));
    REQUIRE(body.granter == vector["granter"].get<std::string>());
    REQUIRE(body.granter_sign_pk == hex(vector["granter_sign_pk"]));
    REQUIRE(wrap.value().verify_signature().ok());
    require_raw_signature(vector, body.granter_sign_pk);

    auto recipient = EncryptionKeyPair::from_secret(secret_hex(vector["recipient_enc_sk"]));
    REQUIRE(recipient.ok());
    REQUIRE(recipient.value().public_key() == body.recipient_enc_pk);
    const auto key = wrap.value().open(recipient.value());
    REQUIRE(key.ok());
    REQUIRE(key.value().secret().equals(secret_hex(vector["case_key"])));

    const auto altered = KeyWrap::decode(test::flipped(encoded, 2 + 16 + 4 + 2 + 4 + 32 + 40));
    REQUIRE(altered.ok());
    REQUIRE_FALSE(altered.value().open(recipient.value()).ok());
}

TEST_CASE("record vector decodes, re-encodes, hashes and opens to the plaintext", "[vectors]") {
    const Json vector = load("record.json");
    const Bytes encoded = hex(vector["encoded"]);
    const auto record = SealedRecord::decode(encoded);
    REQUIRE(record.ok());
    REQUIRE(record.value().encode() == encoded);
    const RecordHeader& header = record.value().header();
    REQUIRE(header.case_id == hex(vector["case_id"]));
    REQUIRE(header.record_id == hex(vector["record_id"]));
    REQUIRE(header.epoch == vector["epoch"].get<std::uint32_t>());
    REQUIRE(header.author == vector["author"].get<std::string>());
    REQUIRE(header.created == vector["created"].get<std::uint64_t>());
    REQUIRE(header.seen_hashes.size() == vector["seen_hashes"].size());
    for (std::size_t i = 0; i < header.seen_hashes.size(); ++i) {
        REQUIRE(header.seen_hashes[i] == hex(vector["seen_hashes"][i]));
    }
    REQUIRE(record.value().hash() == hex(vector["record_hash"]));
    const Bytes author = hex(vector["author_sign_pk"]);
    require_raw_signature(vector, author);

    auto key = CaseKey::from_secret(secret_hex(vector["case_key"]));
    REQUIRE(key.ok());
    const auto plaintext = record.value().open(key.value(), author);
    REQUIRE(plaintext.ok());
    const auto bytes = plaintext.value().expose_secret();
    REQUIRE(Bytes(bytes.begin(), bytes.end()) == hex(vector["plaintext"]));

    const auto altered = SealedRecord::decode(test::flipped(encoded, 2 + 16 + 16 + 3));
    REQUIRE(altered.ok());
    REQUIRE_FALSE(altered.value().open(key.value(), author).ok());
}

TEST_CASE("keystore vector opens with its passphrase and fails when altered", "[vectors]") {
    const Json vector = load("keystore.json");
    const Bytes encoded = hex(vector["encoded"]);
    const SecretBuffer passphrase =
        SecretBuffer::copy_of(as_bytes(vector["passphrase"].get<std::string>()));
    const auto contents = open_keystore(encoded, passphrase);
    REQUIRE(contents.ok());
    REQUIRE(contents.value().user == vector["user"].get<std::string>());
    REQUIRE(contents.value().identity.signing.secret_key().equals(secret_hex(vector["sign_sk"])));
    REQUIRE(contents.value().identity.encryption.secret_key().equals(secret_hex(vector["enc_sk"])));
    REQUIRE(contents.value().root.has_value());
    REQUIRE(contents.value().root->secret_key().equals(secret_hex(vector["root_sign_sk"])));

    REQUIRE_FALSE(open_keystore(test::flipped(encoded, encoded.size() - 20), passphrase).ok());
}

TEST_CASE("fingerprint vectors give the expected digit groups", "[vectors]") {
    const Json json = load("fingerprint.json");
    REQUIRE(json["cases"].size() == 2);
    for (const Json& vector : json["cases"]) {
        const std::string expected = vector["fingerprint"].get<std::string>();
        std::string actual;
        if (vector["kind"] == "member") {
            actual = member_fingerprint(hex(vector["sign_pk"]), hex(vector["enc_pk"]));
            Bytes altered = hex(vector["enc_pk"]);
            altered[0] ^= 0x01;
            REQUIRE_FALSE(
                fingerprints_match(member_fingerprint(hex(vector["sign_pk"]), altered), expected));
        } else {
            actual = root_fingerprint(hex(vector["root_sign_pk"]));
            REQUIRE_FALSE(fingerprints_match(
                root_fingerprint(test::flipped(hex(vector["root_sign_pk"]), 0)), expected));
        }
        REQUIRE(actual == expected);
        REQUIRE(fingerprints_match(actual, expected));
    }
}

TEST_CASE("enrolment vector verifies and fails when altered", "[vectors]") {
    const Json vector = load("enrolment.json");
    const std::string user = vector["user"].get<std::string>();
    const Bytes sign_pk = hex(vector["sign_pk"]);
    const Bytes enc_pk = hex(vector["enc_pk"]);
    const Bytes signature = hex(vector["signature"]);
    REQUIRE(verify_enrolment(user, sign_pk, enc_pk, signature).ok());
    require_raw_signature(vector, sign_pk);
    REQUIRE_FALSE(verify_enrolment(user, sign_pk, test::flipped(enc_pk, 31), signature).ok());
}

TEST_CASE("login vector verifies and fails when altered", "[vectors]") {
    const Json vector = load("login.json");
    const std::string user = vector["user"].get<std::string>();
    const Bytes sign_pk = hex(vector["sign_pk"]);
    const Bytes challenge = hex(vector["challenge"]);
    const Bytes signature = hex(vector["signature"]);
    REQUIRE(verify_login(sign_pk, user, challenge, signature).ok());
    require_raw_signature(vector, sign_pk);
    REQUIRE_FALSE(verify_login(sign_pk, user, test::flipped(challenge, 0), signature).ok());
}

TEST_CASE("revocation vector decodes, re-encodes, hashes and revokes the certificate",
          "[vectors]") {
    const Json vector = load("revocation.json");
    const Bytes encoded = hex(vector["encoded"]);
    const auto revocation = Revocation::decode(encoded);
    REQUIRE(revocation.ok());
    REQUIRE(revocation.value().encode() == encoded);
    const RevocationBody& body = revocation.value().body();
    REQUIRE(body.user == vector["user"].get<std::string>());
    REQUIRE(body.certificate_hash == hex(vector["certificate_hash"]));
    REQUIRE(body.revoked_at == vector["revoked_at"].get<std::uint64_t>());
    REQUIRE(body.revoker == vector["revoker"].get<std::string>());
    REQUIRE(body.revoker_sign_pk == hex(vector["revoker_sign_pk"]));
    REQUIRE(revocation.value().verify_signature().ok());
    REQUIRE(revocation.value().hash() == hex(vector["revocation_hash"]));
    require_raw_signature(vector, body.revoker_sign_pk);

    const auto revoked = Certificate::decode(hex(vector["revoked_certificate"]));
    const auto revoker = Certificate::decode(hex(vector["revoker_certificate"]));
    REQUIRE(revoked.ok());
    REQUIRE(revoker.ok());
    REQUIRE(revoked.value().hash() == body.certificate_hash);
    const Bytes root = hex(vector["root_sign_pk"]);
    REQUIRE(verify_revocation(revocation.value(), revoked.value(), revoker.value(), root).ok());

    const std::size_t revoked_at_offset = 2 + 2 + body.user.size() + 32;
    const auto altered = Revocation::decode(test::flipped(encoded, revoked_at_offset));
    REQUIRE(altered.ok());
    REQUIRE_FALSE(verify_revocation(altered.value(), revoked.value(), revoker.value(), root).ok());
}

// Decodes one audit entry of a vector and checks every field, its re-encoding and hash.
AuditEntry audit_entry_of(const Json& vector) {
    INFO("entry " << vector["sequence"].get<std::uint64_t>());
    const Bytes encoded = hex(vector["encoded"]);
    const auto entry = AuditEntry::decode(encoded);
    REQUIRE(entry.ok());
    REQUIRE(entry.value().encode() == encoded);
    const AuditEntryBody& body = entry.value().body();
    REQUIRE(body.sequence == vector["sequence"].get<std::uint64_t>());
    REQUIRE(body.time == vector["time"].get<std::uint64_t>());
    REQUIRE(audit_event_name(body.event) == vector["event"].get<std::string>());
    REQUIRE(static_cast<int>(body.event) == vector["event_byte"].get<int>());
    REQUIRE(body.actor == vector["actor"].get<std::string>());
    REQUIRE(body.subject == vector["subject"].get<std::string>());
    REQUIRE(body.case_id == hex(vector["case_id"]));
    REQUIRE(body.previous_hash == hex(vector["previous_hash"]));
    REQUIRE(body.detail == vector.value("detail", std::string()));
    REQUIRE(entry.value().hash() == hex(vector["hash"]));
    return entry.value();
}

TEST_CASE("audit vector entries decode, re-encode, hash and chain to the checkpoint", "[vectors]") {
    const Json json = load("audit.json");
    std::vector<AuditEntry> entries;
    for (const Json& vector : json["entries"]) {
        entries.push_back(audit_entry_of(vector));
    }
    REQUIRE(entries.size() == 4);

    const Json& vector = json["checkpoint"];
    const Bytes encoded = hex(vector["encoded"]);
    const auto checkpoint = AuditCheckpoint::decode(encoded);
    REQUIRE(checkpoint.ok());
    REQUIRE(checkpoint.value().encode() == encoded);
    REQUIRE(checkpoint.value().sequence() == vector["sequence"].get<std::uint64_t>());
    REQUIRE(checkpoint.value().head_hash() == hex(vector["head_hash"]));
    REQUIRE(checkpoint.value().time() == vector["time"].get<std::uint64_t>());
    const Bytes server = hex(json["server_sign_pk"]);
    REQUIRE(checkpoint.value().verify(server).ok());
    require_raw_signature(vector, server);

    const auto anchor = verify_audit_chain(entries, {checkpoint.value()}, server, std::nullopt);
    REQUIRE(anchor.ok());
    REQUIRE(anchor.value().sequence == 4);
    REQUIRE(anchor.value().head_hash == hex(vector["head_hash"]));

    // The time of entry 2, altered: entry 2 no longer hashes to entry 3's previous_hash.
    const Bytes second = hex(json["entries"][1]["encoded"]);
    const auto altered = AuditEntry::decode(test::flipped(second, 2 + 8 + 7));
    REQUIRE(altered.ok());
    entries[1] = altered.value();
    const auto broken = verify_audit_chain(entries, {checkpoint.value()}, server, std::nullopt);
    REQUIRE_FALSE(broken.ok());
    REQUIRE(broken.error().message().find("audit entry 2:") == 0);
}

TEST_CASE("attachment vectors open, hash, and fail when altered", "[vectors]") {
    const Json json = load("attachment.json");
    const SecretBuffer key = secret_hex(json["key"]);
    const Bytes case_id = hex(json["case_id"]);
    const Bytes attachment_id = hex(json["attachment_id"]);
    const AttachmentSink ignore = [](ByteView) { return ok_status(); };
    for (const Json& vector : json["streams"]) {
        INFO(vector["name"].get<std::string>());
        const Bytes encoded = hex(vector["encoded"]);
        const Bytes plaintext = hex(vector["plaintext"]);
        const Bytes hash = hex(vector["ciphertext_hash"]);
        REQUIRE(encoded.size() == attachment_ciphertext_size(plaintext.size()));
        AttachmentHasher hasher;
        hasher.update(encoded);
        REQUIRE(hasher.finish() == hash);

        auto opener = AttachmentOpener::create(key, case_id, attachment_id, hash);
        REQUIRE(opener.ok());
        Bytes opened;
        const AttachmentSink collect = [&](ByteView bytes) {
            opened.insert(opened.end(), bytes.begin(), bytes.end());
            return ok_status();
        };
        for (std::size_t at = 0; at < encoded.size(); at += 7) {
            const std::size_t size = std::min<std::size_t>(7, encoded.size() - at);
            REQUIRE(opener.value().update(ByteView(encoded).subspan(at, size), collect).ok());
        }
        REQUIRE(opener.value().finish(collect).ok());
        REQUIRE(opened == plaintext);

        const Bytes altered = test::flipped(encoded, encoded.size() - 1);
        auto altered_opener = AttachmentOpener::create(key, case_id, attachment_id, hash);
        REQUIRE(altered_opener.ok());
        const Status altered_status = altered_opener.value().update(altered, ignore);
        REQUIRE(altered_status.ok());
        REQUIRE_FALSE(altered_opener.value().finish(ignore).ok());
    }
}

TEST_CASE("an attachment the library seals opens with plain libsodium and the vector's layout",
          "[vectors]") {
    const Json json = load("attachment.json");
    const SecretBuffer key = secret_hex(json["key"]);
    const Bytes associated_data = hex(json["associated_data"]);
    auto sealer = AttachmentSealer::create(key, hex(json["case_id"]), hex(json["attachment_id"]));
    REQUIRE(sealer.ok());
    Bytes encoded;
    const AttachmentSink collect = [&](ByteView bytes) {
        encoded.insert(encoded.end(), bytes.begin(), bytes.end());
        return ok_status();
    };
    const Bytes plaintext = random_bytes(kAttachmentChunkSize + 10);
    REQUIRE(sealer.value().update(plaintext, collect).ok());
    REQUIRE(sealer.value().finish(collect).ok());

    crypto_secretstream_xchacha20poly1305_state state;
    REQUIRE(crypto_secretstream_xchacha20poly1305_init_pull(&state, encoded.data(),
                                                            key.expose_secret().data()) == 0);
    const std::size_t sealed_chunk = kAttachmentChunkSize + kAttachmentChunkOverhead;
    Bytes opened(kAttachmentChunkSize + 10);
    unsigned long long first_size = 0;
    unsigned long long last_size = 0;
    unsigned char tag = 0;
    REQUIRE(crypto_secretstream_xchacha20poly1305_pull(
                &state, opened.data(), &first_size, &tag, encoded.data() + 24, sealed_chunk,
                associated_data.data(), associated_data.size()) == 0);
    REQUIRE(tag == crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    REQUIRE(crypto_secretstream_xchacha20poly1305_pull(
                &state, opened.data() + first_size, &last_size, &tag,
                encoded.data() + 24 + sealed_chunk, encoded.size() - 24 - sealed_chunk,
                associated_data.data(), associated_data.size()) == 0);
    REQUIRE(tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    REQUIRE(first_size == kAttachmentChunkSize);
    REQUIRE(last_size == 10);
    REQUIRE(opened == plaintext);
}

// Decodes a vector's `encoded` as a T and checks that it re-encodes to the same bytes.
template <typename T>
T decoded(const Json& vector) {
    const Bytes encoded = hex(vector["encoded"]);
    auto value = T::decode(encoded);
    REQUIRE(value.ok());
    REQUIRE(value.value().encode() == encoded);
    return std::move(value).value();
}

EncryptionKeyPair box_pair(const Json& secret_key) {
    auto pair = EncryptionKeyPair::from_secret(secret_hex(secret_key));
    REQUIRE(pair.ok());
    return std::move(pair).value();
}

TEST_CASE("research key certificate vector decodes, re-encodes and verifies with the root",
          "[vectors]") {
    const Json vector = load("research_key_certificate.json");
    const Bytes encoded = hex(vector["encoded"]);
    const ResearchKeyCertificate cert = decoded<ResearchKeyCertificate>(vector);
    const ResearchKeyCertificateBody& body = cert.body();
    REQUIRE(body.generation == vector["generation"].get<std::uint32_t>());
    REQUIRE(body.enc_pk == hex(vector["enc_pk"]));
    REQUIRE(body.issued == vector["issued"].get<std::uint64_t>());
    REQUIRE(body.root_sign_pk == hex(vector["root_sign_pk"]));
    const Bytes root = hex(vector["root_sign_pk"]);
    REQUIRE(cert.verify(root).ok());
    require_raw_signature(vector, root);
    // The root of certificate.json signed it.
    REQUIRE(root == hex(load("certificate.json")["root_sign_pk"]));

    const auto altered = ResearchKeyCertificate::decode(test::flipped(encoded, 2 + 4 + 5));
    REQUIRE(altered.ok());
    REQUIRE_FALSE(altered.value().verify(root).ok());
}

TEST_CASE("research key wrap vector decodes, re-encodes and opens to the certified key",
          "[vectors]") {
    const Json vector = load("research_key_wrap.json");
    const Bytes encoded = hex(vector["encoded"]);
    const ResearchKeyWrap wrap = decoded<ResearchKeyWrap>(vector);
    const ResearchKeyWrapBody& body = wrap.body();
    REQUIRE(body.generation == vector["generation"].get<std::uint32_t>());
    REQUIRE(body.recipient == vector["recipient"].get<std::string>());
    REQUIRE(body.recipient_enc_pk == hex(vector["recipient_enc_pk"]));
    REQUIRE(body.sealed_key == hex(vector["sealed_key"]));
    REQUIRE(body.granter == vector["granter"].get<std::string>());
    REQUIRE(body.granter_sign_pk == hex(vector["granter_sign_pk"]));
    REQUIRE(wrap.verify_signature().ok());
    require_raw_signature(vector, body.granter_sign_pk);

    const EncryptionKeyPair carol = box_pair(vector["recipient_enc_sk"]);
    REQUIRE(carol.public_key() == body.recipient_enc_pk);
    const Bytes research_pk = hex(vector["research_enc_pk"]);
    REQUIRE(research_pk == hex(load("research_key_certificate.json")["enc_pk"]));
    const auto research = wrap.open(carol, research_pk);
    REQUIRE(research.ok());
    REQUIRE(research.value().public_key() == research_pk);
    REQUIRE(research.value().secret_key().equals(secret_hex(vector["research_enc_sk"])));

    const auto altered = ResearchKeyWrap::decode(test::flipped(encoded, 2 + 4 + 2 + 5 + 32 + 40));
    REQUIRE(altered.ok());
    REQUIRE_FALSE(altered.value().open(carol, research_pk).ok());
}

TEST_CASE("research record vector decodes, re-encodes and opens with the research key",
          "[vectors]") {
    const Json vector = load("research_record.json");
    const Bytes encoded = hex(vector["encoded"]);
    const ResearchRecord record = decoded<ResearchRecord>(vector);
    const ResearchRecordBody& body = record.body();
    REQUIRE(body.case_id == hex(vector["case_id"]));
    REQUIRE(body.generation == vector["generation"].get<std::uint32_t>());
    REQUIRE(body.author == vector["author"].get<std::string>());
    REQUIRE(body.created == vector["created"].get<std::uint64_t>());
    REQUIRE(body.sealed == hex(vector["sealed"]));
    const Bytes author = hex(vector["author_sign_pk"]);
    REQUIRE(record.verify_signature(author).ok());
    require_raw_signature(vector, author);

    const EncryptionKeyPair research = box_pair(vector["research_enc_sk"]);
    REQUIRE(research.public_key() == hex(vector["research_enc_pk"]));
    const auto plaintext = record.open(author, research);
    REQUIRE(plaintext.ok());
    const auto bytes = plaintext.value().expose_secret();
    REQUIRE(Bytes(bytes.begin(), bytes.end()) == hex(vector["plaintext"]));

    const auto altered = ResearchRecord::decode(test::flipped(encoded, encoded.size() - 70));
    REQUIRE(altered.ok());
    REQUIRE_FALSE(altered.value().open(author, research).ok());
}

TEST_CASE("privacy ledger vector entries decode, re-encode, verify, hash and chain", "[vectors]") {
    const Json json = load("privacy_ledger.json");
    std::vector<PrivacyLedgerEntry> entries;
    for (const Json& vector : json["entries"]) {
        INFO("entry " << vector["sequence"].get<std::uint64_t>());
        const PrivacyLedgerEntry entry = decoded<PrivacyLedgerEntry>(vector);
        const PrivacyLedgerEntryBody& body = entry.body();
        REQUIRE(body.sequence == vector["sequence"].get<std::uint64_t>());
        REQUIRE(body.previous_hash == hex(vector["previous_hash"]));
        REQUIRE(body.exporter == vector["exporter"].get<std::string>());
        REQUIRE(entry.exporter_sign_pk() == hex(vector["exporter_sign_pk"]));
        REQUIRE(body.time == vector["time"].get<std::uint64_t>());
        REQUIRE(body.from_period == vector["from_period"].get<std::string>());
        REQUIRE(body.to_period == vector["to_period"].get<std::string>());
        REQUIRE(body.k == vector["k"].get<std::uint32_t>());
        REQUIRE(body.epsilon_millis == vector["epsilon_millis"].get<std::uint32_t>());
        REQUIRE(body.manifest_hash == hex(vector["manifest_hash"]));
        REQUIRE(entry.verify_signature().ok());
        REQUIRE(entry.hash() == hex(vector["hash"]));
        require_raw_signature(vector, entry.exporter_sign_pk());
        entries.push_back(entry);
    }
    REQUIRE(entries.size() == 2);
    REQUIRE(verify_privacy_ledger_chain(entries).ok());

    // The k of entry 1, altered: its signature fails and so does the chain.
    const Bytes first = hex(json["entries"][0]["encoded"]);
    const std::size_t k_offset = 2 + 8 + 32 + 2 + 3 + 32 + 8 + 8 + 8 + 3;
    const auto altered = PrivacyLedgerEntry::decode(test::flipped(first, k_offset));
    REQUIRE(altered.ok());
    REQUIRE(altered.value().body().k == 4);
    entries[0] = altered.value();
    const Status broken = verify_privacy_ledger_chain(entries);
    REQUIRE_FALSE(broken.ok());
    REQUIRE(broken.error().message().find("privacy ledger entry 1:") == 0);
}

TEST_CASE("research package vectors decode, re-encode, verify and open to their files",
          "[vectors]") {
    const Json json = load("research_package.json");
    REQUIRE(json["cases"].size() == 2);
    for (const Json& vector : json["cases"]) {
        INFO(vector["name"].get<std::string>());
        const Bytes encoded = hex(vector["encoded"]);
        const ResearchPackage package = decoded<ResearchPackage>(vector);
        const ResearchPackageInfo& info = package.info();
        REQUIRE(info.exporter == vector["exporter"].get<std::string>());
        REQUIRE(info.exporter_sign_pk == hex(vector["exporter_sign_pk"]));
        REQUIRE(info.created == vector["created"].get<std::uint64_t>());
        REQUIRE(info.encrypted == vector["encrypted"].get<bool>());
        REQUIRE(package.verify_signature().ok());
        require_raw_signature(vector, info.exporter_sign_pk);

        std::optional<EncryptionKeyPair> recipient;
        if (info.encrypted) {
            REQUIRE(info.recipient == vector["recipient"].get<std::string>());
            REQUIRE(info.recipient_enc_pk == hex(vector["recipient_enc_pk"]));
            recipient = box_pair(vector["recipient_enc_sk"]);
        }
        const EncryptionKeyPair* key = recipient.has_value() ? &*recipient : nullptr;
        const auto files = package.open(key);
        REQUIRE(files.ok());
        REQUIRE(files.value().size() == vector["files"].size());
        for (std::size_t i = 0; i < files.value().size(); ++i) {
            REQUIRE(files.value()[i].name == vector["files"][i]["name"].get<std::string>());
            REQUIRE(files.value()[i].bytes == hex(vector["files"][i]["bytes"]));
        }

        const auto altered = ResearchPackage::decode(test::flipped(encoded, encoded.size() - 70));
        REQUIRE(altered.ok());
        REQUIRE_FALSE(altered.value().open(key).ok());
    }
}

TEST_CASE("an encrypted research package the library seals opens with plain libsodium",
          "[vectors]") {
    // The other direction: what the library writes follows the vector's layout.
    const Json vector = load("research_package.json")["cases"][1];
    const EncryptionKeyPair rita = box_pair(vector["recipient_enc_sk"]);
    const SigningKeyPair bob = SigningKeyPair::generate();
    const auto package = ResearchPackage::seal({{"a.csv", Bytes{'1', '\n'}}}, "bob", 7, bob,
                                               std::pair{std::string("rita"), rita.public_key()});
    REQUIRE(package.ok());
    const Bytes encoded = package.value().encode();
    const std::size_t header_size = 2 + 2 + 3 + 32 + 8 + 1 + 2 + 4 + 32 + 80 + 24;
    const Bytes header(encoded.begin(), encoded.begin() + header_size);
    const std::uint8_t* sealed_file_key = encoded.data() + header_size - 24 - 80;
    const std::uint8_t* nonce = encoded.data() + header_size - 24;
    Bytes file_key(32);
    REQUIRE(crypto_box_seal_open(file_key.data(), sealed_file_key, 80, rita.public_key().data(),
                                 rita.secret_key().expose_secret().data()) == 0);
    const std::size_t payload_size =
        (std::size_t{encoded[header_size]} << 24) | (std::size_t{encoded[header_size + 1]} << 16) |
        (std::size_t{encoded[header_size + 2]} << 8) | encoded[header_size + 3];
    REQUIRE(header_size + 4 + payload_size + 64 == encoded.size());
    Bytes archive(payload_size - 16);
    unsigned long long archive_size = 0;
    REQUIRE(crypto_aead_xchacha20poly1305_ietf_decrypt(
                archive.data(), &archive_size, nullptr, encoded.data() + header_size + 4,
                payload_size, header.data(), header.size(), nonce, file_key.data()) == 0);
    REQUIRE(archive == Bytes{0, 1, 0, 5, 'a', '.', 'c', 's', 'v', 0, 0, 0, 2, '1', '\n'});
}

TEST_CASE("audit detail vector: version 1 and 2 entries decode, re-encode, hash and chain",
          "[vectors]") {
    const Json json = load("audit_detail.json");
    std::vector<AuditEntry> entries;
    for (const Json& vector : json["entries"]) {
        entries.push_back(audit_entry_of(vector));
        REQUIRE(vector["encoded"].get<std::string>().substr(0, 2) ==
                (entries.back().body().detail.empty() ? "01" : "02"));
    }
    REQUIRE(entries.size() == 4);
    REQUIRE(entries.back().body().detail.size() > 0);
    REQUIRE(verify_audit_chain(entries, {}, hex(load("audit.json")["server_sign_pk"]), std::nullopt)
                .ok());

    // One character of the detail, altered: the entry's hash changes, so a checkpoint or
    // the next entry would no longer match it.
    const Bytes last = hex(json["entries"][3]["encoded"]);
    const auto altered = AuditEntry::decode(test::flipped(last, last.size() - 1));
    REQUIRE(altered.ok());
    REQUIRE(altered.value().hash() != hex(json["entries"][3]["hash"]));
}

TEST_CASE("restore notice vector: the notice verifies and names the backup's head", "[vectors]") {
    const Json json = load("restore_notice.json");
    std::vector<AuditEntry> entries;
    for (const Json& vector : json["entries"]) {
        entries.push_back(audit_entry_of(vector));
    }
    REQUIRE(entries.size() == 3);
    const Bytes server_sign_pk = hex(json["server_sign_pk"]);
    const Bytes checkpoint = hex(json["checkpoint"]["encoded"]);
    const auto notice = verify_restore_notice(entries[2].encode(), checkpoint, server_sign_pk);
    REQUIRE(notice.ok());
    REQUIRE(notice.value().sequence == 3);
    REQUIRE(notice.value().backup_sequence == json["backup_sequence"].get<std::uint64_t>());
    REQUIRE(notice.value().backup_time == json["backup_time"].get<std::uint64_t>());
    REQUIRE(notice.value().backup_head_hash == hex(json["backup_head"]));
    REQUIRE(entries[1].hash() == hex(json["backup_head"]));
    auto decoded = AuditCheckpoint::decode(checkpoint);
    REQUIRE(decoded.ok());
    REQUIRE(verify_audit_chain(entries, {decoded.value()}, server_sign_pk, std::nullopt).ok());
    // The notice under another key does not verify.
    test::require_opaque_failure(verify_restore_notice(
        entries[2].encode(), checkpoint, hex(load("audit.json")["entries"][0]["hash"])));
}

TEST_CASE("backup vector: the operator's secret key opens the file to its plaintext", "[vectors]") {
    const Json json = load("backup.json");
    auto recipient =
        EncryptionKeyPair::from_secret(SecretBuffer::copy_of(hex(json["recipient_sk"])));
    REQUIRE(recipient.ok());
    REQUIRE(recipient.value().public_key() == hex(json["recipient_pk"]));
    const Bytes encoded = hex(json["encoded"]);
    Bytes plaintext;
    const BackupSink collect = [&](ByteView bytes) {
        plaintext.insert(plaintext.end(), bytes.begin(), bytes.end());
        return ok_status();
    };
    BackupOpener opener = BackupOpener::create(recipient.value());
    REQUIRE(opener.update(encoded, collect).ok());
    REQUIRE(opener.finish(collect).ok());
    REQUIRE(plaintext == hex(json["plaintext"]));
}

TEST_CASE("root key share vectors open, release, authorise and combine into the root key",
          "[vectors]") {
    const Json json = load("root_key_share.json");
    const Bytes root = hex(json["root_sign_pk"]);
    const Bytes split_id = hex(json["split_id"]);
    const auto threshold = json["threshold"].get<unsigned>();
    std::vector<RootKeyShare> shares;
    for (const Json& vector : json["shares"]) {
        INFO(vector["holder"].get<std::string>());
        const RootKeyShare share = decoded<RootKeyShare>(vector);
        const RootKeyShareBody& body = share.body();
        REQUIRE(body.split_id == split_id);
        REQUIRE(body.threshold == threshold);
        REQUIRE(body.share_count == json["share_count"].get<unsigned>());
        REQUIRE(body.number == vector["number"].get<unsigned>());
        REQUIRE(body.root_sign_pk == root);
        REQUIRE(body.created == json["created"].get<std::uint64_t>());
        REQUIRE(body.commitment == hex(vector["commitment"]));
        REQUIRE(body.holder == vector["holder"].get<std::string>());
        REQUIRE(body.sealed_share == hex(vector["sealed_share"]));
        REQUIRE(body.splitter == json["splitter"].get<std::string>());
        REQUIRE(share.verify_signature().ok());
        require_raw_signature(vector, hex(json["splitter_sign_pk"]));
        const auto plaintext = share.open(box_pair(vector["holder_enc_sk"]));
        REQUIRE(plaintext.ok());
        REQUIRE(plaintext.value().equals(secret_hex(vector["plaintext"])));
        const Bytes encoded = hex(vector["encoded"]);
        const auto altered = RootKeyShare::decode(test::flipped(encoded, encoded.size() - 70));
        REQUIRE(altered.ok());
        REQUIRE_FALSE(altered.value().open(box_pair(vector["holder_enc_sk"])).ok());
        shares.push_back(share);
    }
    REQUIRE(shares.size() == 3);

    const Bytes split_message = hex(json["split_signed_message"]);
    const Bytes split_signature = hex(json["split_signature"]);
    REQUIRE(crypto_sign_verify_detached(split_signature.data(), split_message.data(),
                                        split_message.size(), root.data()) == 0);
    REQUIRE(verify_root_key_split(root, split_id, 2, 3, json["created"].get<std::uint64_t>(),
                                  json["splitter"].get<std::string>(), split_signature)
                .ok());

    const EncryptionKeyPair recipient = box_pair(json["recipient_enc_sk"]);
    std::vector<SecretBuffer> released;
    for (const Json& vector : json["releases"]) {
        INFO(vector["holder"].get<std::string>());
        const RootKeyShareRelease release = decoded<RootKeyShareRelease>(vector);
        REQUIRE(release.body().holder == vector["holder"].get<std::string>());
        REQUIRE(release.body().recipient == json["recipient"].get<std::string>());
        REQUIRE(release.body().released == json["released"].get<std::uint64_t>());
        require_raw_signature(vector, hex(vector["holder_sign_pk"]));
        const RootKeyShare& share = shares.at(vector["share"].get<std::size_t>());
        auto plaintext = release.open(recipient, share);
        REQUIRE(plaintext.ok());
        released.push_back(std::move(plaintext).value());
    }
    const SecretBuffer root_secret = secret_hex(json["root_sign_sk"]);
    const auto rebuilt = combine_root_key_shares(released, split_id, threshold, root);
    REQUIRE(rebuilt.ok());
    REQUIRE(rebuilt.value().secret_key().equals(root_secret));
    // Shares 1 and 3 as their holders opened them: the same key.
    std::vector<SecretBuffer> other_pair;
    other_pair.push_back(secret_hex(json["shares"][0]["plaintext"]));
    other_pair.push_back(secret_hex(json["shares"][2]["plaintext"]));
    const auto again = combine_root_key_shares(other_pair, split_id, threshold, root);
    REQUIRE(again.ok());
    REQUIRE(again.value().public_key() == root);
}

TEST_CASE("server certificate endorsement vector: verifies for exactly its certificate",
          "[vectors]") {
    const Json json = load("server_certificate_endorsement.json");
    const Bytes audit_pk = hex(json["server_sign_pk"]);
    const Bytes der = hex(json["certificate_der"]);
    const Bytes encoded = hex(json["encoded"]);
    require_raw_signature(json, audit_pk);
    REQUIRE(server_certificate_sha256(der) == hex(json["certificate_sha256"]));
    const auto endorsement = verify_server_certificate_endorsement(encoded, der, audit_pk);
    REQUIRE(endorsement.ok());
    REQUIRE(endorsement.value().certificate_sha256 == hex(json["certificate_sha256"]));
    REQUIRE(endorsement.value().endorsed_at == json["endorsed_at"].get<std::uint64_t>());
    // Another certificate, another key, any altered byte: the one opaque failure.
    test::require_opaque_failure(
        verify_server_certificate_endorsement(encoded, test::flipped(der, 0), audit_pk));
    test::require_opaque_failure(verify_server_certificate_endorsement(
        encoded, der, hex(load("audit.json")["entries"][0]["hash"])));
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        INFO("byte " << i);
        test::require_opaque_failure(
            verify_server_certificate_endorsement(test::flipped(encoded, i), der, audit_pk));
    }
    Bytes longer = encoded;
    longer.push_back(0);
    test::require_opaque_failure(verify_server_certificate_endorsement(longer, der, audit_pk));
    test::require_opaque_failure(verify_server_certificate_endorsement(
        ByteView(encoded).first(encoded.size() - 1), der, audit_pk));
}

}  // namespace
}  // namespace weerbaar::crypto
