// Writes the known-answer vectors in tests/vectors/*.json. Not a test: run it by hand
// after a deliberate format change and commit the output.
//
//   crypto_vector_generator <output directory>
//
// Everything is deterministic: keys come from fixed seeds, and where the library would
// pick randomness (record nonce, the ephemeral key of every crypto_box_seal, keystore
// salt and nonce, attachment stream header, research package file key and nonce) this tool builds
// the bytes itself with libsodium, following docs/crypto.md, so the vectors also check the library
// against an independent reading of the format.

#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "weerbaar/crypto/bytes.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/fingerprint.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/crypto/record.h"

namespace {

using weerbaar::crypto::Bytes;
using weerbaar::crypto::ByteView;
using weerbaar::crypto::to_hex;
using Json = nlohmann::ordered_json;

// A plain byte appender: deliberately not the library's writer.
struct Out {
    Bytes bytes;
    void u8(unsigned value) { bytes.push_back(static_cast<std::uint8_t>(value)); }
    void be(std::uint64_t value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            u8(static_cast<unsigned>((value >> (8 * i)) & 0xff));
        }
    }
    void raw(ByteView data) { bytes.insert(bytes.end(), data.begin(), data.end()); }
    void str(const std::string& text) {
        be(text.size(), 2);
        raw(weerbaar::crypto::as_bytes(text));
    }
};

Bytes filled(std::size_t size, std::uint8_t value) { return Bytes(size, value); }

Bytes domain_separated(const std::string& domain, ByteView data) {
    Out out;
    out.str(domain);
    out.raw(data);
    return out.bytes;
}

struct SignKeys {
    Bytes pk = Bytes(crypto_sign_PUBLICKEYBYTES);
    Bytes sk = Bytes(crypto_sign_SECRETKEYBYTES);
};
struct BoxKeys {
    Bytes pk = Bytes(crypto_box_PUBLICKEYBYTES);
    Bytes sk = Bytes(crypto_box_SECRETKEYBYTES);
};

SignKeys sign_keys(std::uint8_t seed_byte) {
    SignKeys keys;
    const Bytes seed = filled(crypto_sign_SEEDBYTES, seed_byte);
    crypto_sign_seed_keypair(keys.pk.data(), keys.sk.data(), seed.data());
    return keys;
}

BoxKeys box_keys(std::uint8_t seed_byte) {
    BoxKeys keys;
    const Bytes seed = filled(crypto_box_SEEDBYTES, seed_byte);
    crypto_box_seed_keypair(keys.pk.data(), keys.sk.data(), seed.data());
    return keys;
}

Bytes sign(const SignKeys& keys, const Bytes& signed_message) {
    Bytes signature(crypto_sign_BYTES);
    crypto_sign_detached(signature.data(), nullptr, signed_message.data(), signed_message.size(),
                         keys.sk.data());
    return signature;
}

weerbaar::crypto::SigningKeyPair library_pair(const SignKeys& keys) {
    auto pair = weerbaar::crypto::SigningKeyPair::from_secret(
        weerbaar::crypto::SecretBuffer::copy_of(keys.sk));
    if (!pair.ok()) {
        std::abort();
    }
    return std::move(pair).value();
}

const SignKeys kRoot = sign_keys(0x01);
const SignKeys kBobSign = sign_keys(0x02);  // coordinator
const BoxKeys kBobBox = box_keys(0x03);
const SignKeys kAnnaSign = sign_keys(0x04);  // confidant
const BoxKeys kAnnaBox = box_keys(0x05);
const SignKeys kServerAudit = sign_keys(0x06);  // the server's audit key
const BoxKeys kResearch = box_keys(0x07);       // the organisation's research key, generation 1
const SignKeys kCarolSign = sign_keys(0x08);    // a second coordinator
const BoxKeys kCarolBox = box_keys(0x09);
const BoxKeys kRitaBox = box_keys(0x0a);     // a researcher
const SignKeys kDaanSign = sign_keys(0x0b);  // a third coordinator
const BoxKeys kDaanBox = box_keys(0x0c);
const BoxKeys kOperatorBackup = box_keys(0x0d);  // the operator's backup key pair

Bytes generic_hash(const std::string& domain, ByteView data) {
    const Bytes input = domain_separated(domain, data);
    Bytes out(crypto_generichash_BYTES);
    crypto_generichash(out.data(), out.size(), input.data(), input.size(), nullptr, 0);
    return out;
}

// What every signed format ends in: the body, then an Ed25519 signature over the
// domain-separated body.
struct Signed {
    Bytes signed_message;
    Bytes signature;
    Bytes encoded;
};

Signed signed_by(const SignKeys& keys, const std::string& domain, const Bytes& body) {
    Signed out{domain_separated(domain, body), {}, body};
    out.signature = sign(keys, out.signed_message);
    out.encoded.insert(out.encoded.end(), out.signature.begin(), out.signature.end());
    return out;
}

// crypto_box_seal with a fixed ephemeral key pair, built from its definition:
// epk | crypto_box_easy(m, nonce = BLAKE2b-192(epk | recipient_pk), recipient_pk, esk).
Bytes sealed_box(const Bytes& message, const Bytes& recipient_pk, std::uint8_t ephemeral_seed) {
    const BoxKeys ephemeral = box_keys(ephemeral_seed);
    Bytes nonce_input = ephemeral.pk;
    nonce_input.insert(nonce_input.end(), recipient_pk.begin(), recipient_pk.end());
    Bytes nonce(crypto_box_NONCEBYTES);
    crypto_generichash(nonce.data(), nonce.size(), nonce_input.data(), nonce_input.size(), nullptr,
                       0);
    Bytes boxed(message.size() + crypto_box_MACBYTES);
    if (crypto_box_easy(boxed.data(), message.data(), message.size(), nonce.data(),
                        recipient_pk.data(), ephemeral.sk.data()) != 0) {
        std::abort();
    }
    Bytes sealed = ephemeral.pk;
    sealed.insert(sealed.end(), boxed.begin(), boxed.end());
    return sealed;
}

// The fields a case key wrap and a research key wrap share, in their order.
void grant_fields(Out& body, const std::string& recipient, const BoxKeys& recipient_keys,
                  const Bytes& sealed_key, const std::string& granter,
                  const SignKeys& granter_keys) {
    body.str(recipient);
    body.raw(recipient_keys.pk);
    body.raw(sealed_key);
    body.str(granter);
    body.raw(granter_keys.pk);
}

// A certificate built byte by byte from docs/crypto.md (not with the library).
Bytes certificate_bytes(const std::string& user, std::uint8_t role, const SignKeys& member_sign,
                        const BoxKeys& member_box, std::uint64_t issued, const std::string& issuer,
                        const SignKeys& issuer_keys) {
    Out body;
    body.u8(1);
    body.u8(0x01);
    body.str(user);
    body.u8(role);
    body.raw(member_sign.pk);
    body.raw(member_box.pk);
    body.be(issued, 8);
    body.str(issuer);
    body.raw(issuer_keys.pk);
    const Bytes signature =
        sign(issuer_keys, domain_separated("weerbaar/v1/certificate", body.bytes));
    body.raw(signature);
    return body.bytes;
}

Json certificate_case(const std::string& name, const weerbaar::crypto::CertificateBody& body,
                      const SignKeys& issuer) {
    auto cert = weerbaar::crypto::Certificate::issue(body, library_pair(issuer));
    if (!cert.ok()) {
        std::abort();
    }
    const Bytes encoded = cert.value().encode();
    const Bytes unsigned_part(encoded.begin(), encoded.end() - crypto_sign_BYTES);
    return Json{
        {"name", name},
        {"user", body.user},
        {"role", std::string(weerbaar::crypto::role_name(body.role))},
        {"role_byte", static_cast<int>(body.role)},
        {"sign_pk", to_hex(body.sign_pk)},
        {"enc_pk", to_hex(body.enc_pk)},
        {"issued", body.issued},
        {"issuer", body.issuer},
        {"issuer_sign_pk", to_hex(body.issuer_sign_pk)},
        {"signature", to_hex(cert.value().signature())},
        {"signed_message", to_hex(domain_separated("weerbaar/v1/certificate", unsigned_part))},
        {"fingerprint", cert.value().fingerprint()},
        {"encoded", to_hex(encoded)}};
}

Json certificates() {
    weerbaar::crypto::CertificateBody bob{
        "bob",   weerbaar::crypto::Role::coordinator, kBobSign.pk, kBobBox.pk, 1767225600, "root",
        kRoot.pk};
    weerbaar::crypto::CertificateBody anna{
        "anna",     weerbaar::crypto::Role::confidant, kAnnaSign.pk, kAnnaBox.pk, 1767312000, "bob",
        kBobSign.pk};
    return Json{
        {"description",
         "Member certificates. Layout: version(1)=0x01 | tag(1)=0x01 | u16 len | user | role(1) | "
         "sign_pk(32) | enc_pk(32) | u64 issued | u16 len | issuer | issuer_sign_pk(32) | "
         "signature(64). The Ed25519 signature (crypto_sign_verify_detached) is over "
         "signed_message = u16 len('weerbaar/v1/certificate') | 'weerbaar/v1/certificate' | "
         "encoded without its last 64 bytes. 'bob' is a coordinator certified by the root key; "
         "'anna' is certified by 'bob'. Keys come from crypto_sign_seed_keypair / "
         "crypto_box_seed_keypair with 32-byte seeds of one repeated byte (root 0x01, bob 0x02 "
         "and 0x03, anna 0x04 and 0x05). Integers are big-endian, all bytes hex."},
        {"root_sign_pk", to_hex(kRoot.pk)},
        {"cases",
         Json::array({certificate_case("coordinator certified by root", bob, kRoot),
                      certificate_case("confidant certified by coordinator", anna, kBobSign)})}};
}

Json key_wrap() {
    const Bytes case_id = filled(16, 0x11);
    const Bytes case_key = filled(32, 0x22);
    const std::uint32_t epoch = 3;
    const Bytes sealed_key = sealed_box(case_key, kAnnaBox.pk, 0x33);

    Out body;
    body.u8(1);
    body.u8(0x02);
    body.raw(case_id);
    body.be(epoch, 4);
    grant_fields(body, "anna", kAnnaBox, sealed_key, "bob", kBobSign);
    const auto [signed_message, signature, encoded] =
        signed_by(kBobSign, "weerbaar/v1/key-wrap", body.bytes);

    return Json{
        {"description",
         "A case key wrapped to 'anna' and signed by 'bob'. Layout: version(1)=0x01 | "
         "tag(1)=0x02 | case_id(16) | u32 epoch | u16 len | recipient | recipient_enc_pk(32) | "
         "sealed_key(80) | u16 len | granter | granter_sign_pk(32) | signature(64). sealed_key "
         "is crypto_box_seal of the case key to recipient_enc_pk (here with a fixed ephemeral "
         "key so the vector is reproducible; crypto_box_seal_open with recipient_enc_pk and "
         "recipient_enc_sk yields case_key). The Ed25519 signature is over signed_message = "
         "u16 len('weerbaar/v1/key-wrap') | 'weerbaar/v1/key-wrap' | encoded without its last "
         "64 bytes, checked with granter_sign_pk."},
        {"case_id", to_hex(case_id)},
        {"epoch", epoch},
        {"recipient", "anna"},
        {"recipient_enc_pk", to_hex(kAnnaBox.pk)},
        {"recipient_enc_sk", to_hex(kAnnaBox.sk)},
        {"granter", "bob"},
        {"granter_sign_pk", to_hex(kBobSign.pk)},
        {"case_key", to_hex(case_key)},
        {"sealed_key", to_hex(sealed_key)},
        {"signature", to_hex(signature)},
        {"signed_message", to_hex(signed_message)},
        {"encoded", to_hex(encoded)}};
}

Json record() {
    const Bytes case_id = filled(16, 0x11);
    const Bytes record_id = filled(16, 0x44);
    const Bytes case_key = filled(32, 0x22);
    const Bytes seen_1 = filled(32, 0x55);
    const Bytes seen_2 = filled(32, 0x66);
    const Bytes nonce = filled(24, 0x77);
    const std::uint32_t epoch = 3;
    const std::uint64_t created = 1767398400;
    const std::string text = "Intake: telefonisch contact, bedreiging via sociale media.";
    const Bytes plaintext(text.begin(), text.end());

    Out header;
    header.u8(1);
    header.u8(0x03);
    header.raw(case_id);
    header.raw(record_id);
    header.be(epoch, 4);
    header.str("anna");
    header.be(created, 8);
    header.be(2, 2);
    header.raw(seen_1);
    header.raw(seen_2);

    Bytes ciphertext(plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long ciphertext_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        ciphertext.data(), &ciphertext_size, plaintext.data(), plaintext.size(),
        header.bytes.data(), header.bytes.size(), nullptr, nonce.data(), case_key.data());
    Out body = header;
    body.raw(nonce);
    body.be(ciphertext.size(), 4);
    body.raw(ciphertext);
    const auto [signed_message, signature, encoded] =
        signed_by(kAnnaSign, "weerbaar/v1/record", body.bytes);

    Bytes record_hash(32);
    const Bytes hash_input = domain_separated("weerbaar/v1/record-hash", encoded);
    crypto_generichash(record_hash.data(), record_hash.size(), hash_input.data(), hash_input.size(),
                       nullptr, 0);

    return Json{
        {"description",
         "A case record by 'anna'. Layout: header = version(1)=0x01 | tag(1)=0x03 | case_id(16) "
         "| record_id(16) | u32 epoch | u16 len | author | u64 created | u16 count | count x "
         "seen_hash(32); then nonce(24) | u32 len | ciphertext | signature(64). ciphertext is "
         "crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, ad = header, nonce, case_key) "
         "(a fixed nonce here; the library draws a random one). The Ed25519 signature by "
         "author_sign_pk is over signed_message = u16 len('weerbaar/v1/record') | "
         "'weerbaar/v1/record' | encoded without its last 64 bytes. record_hash = "
         "crypto_generichash, 32 bytes, unkeyed, of u16 len('weerbaar/v1/record-hash') | "
         "'weerbaar/v1/record-hash' | encoded."},
        {"case_id", to_hex(case_id)},
        {"record_id", to_hex(record_id)},
        {"epoch", epoch},
        {"author", "anna"},
        {"created", created},
        {"seen_hashes", Json::array({to_hex(seen_1), to_hex(seen_2)})},
        {"author_sign_pk", to_hex(kAnnaSign.pk)},
        {"case_key", to_hex(case_key)},
        {"nonce", to_hex(nonce)},
        {"plaintext", to_hex(plaintext)},
        {"header", to_hex(header.bytes)},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(signature)},
        {"record_hash", to_hex(record_hash)},
        {"encoded", to_hex(encoded)}};
}

Json keystore() {
    const std::string passphrase = "correct horse battery staple";
    const Bytes salt = filled(crypto_pwhash_SALTBYTES, 0x88);
    const Bytes nonce = filled(24, 0x99);
    const std::uint64_t opslimit = crypto_pwhash_OPSLIMIT_MODERATE;
    const std::uint64_t memlimit = crypto_pwhash_MEMLIMIT_MODERATE;

    Out header;
    header.u8(1);
    header.u8(0x04);
    header.raw(salt);
    header.be(opslimit, 8);
    header.be(memlimit, 8);
    header.raw(nonce);

    Out inner;
    inner.u8(1);
    inner.u8(0x05);
    inner.str("bob");
    inner.raw(kBobSign.sk);
    inner.raw(kBobBox.sk);
    inner.u8(1);
    inner.raw(kRoot.sk);

    Bytes key(32);
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(), salt.data(),
                      opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        std::abort();
    }
    Bytes ciphertext(inner.bytes.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    unsigned long long ciphertext_size = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        ciphertext.data(), &ciphertext_size, inner.bytes.data(), inner.bytes.size(),
        header.bytes.data(), header.bytes.size(), nullptr, nonce.data(), key.data());
    Out encoded = header;
    encoded.be(ciphertext.size(), 2);
    encoded.raw(ciphertext);

    return Json{
        {"description",
         "The keystore of coordinator 'bob', who also holds the root key. Layout: "
         "version(1)=0x01 | tag(1)=0x04 | salt(16) | u64 opslimit | u64 memlimit | nonce(24) | "
         "u16 len | ciphertext. key = crypto_pwhash(32 bytes, passphrase as UTF-8, salt, "
         "opslimit, memlimit, crypto_pwhash_ALG_ARGON2ID13) (libsodium MODERATE limits: about "
         "1 s and 256 MiB). plaintext = crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, "
         "ad = every byte before the u16 len, nonce, key) = version(1)=0x01 | tag(1)=0x05 | u16 "
         "len | user | sign_sk(64) | enc_sk(32) | has_root(1) | root_sign_sk(64, only if "
         "has_root = 1). The salt and nonce are fixed here; the library draws random ones."},
        {"passphrase", passphrase},
        {"user", "bob"},
        {"opslimit", opslimit},
        {"memlimit", memlimit},
        {"salt", to_hex(salt)},
        {"nonce", to_hex(nonce)},
        {"sign_sk", to_hex(kBobSign.sk)},
        {"enc_sk", to_hex(kBobBox.sk)},
        {"root_sign_sk", to_hex(kRoot.sk)},
        {"derived_key", to_hex(key)},
        {"plaintext", to_hex(inner.bytes)},
        {"encoded", to_hex(encoded.bytes)}};
}

Json fingerprints() {
    const auto digest = [](const std::string& domain, const Bytes& keys) {
        const Bytes input = domain_separated(domain, keys);
        Bytes out(40);
        crypto_generichash(out.data(), out.size(), input.data(), input.size(), nullptr, 0);
        return out;
    };
    Bytes member_keys = kAnnaSign.pk;
    member_keys.insert(member_keys.end(), kAnnaBox.pk.begin(), kAnnaBox.pk.end());
    return Json{
        {"description",
         "Fingerprints shown as digit groups. digest = crypto_generichash, 40 bytes, unkeyed, "
         "of u16 len(domain) | domain | keys, where a member uses domain "
         "'weerbaar/v1/fingerprint-member' and keys = sign_pk | enc_pk, and the root uses "
         "'weerbaar/v1/fingerprint-root' and keys = root_sign_pk. The digest is cut into 8 "
         "chunks of 5 bytes; each chunk read as a big-endian integer, mod 100000, is printed as "
         "5 zero-padded digits; groups are joined by single spaces."},
        {"cases",
         Json::array(
             {Json{
                  {"kind", "member"},
                  {"sign_pk", to_hex(kAnnaSign.pk)},
                  {"enc_pk", to_hex(kAnnaBox.pk)},
                  {"digest", to_hex(digest("weerbaar/v1/fingerprint-member", member_keys))},
                  {"fingerprint", weerbaar::crypto::member_fingerprint(kAnnaSign.pk, kAnnaBox.pk)}},
              Json{{"kind", "root"},
                   {"root_sign_pk", to_hex(kRoot.pk)},
                   {"digest", to_hex(digest("weerbaar/v1/fingerprint-root", kRoot.pk))},
                   {"fingerprint", weerbaar::crypto::root_fingerprint(kRoot.pk)}}})}};
}

Json enrolment() {
    Out message;
    message.str("anna");
    message.raw(kAnnaSign.pk);
    message.raw(kAnnaBox.pk);
    const Bytes signed_message = domain_separated("weerbaar/v1/enrolment", message.bytes);
    return Json{
        {"description",
         "Proof of possession at enrolment: anna signs her name and both public keys. The "
         "Ed25519 signature by sign_pk is over signed_message = u16 len('weerbaar/v1/enrolment') "
         "| 'weerbaar/v1/enrolment' | u16 len | user | sign_pk(32) | enc_pk(32)."},
        {"user", "anna"},
        {"sign_pk", to_hex(kAnnaSign.pk)},
        {"enc_pk", to_hex(kAnnaBox.pk)},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(sign(kAnnaSign, signed_message))}};
}

Json login() {
    const Bytes challenge = filled(32, 0xaa);
    Out message;
    message.str("anna");
    message.raw(challenge);
    const Bytes signed_message = domain_separated("weerbaar/v1/login", message.bytes);
    return Json{
        {"description",
         "Proof of possession at login: anna signs the server's 32-byte challenge. The Ed25519 "
         "signature by sign_pk is over signed_message = u16 len('weerbaar/v1/login') | "
         "'weerbaar/v1/login' | u16 len | user | challenge(32)."},
        {"user", "anna"},
        {"sign_pk", to_hex(kAnnaSign.pk)},
        {"challenge", to_hex(challenge)},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(sign(kAnnaSign, signed_message))}};
}

Json revocation() {
    const Bytes bob_cert =
        certificate_bytes("bob", 3, kBobSign, kBobBox, 1767225600, "root", kRoot);
    const Bytes anna_cert =
        certificate_bytes("anna", 1, kAnnaSign, kAnnaBox, 1767312000, "bob", kBobSign);
    const Bytes certificate_hash = generic_hash("weerbaar/v1/certificate-hash", anna_cert);
    const std::uint64_t revoked_at = 1767484800;

    Out body;
    body.u8(1);
    body.u8(0x06);
    body.str("anna");
    body.raw(certificate_hash);
    body.be(revoked_at, 8);
    body.str("bob");
    body.raw(kBobSign.pk);
    const auto [signed_message, signature, encoded] =
        signed_by(kBobSign, "weerbaar/v1/revocation", body.bytes);

    return Json{
        {"description",
         "Coordinator 'bob' revokes the certificate of 'anna' (both certificates as in "
         "certificate.json). certificate_hash = crypto_generichash, 32 bytes, unkeyed, of u16 "
         "len('weerbaar/v1/certificate-hash') | 'weerbaar/v1/certificate-hash' | the revoked "
         "certificate's encoding. Layout: version(1)=0x01 | tag(1)=0x06 | u16 len | user | "
         "certificate_hash(32) | u64 revoked_at | u16 len | revoker | revoker_sign_pk(32) | "
         "signature(64). The Ed25519 signature by revoker_sign_pk is over signed_message = u16 "
         "len('weerbaar/v1/revocation') | 'weerbaar/v1/revocation' | encoded without its last 64 "
         "bytes. revocation_hash = crypto_generichash, 32 bytes, unkeyed, of u16 "
         "len('weerbaar/v1/revocation-hash') | 'weerbaar/v1/revocation-hash' | encoded. To "
         "accept it, also check that user and certificate_hash match revoked_certificate and "
         "that revoker_certificate is a coordinator certificate of 'bob' signed by root_sign_pk "
         "whose sign_pk equals revoker_sign_pk."},
        {"root_sign_pk", to_hex(kRoot.pk)},
        {"revoked_certificate", to_hex(anna_cert)},
        {"revoker_certificate", to_hex(bob_cert)},
        {"user", "anna"},
        {"certificate_hash", to_hex(certificate_hash)},
        {"revoked_at", revoked_at},
        {"revoker", "bob"},
        {"revoker_sign_pk", to_hex(kBobSign.pk)},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(signature)},
        {"revocation_hash", to_hex(generic_hash("weerbaar/v1/revocation-hash", encoded))},
        {"encoded", to_hex(encoded)}};
}

struct AuditEntryCase {
    const char* event;
    std::uint8_t event_byte;
    std::string actor;
    std::string subject;
    Bytes case_id;
    std::string detail;  // version 2 when not empty
};

// Audit entries built byte by byte, chained from sequence 1, one minute apart from
// `start`; `head_hash` receives the hash of the last.
Json audit_entries(const std::vector<AuditEntryCase>& cases, std::uint64_t start,
                   Bytes& head_hash) {
    Json entries = Json::array();
    Bytes previous_hash = filled(32, 0x00);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const AuditEntryCase& entry = cases[i];
        const std::uint64_t sequence = i + 1;
        const std::uint64_t time = start + 60 * sequence;
        Out out;
        out.u8(entry.detail.empty() ? 1 : 2);
        out.u8(0x07);
        out.be(sequence, 8);
        out.be(time, 8);
        out.u8(entry.event_byte);
        out.str(entry.actor);
        out.str(entry.subject);
        out.be(entry.case_id.size(), 2);
        out.raw(entry.case_id);
        out.raw(previous_hash);
        if (!entry.detail.empty()) {
            out.str(entry.detail);
        }
        const Bytes entry_hash = generic_hash("weerbaar/v1/audit-entry", out.bytes);
        Json json{{"sequence", sequence},
                  {"time", time},
                  {"event", entry.event},
                  {"event_byte", entry.event_byte},
                  {"actor", entry.actor},
                  {"subject", entry.subject},
                  {"case_id", to_hex(entry.case_id)},
                  {"previous_hash", to_hex(previous_hash)}};
        if (!entry.detail.empty()) {
            json["detail"] = entry.detail;
        }
        json["hash"] = to_hex(entry_hash);
        json["encoded"] = to_hex(out.bytes);
        entries.push_back(std::move(json));
        previous_hash = entry_hash;
    }
    head_hash = previous_hash;
    return entries;
}

Json audit() {
    const Bytes case_id = filled(16, 0x11);
    const std::vector<AuditEntryCase> cases = {
        {"organisation_created", 1, "bob", "", {}, ""},
        // A failed login keeps the name it claimed, even one that is no valid user name.
        {"login_failed", 3, "Anna", "", {}, ""},
        {"case_created", 7, "bob", "", case_id, ""},
        {"case_shared", 8, "bob", "anna", case_id, ""},
    };
    const std::uint64_t start = 1767225600;
    Bytes previous_hash;
    const Json entries = audit_entries(cases, start, previous_hash);

    const std::uint64_t checkpoint_sequence = cases.size();
    const std::uint64_t checkpoint_time = start + 3600;
    Out body;
    body.u8(1);
    body.u8(0x08);
    body.be(checkpoint_sequence, 8);
    body.raw(previous_hash);
    body.be(checkpoint_time, 8);
    const auto [signed_message, signature, encoded] =
        signed_by(kServerAudit, "weerbaar/v1/audit-checkpoint", body.bytes);

    return Json{
        {"description",
         "An audit log of four entries and a checkpoint over its head. Entry layout: "
         "version(1)=0x01 | tag(1)=0x07 | u64 sequence | u64 time | u8 event | u16 len | actor | "
         "u16 len | subject | u16 len | case_id (0 or 16 bytes) | previous_hash(32). hash = "
         "crypto_generichash, 32 bytes, unkeyed, of u16 len('weerbaar/v1/audit-entry') | "
         "'weerbaar/v1/audit-entry' | encoded. The chain: sequences run 1..n, the first "
         "previous_hash is 32 zero bytes and every other is the hash of the entry before. "
         "Checkpoint layout: version(1)=0x01 | tag(1)=0x08 | u64 sequence | head_hash(32) | u64 "
         "time | signature(64); the Ed25519 signature by server_sign_pk (seed of 0x06 bytes) is "
         "over signed_message = u16 len('weerbaar/v1/audit-checkpoint') | "
         "'weerbaar/v1/audit-checkpoint' | encoded without its last 64 bytes, and head_hash is "
         "the hash of the entry at sequence."},
        {"server_sign_pk", to_hex(kServerAudit.pk)},
        {"entries", entries},
        {"checkpoint", Json{{"sequence", checkpoint_sequence},
                            {"head_hash", to_hex(previous_hash)},
                            {"time", checkpoint_time},
                            {"signed_message", to_hex(signed_message)},
                            {"signature", to_hex(signature)},
                            {"encoded", to_hex(encoded)}}}};
}

// An attachment stream (crypto_secretstream_xchacha20poly1305). The library draws the
// 24-byte header at random in init_push; here it is fixed, and the state is set up
// with init_pull instead, which derives exactly the state init_push derives from a
// header (HChaCha20 subkey, counter 1, the header's last 8 bytes as nonce), so push()
// then writes the stream the library would have written with that header.
Json attachment_stream(const std::string& name, const Bytes& key, const Bytes& header,
                       const Bytes& associated_data, const Bytes& plaintext) {
    crypto_secretstream_xchacha20poly1305_state state;
    crypto_secretstream_xchacha20poly1305_init_pull(&state, header.data(), key.data());
    Bytes chunk(plaintext.size() + crypto_secretstream_xchacha20poly1305_ABYTES);
    crypto_secretstream_xchacha20poly1305_push(
        &state, chunk.data(), nullptr, plaintext.data(), plaintext.size(), associated_data.data(),
        associated_data.size(), crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    Out encoded;
    encoded.raw(header);
    encoded.raw(chunk);
    Bytes hash(32);
    crypto_generichash(hash.data(), hash.size(), encoded.bytes.data(), encoded.bytes.size(),
                       nullptr, 0);
    return Json{{"name", name},
                {"plaintext", to_hex(plaintext)},
                {"encoded", to_hex(encoded.bytes)},
                {"ciphertext_hash", to_hex(hash)}};
}

Json attachment() {
    const Bytes case_id = filled(16, 0x11);
    const Bytes attachment_id = filled(16, 0x99);
    const Bytes key = filled(32, 0x33);
    const Bytes header = filled(24, 0xaa);
    Out ids;
    ids.raw(case_id);
    ids.raw(attachment_id);
    const Bytes associated_data = domain_separated("weerbaar/v1/attachment", ids.bytes);
    const std::string text = "Schermafbeelding van het bericht, 3 januari.";
    return Json{
        {"description",
         "Attachment streams (crypto_secretstream_xchacha20poly1305). encoded = header(24) | "
         "chunks; each chunk is crypto_secretstream_xchacha20poly1305_push(plaintext chunk, ad "
         "= associated_data, tag) = 17 + chunk bytes. Plaintext is cut into 1 MiB chunks: every "
         "full 1 MiB chunk has TAG_MESSAGE, then one last chunk of 0 .. 1 MiB - 1 bytes has "
         "TAG_FINAL (an empty file is one empty final chunk), so these short streams are one "
         "final chunk each. associated_data = u16 len('weerbaar/v1/attachment') | "
         "'weerbaar/v1/attachment' | case_id(16) | attachment_id(16), the same for every chunk. "
         "ciphertext_hash = crypto_generichash, 32 bytes, unkeyed, no domain, of encoded. The "
         "header is fixed here (the library draws a random one with init_push): open with "
         "init_pull(header, key), then pull each chunk."},
        {"case_id", to_hex(case_id)},
        {"attachment_id", to_hex(attachment_id)},
        {"key", to_hex(key)},
        {"header", to_hex(header)},
        {"associated_data", to_hex(associated_data)},
        {"streams", Json::array({attachment_stream("empty", key, header, associated_data, {}),
                                 attachment_stream("short", key, header, associated_data,
                                                   Bytes(text.begin(), text.end()))})}};
}

Json research_key_certificate() {
    const std::uint32_t generation = 1;
    const std::uint64_t issued = 1767225600;
    Out body;
    body.u8(1);
    body.u8(0x09);
    body.be(generation, 4);
    body.raw(kResearch.pk);
    body.be(issued, 8);
    body.raw(kRoot.pk);
    const auto [signed_message, signature, encoded] =
        signed_by(kRoot, "weerbaar/v1/research-key-certificate", body.bytes);
    return Json{
        {"description",
         "The root key certifies the organisation's research key, generation 1. Layout: "
         "version(1)=0x01 | tag(1)=0x09 | u32 generation | enc_pk(32) | u64 issued | "
         "root_sign_pk(32) | signature(64). The Ed25519 signature by root_sign_pk is over "
         "signed_message = u16 len('weerbaar/v1/research-key-certificate') | "
         "'weerbaar/v1/research-key-certificate' | encoded without its last 64 bytes; a client "
         "also checks that root_sign_pk is the root key it pinned. Keys come from "
         "crypto_sign_seed_keypair / crypto_box_seed_keypair with 32-byte seeds of one repeated "
         "byte (root 0x01, research key 0x07)."},
        {"generation", generation},
        {"enc_pk", to_hex(kResearch.pk)},
        {"issued", issued},
        {"root_sign_pk", to_hex(kRoot.pk)},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(signature)},
        {"encoded", to_hex(encoded)}};
}

Json research_key_wrap() {
    const std::uint32_t generation = 1;
    const Bytes sealed_key = sealed_box(kResearch.sk, kCarolBox.pk, 0x34);
    Out body;
    body.u8(1);
    body.u8(0x0A);
    body.be(generation, 4);
    grant_fields(body, "carol", kCarolBox, sealed_key, "bob", kBobSign);
    const auto [signed_message, signature, encoded] =
        signed_by(kBobSign, "weerbaar/v1/research-key-wrap", body.bytes);
    return Json{
        {"description",
         "Coordinator 'bob' grants the research key (generation 1, as in "
         "research_key_certificate.json) to coordinator 'carol'. Layout: version(1)=0x01 | "
         "tag(1)=0x0A | u32 generation | u16 len | recipient | recipient_enc_pk(32) | "
         "sealed_key(80) | u16 len | granter | granter_sign_pk(32) | signature(64). sealed_key "
         "is crypto_box_seal of the research secret key (32) to recipient_enc_pk (here with a "
         "fixed ephemeral key, seed 0x34, so the vector is reproducible); crypto_box_seal_open "
         "with recipient_enc_pk and recipient_enc_sk yields research_enc_sk, whose X25519 public "
         "key (crypto_scalarmult_base) must equal research_enc_pk, the certified key. The "
         "Ed25519 signature by granter_sign_pk is over signed_message = u16 "
         "len('weerbaar/v1/research-key-wrap') | 'weerbaar/v1/research-key-wrap' | encoded "
         "without its last 64 bytes."},
        {"generation", generation},
        {"recipient", "carol"},
        {"recipient_enc_pk", to_hex(kCarolBox.pk)},
        {"recipient_enc_sk", to_hex(kCarolBox.sk)},
        {"granter", "bob"},
        {"granter_sign_pk", to_hex(kBobSign.pk)},
        {"research_enc_pk", to_hex(kResearch.pk)},
        {"research_enc_sk", to_hex(kResearch.sk)},
        {"sealed_key", to_hex(sealed_key)},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(signature)},
        {"encoded", to_hex(encoded)}};
}

Json research_record() {
    const Bytes case_id = filled(16, 0x11);
    const std::uint32_t generation = 1;
    const std::uint64_t created = 1767398400;
    // Stands in for a serialised weerbaar.v1.ResearchCodes: the crypto library seals bytes
    // and does not know the message.
    const std::string text = "codebook_version=1 quarter=2025Q3 province=utrecht";
    const Bytes plaintext(text.begin(), text.end());
    const Bytes sealed = sealed_box(plaintext, kResearch.pk, 0x35);
    Out body;
    body.u8(1);
    body.u8(0x0B);
    body.raw(case_id);
    body.be(generation, 4);
    body.str("anna");
    body.be(created, 8);
    body.be(sealed.size(), 4);
    body.raw(sealed);
    const auto [signed_message, signature, encoded] =
        signed_by(kAnnaSign, "weerbaar/v1/research-record", body.bytes);
    return Json{
        {"description",
         "The research record of one case by case member 'anna', sealed to the research key "
         "(generation 1). Layout: version(1)=0x01 | tag(1)=0x0B | case_id(16) | u32 generation "
         "| u16 len | author | u64 created | u32 len | sealed | signature(64). sealed is "
         "crypto_box_seal(plaintext, research_enc_pk), 48 + plaintext bytes (here with a fixed "
         "ephemeral key, seed 0x35); crypto_box_seal_open with research_enc_pk and "
         "research_enc_sk yields plaintext. The Ed25519 signature by author_sign_pk is over "
         "signed_message = u16 len('weerbaar/v1/research-record') | "
         "'weerbaar/v1/research-record' | encoded without its last 64 bytes."},
        {"case_id", to_hex(case_id)},
        {"generation", generation},
        {"author", "anna"},
        {"created", created},
        {"author_sign_pk", to_hex(kAnnaSign.pk)},
        {"research_enc_pk", to_hex(kResearch.pk)},
        {"research_enc_sk", to_hex(kResearch.sk)},
        {"plaintext", to_hex(plaintext)},
        {"sealed", to_hex(sealed)},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(signature)},
        {"encoded", to_hex(encoded)}};
}

Json privacy_ledger() {
    struct EntryCase {
        std::string from, to;
        std::uint32_t k, epsilon_millis;
        std::uint8_t manifest_byte;
    };
    const std::vector<EntryCase> cases = {{"2025Q1", "2025Q4", 5, 1000, 0xa1},
                                          {"2025Q3", "2026Q2", 10, 500, 0xa2}};
    Json entries = Json::array();
    Bytes previous_hash = filled(32, 0x00);
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const EntryCase& entry = cases[i];
        const std::uint64_t sequence = i + 1;
        const std::uint64_t time = 1767398400 + 86400 * sequence;
        const Bytes manifest_hash = filled(32, entry.manifest_byte);
        Out body;
        body.u8(1);
        body.u8(0x0C);
        body.be(sequence, 8);
        body.raw(previous_hash);
        body.str("bob");
        body.raw(kBobSign.pk);
        body.be(time, 8);
        body.str(entry.from);
        body.str(entry.to);
        body.be(entry.k, 4);
        body.be(entry.epsilon_millis, 4);
        body.raw(manifest_hash);
        const auto [signed_message, signature, encoded] =
            signed_by(kBobSign, "weerbaar/v1/privacy-ledger-entry", body.bytes);
        const Bytes entry_hash = generic_hash("weerbaar/v1/privacy-ledger-hash", encoded);
        entries.push_back(Json{{"sequence", sequence},
                               {"previous_hash", to_hex(previous_hash)},
                               {"exporter", "bob"},
                               {"exporter_sign_pk", to_hex(kBobSign.pk)},
                               {"time", time},
                               {"from_period", entry.from},
                               {"to_period", entry.to},
                               {"k", entry.k},
                               {"epsilon_millis", entry.epsilon_millis},
                               {"manifest_hash", to_hex(manifest_hash)},
                               {"signed_message", to_hex(signed_message)},
                               {"signature", to_hex(signature)},
                               {"hash", to_hex(entry_hash)},
                               {"encoded", to_hex(encoded)}});
        previous_hash = entry_hash;
    }
    return Json{
        {"description",
         "A privacy ledger of two exports by coordinator 'bob'. Entry layout: version(1)=0x01 | "
         "tag(1)=0x0C | u64 sequence | previous_hash(32) | u16 len | exporter | "
         "exporter_sign_pk(32) | u64 time | u16 len | from_period | u16 len | to_period | u32 k "
         "| u32 epsilon_millis | manifest_hash(32) | signature(64). Periods are 'YYYYQn'. The "
         "Ed25519 signature by exporter_sign_pk is over signed_message = u16 "
         "len('weerbaar/v1/privacy-ledger-entry') | 'weerbaar/v1/privacy-ledger-entry' | encoded "
         "without its last 64 bytes. hash = crypto_generichash, 32 bytes, unkeyed, of u16 "
         "len('weerbaar/v1/privacy-ledger-hash') | 'weerbaar/v1/privacy-ledger-hash' | encoded "
         "(signature included). The chain: sequences run 1..n, the first previous_hash is 32 "
         "zero bytes and every other is the hash of the entry before. Both entries spend on "
         "2025Q3 and 2025Q4: 1.000 + 0.500 of epsilon."},
        {"entries", entries}};
}

// u16 count | count x (u16 len | name, u32 len | bytes).
Bytes package_archive(const std::vector<std::pair<std::string, std::string>>& files) {
    Out out;
    out.be(files.size(), 2);
    for (const auto& [name, bytes] : files) {
        out.str(name);
        out.be(bytes.size(), 4);
        out.raw(weerbaar::crypto::as_bytes(bytes));
    }
    return out.bytes;
}

Json research_package_case(const std::string& name, bool encrypted) {
    const std::vector<std::pair<std::string, std::string>> files = {
        {"microdata.csv", "periode,regio,ambtsgroep\r\n2025H1,noord,bestuurder\r\n"},
        {"rapport.md", "# Rapport\n\nk = 5, epsilon = 1.000\n"}};
    const Bytes archive = package_archive(files);
    const std::uint64_t created = 1767571200;
    const Bytes file_key = filled(32, 0x44);
    const Bytes nonce = filled(24, 0x55);
    const Bytes sealed_file_key = sealed_box(file_key, kRitaBox.pk, 0x36);

    Out header;
    header.u8(1);
    header.u8(0x0D);
    header.str("bob");
    header.raw(kBobSign.pk);
    header.be(created, 8);
    header.u8(encrypted ? 1 : 0);
    Bytes payload = archive;
    if (encrypted) {
        header.str("rita");
        header.raw(kRitaBox.pk);
        header.raw(sealed_file_key);
        header.raw(nonce);
        payload.resize(archive.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES);
        unsigned long long payload_size = 0;
        crypto_aead_xchacha20poly1305_ietf_encrypt(
            payload.data(), &payload_size, archive.data(), archive.size(), header.bytes.data(),
            header.bytes.size(), nullptr, nonce.data(), file_key.data());
    }
    Out body = header;
    body.be(payload.size(), 4);
    body.raw(payload);
    const auto [signed_message, signature, encoded] =
        signed_by(kBobSign, "weerbaar/v1/research-package", body.bytes);

    Json file_list = Json::array();
    for (const auto& [file_name, bytes] : files) {
        file_list.push_back(
            Json{{"name", file_name}, {"bytes", to_hex(weerbaar::crypto::as_bytes(bytes))}});
    }
    Json out{{"name", name},
             {"exporter", "bob"},
             {"exporter_sign_pk", to_hex(kBobSign.pk)},
             {"created", created},
             {"encrypted", encrypted},
             {"files", file_list},
             {"archive", to_hex(archive)},
             {"header", to_hex(header.bytes)}};
    if (encrypted) {
        out["recipient"] = "rita";
        out["recipient_enc_pk"] = to_hex(kRitaBox.pk);
        out["recipient_enc_sk"] = to_hex(kRitaBox.sk);
        out["file_key"] = to_hex(file_key);
        out["sealed_file_key"] = to_hex(sealed_file_key);
        out["nonce"] = to_hex(nonce);
    }
    out["payload"] = to_hex(payload);
    out["signed_message"] = to_hex(signed_message);
    out["signature"] = to_hex(signature);
    out["encoded"] = to_hex(encoded);
    return out;
}

Json research_package() {
    return Json{
        {"description",
         "Research packages by coordinator 'bob': one plain, one encrypted to researcher "
         "'rita'. archive = u16 count | count x (u16 len | name, u32 len | bytes). header = "
         "version(1)=0x01 | tag(1)=0x0D | u16 len | exporter | exporter_sign_pk(32) | u64 "
         "created | u8 encrypted (0 or 1), and when encrypted: u16 len | recipient | "
         "recipient_enc_pk(32) | sealed_file_key(80) | nonce(24). Layout: header | u32 len | "
         "payload | signature(64). Plain: payload = archive. Encrypted: payload = "
         "crypto_aead_xchacha20poly1305_ietf_encrypt(archive, ad = header, nonce, file_key), and "
         "sealed_file_key = crypto_box_seal(file_key, recipient_enc_pk) (file key, nonce and the "
         "seal's ephemeral key, seed 0x36, are fixed here; the library draws random ones). The "
         "Ed25519 signature by exporter_sign_pk is over signed_message = u16 "
         "len('weerbaar/v1/research-package') | 'weerbaar/v1/research-package' | encoded without "
         "its last 64 bytes. File names are 1..100 of [a-z0-9._-], not starting with '.', "
         "unique."},
        {"cases", Json::array({research_package_case("plain", false),
                               research_package_case("encrypted to rita", true)})}};
}

// Audit entries of the research export: version 1 entries and a version 2 entry with a
// detail, in one chain after an entry like audit.json's first.
Json audit_detail() {
    const std::vector<AuditEntryCase> cases = {
        {"organisation_created", 1, "bob", "", {}, ""},
        {"research_key_issued", 17, "bob", "", {}, ""},
        {"research_key_granted", 18, "bob", "carol", {}, ""},
        {"export_recorded",
         13,
         "bob",
         "",
         {},
         "manifest=" + to_hex(filled(32, 0xa1)) +
             " period=2025Q1-2025Q4 k=5 epsilon=1.000 ledger=1"},
    };
    Bytes head_hash;
    const Json entries = audit_entries(cases, 1767225600, head_hash);
    return Json{
        {"description",
         "Audit entries of the research export in one chain: version 1 entries (no detail) and "
         "a version 2 entry with a detail. A version 1 entry is laid out as in audit.json. "
         "Version 2: version(1)=0x02 | tag(1)=0x07 | u64 sequence | u64 time | u8 event | u16 "
         "len | actor | u16 len | subject | u16 len | case_id | previous_hash(32) | u16 len | "
         "detail (1..512 bytes of printable ASCII; an entry without a detail is always version "
         "1, and its vector has no 'detail'). hash = crypto_generichash, 32 bytes, unkeyed, of u16 "
         "len('weerbaar/v1/audit-entry') "
         "| 'weerbaar/v1/audit-entry' | encoded, for both versions. Events 17 "
         "research_key_issued, 18 research_key_granted, 13 export_recorded."},
        {"entries", entries}};
}

// The audit key endorsing a server certificate (ADR 0010). The "DER" is a fixed byte
// string: the endorsement hashes whatever bytes the TLS connection showed.
Json server_certificate_endorsement() {
    const Bytes der = {0x30, 0x0a, 0x02, 0x01, 0x01, 0x0c, 0x05, 'w', 'e', 'e', 'r', 'b'};
    Bytes digest(crypto_hash_sha256_BYTES);
    crypto_hash_sha256(digest.data(), der.data(), der.size());
    const std::uint64_t endorsed_at = 1767225600;
    Out body;
    body.u8(1);
    body.u8(0x12);
    body.raw(digest);
    body.be(endorsed_at, 8);
    const auto [signed_message, signature, encoded] =
        signed_by(kServerAudit, "weerbaar/v1/server-certificate-endorsement", body.bytes);
    return Json{
        {"description",
         "A server certificate endorsement (ADR 0010): version(1)=0x01 | tag(1)=0x12 | "
         "certificate_sha256(32) = SHA-256 of the certificate's DER | u64 endorsed_at | "
         "signature(64), Ed25519 by the server's audit key over u16 len "
         "| 'weerbaar/v1/server-certificate-endorsement' | every byte before the signature. "
         "It holds for a connection whose certificate DER hashes to certificate_sha256."},
        {"server_sign_pk", to_hex(kServerAudit.pk)},
        {"certificate_der", to_hex(der)},
        {"certificate_sha256", to_hex(digest)},
        {"endorsed_at", endorsed_at},
        {"signed_message", to_hex(signed_message)},
        {"signature", to_hex(signature)},
        {"encoded", to_hex(encoded)}};
}

// A server restored from a backup that ended at entry 2: entry 3 is server_restored,
// naming entry 2's sequence and hash, with a checkpoint signed over exactly entry 3.
Json restore_notice() {
    const std::uint64_t start = 1767225600;
    const std::uint64_t backup_time = start + 600;
    std::vector<AuditEntryCase> cases = {
        {"organisation_created", 1, "bob", "", {}, ""},
        {"member_approved", 5, "bob", "anna", {}, ""},
    };
    Bytes backup_head;
    (void)audit_entries(cases, start, backup_head);
    const std::string detail = "backup_time=" + std::to_string(backup_time) +
                               " backup_sequence=2 backup_head=" + to_hex(backup_head);
    cases.push_back({"server_restored", 22, "", "", {}, detail});
    Bytes notice_hash;
    const Json entries = audit_entries(cases, start, notice_hash);
    const std::uint64_t checkpoint_time = start + 7200;
    Out body;
    body.u8(1);
    body.u8(0x08);
    body.be(3, 8);
    body.raw(notice_hash);
    body.be(checkpoint_time, 8);
    const auto [signed_message, signature, encoded] =
        signed_by(kServerAudit, "weerbaar/v1/audit-checkpoint", body.bytes);
    return Json{
        {"description",
         "A restore notice (ADR 0009): a chain whose backup ended at entry 2, then entry 3, "
         "server_restored (event 22, no actor, version 2 with the detail 'backup_time=<unix "
         "seconds> backup_sequence=<n> backup_head=<64 lowercase hex>'), and a checkpoint "
         "(layout as in audit.json) signed by server_sign_pk over exactly entry 3. A notice "
         "verifies when the checkpoint verifies under the pinned audit key, its sequence and "
         "head_hash are entry 3's, the entry is server_restored, its sequence is backup_sequence "
         "+ 1 and its previous_hash is backup_head."},
        {"server_sign_pk", to_hex(kServerAudit.pk)},
        {"entries", entries},
        {"backup_time", backup_time},
        {"backup_sequence", 2},
        {"backup_head", to_hex(backup_head)},
        {"checkpoint", Json{{"sequence", 3},
                            {"head_hash", to_hex(notice_hash)},
                            {"time", checkpoint_time},
                            {"encoded", to_hex(encoded)}}}};
}

// A backup file (docs/crypto.md, "Backups"). crypto_box_seal and init_push are random
// in the library; here the file key and stream header are fixed, and the sealed key is
// whatever crypto_box_seal drew when this file was written: open it, do not rebuild it.
Json backup() {
    const Bytes file_key = filled(32, 0x44);
    const Bytes header = filled(24, 0xbb);
    const std::string text = "weerbaar backup vector: the contents are opaque to this format";
    Bytes sealed_key(crypto_box_SEALBYTES + file_key.size());
    crypto_box_seal(sealed_key.data(), file_key.data(), file_key.size(), kOperatorBackup.pk.data());
    Out prefix;
    prefix.raw(Bytes{'W', 'B', 'B', 'A', 'C', 'K', 'U', 'P'});
    prefix.u8(1);
    prefix.u8(0x11);
    prefix.raw(kOperatorBackup.pk);
    prefix.raw(sealed_key);
    const Bytes associated_data = domain_separated("weerbaar/v1/backup", prefix.bytes);
    crypto_secretstream_xchacha20poly1305_state state;
    crypto_secretstream_xchacha20poly1305_init_pull(&state, header.data(), file_key.data());
    Bytes chunk(text.size() + crypto_secretstream_xchacha20poly1305_ABYTES);
    crypto_secretstream_xchacha20poly1305_push(
        &state, chunk.data(), nullptr, reinterpret_cast<const unsigned char*>(text.data()),
        text.size(), associated_data.data(), associated_data.size(),
        crypto_secretstream_xchacha20poly1305_TAG_FINAL);
    Out file;
    file.raw(prefix.bytes);
    file.raw(header);
    file.raw(chunk);
    return Json{
        {"description",
         "A backup file: magic 'WBBACKUP' | version(1)=0x01 | tag(1)=0x11 | recipient_pk(32) | "
         "sealed_key(80) = crypto_box_seal(file_key, recipient_pk) | secretstream header(24) | "
         "chunks, 1 MiB of plaintext each, the last (here the only one) TAG_FINAL; every chunk's "
         "associated_data = u16 len('weerbaar/v1/backup') | 'weerbaar/v1/backup' | the 122 bytes "
         "from the magic to the end of sealed_key. The operator key pair comes from "
         "crypto_box_seed_keypair with a seed of 32 0x0d bytes."},
        {"recipient_pk", to_hex(kOperatorBackup.pk)},
        {"recipient_sk", to_hex(kOperatorBackup.sk)},
        {"file_key", to_hex(file_key)},
        {"associated_data", to_hex(associated_data)},
        {"plaintext", to_hex(Bytes(text.begin(), text.end()))},
        {"encoded", to_hex(file.bytes)}};
}

// Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1 (0x11d), the field libgfshare
// works in, written out so the vector checks the library's field and not only itself.
std::uint8_t gf_multiply(std::uint8_t a, std::uint8_t b) {
    unsigned product = 0;
    unsigned shifted = a;
    for (unsigned bits = b; bits != 0; bits >>= 1) {
        if ((bits & 1U) != 0) {
            product ^= shifted;
        }
        shifted <<= 1;
        if ((shifted & 0x100U) != 0) {
            shifted ^= 0x11dU;
        }
    }
    return static_cast<std::uint8_t>(product);
}

// A 2-of-3 split of the root key's seed among coordinators bob, carol and daan, made by
// bob; then carol and daan release their shares to bob, who recovers.
Json root_key_share() {
    const Bytes seed = filled(crypto_sign_SEEDBYTES, 0x01);  // kRoot's seed
    const Bytes split_id = filled(16, 0x5a);
    const std::uint64_t created = 1767225600;
    const std::uint64_t released = created + 3600;
    Bytes coefficient(32);  // the degree-1 coefficient of each byte's polynomial
    for (std::size_t i = 0; i < coefficient.size(); ++i) {
        coefficient[i] = static_cast<std::uint8_t>(0x11 + 7 * i);
    }
    struct Holder {
        std::string name;
        const SignKeys* sign;
        const BoxKeys* box;
        std::uint8_t ephemeral;
    };
    const std::vector<Holder> holders = {
        {"bob", &kBobSign, &kBobBox, 0x40},
        {"carol", &kCarolSign, &kCarolBox, 0x41},
        {"daan", &kDaanSign, &kDaanBox, 0x42},
    };
    Json shares = Json::array();
    std::vector<Bytes> plaintexts;
    std::vector<Bytes> encoded_shares;
    for (std::size_t index = 0; index < holders.size(); ++index) {
        const auto number = static_cast<std::uint8_t>(index + 1);
        Bytes value(32);
        for (std::size_t i = 0; i < value.size(); ++i) {
            value[i] = static_cast<std::uint8_t>(seed[i] ^ gf_multiply(coefficient[i], number));
        }
        Out plaintext;
        plaintext.u8(1);
        plaintext.u8(0x10);
        plaintext.raw(split_id);
        plaintext.u8(number);
        plaintext.raw(value);
        const Bytes commitment =
            generic_hash("weerbaar/v1/root-key-share-commitment", plaintext.bytes);
        const Holder& holder = holders[index];
        const Bytes sealed = sealed_box(plaintext.bytes, holder.box->pk, holder.ephemeral);
        Out body;
        body.u8(1);
        body.u8(0x0E);
        body.raw(split_id);
        body.u8(2);
        body.u8(3);
        body.u8(number);
        body.raw(kRoot.pk);
        body.be(created, 8);
        body.raw(commitment);
        body.str(holder.name);
        body.raw(holder.box->pk);
        body.raw(sealed);
        body.str("bob");
        body.raw(kBobSign.pk);
        const auto [signed_message, signature, encoded] =
            signed_by(kBobSign, "weerbaar/v1/root-key-share", body.bytes);
        plaintexts.push_back(plaintext.bytes);
        encoded_shares.push_back(encoded);
        shares.push_back(Json{{"holder", holder.name},
                              {"holder_enc_pk", to_hex(holder.box->pk)},
                              {"holder_enc_sk", to_hex(holder.box->sk)},
                              {"number", number},
                              {"value", to_hex(value)},
                              {"plaintext", to_hex(plaintext.bytes)},
                              {"commitment", to_hex(commitment)},
                              {"sealed_share", to_hex(sealed)},
                              {"signed_message", to_hex(signed_message)},
                              {"signature", to_hex(signature)},
                              {"encoded", to_hex(encoded)}});
    }
    Out authorisation;
    authorisation.raw(split_id);
    authorisation.u8(2);
    authorisation.u8(3);
    authorisation.be(created, 8);
    authorisation.str("bob");
    const Signed split = signed_by(kRoot, "weerbaar/v1/root-key-split", authorisation.bytes);

    Json releases = Json::array();
    for (const std::size_t index : {std::size_t{1}, std::size_t{2}}) {
        const Holder& holder = holders[index];
        const Bytes sealed =
            sealed_box(plaintexts[index], kBobBox.pk, static_cast<std::uint8_t>(0x43 + index));
        const Bytes commitment =
            generic_hash("weerbaar/v1/root-key-share-commitment", plaintexts[index]);
        Out body;
        body.u8(1);
        body.u8(0x0F);
        body.raw(split_id);
        body.u8(static_cast<unsigned>(index + 1));
        body.raw(commitment);
        body.be(released, 8);
        body.str(holder.name);
        body.raw(holder.sign->pk);
        body.str("bob");
        body.raw(kBobBox.pk);
        body.raw(sealed);
        const auto [signed_message, signature, encoded] =
            signed_by(*holder.sign, "weerbaar/v1/root-key-share-release", body.bytes);
        releases.push_back(Json{{"holder", holder.name},
                                {"holder_sign_pk", to_hex(holder.sign->pk)},
                                {"share", index},
                                {"sealed_share", to_hex(sealed)},
                                {"signed_message", to_hex(signed_message)},
                                {"signature", to_hex(signature)},
                                {"encoded", to_hex(encoded)}});
    }
    return Json{
        {"description",
         "The root key (seed 32 x 0x01, root_sign_pk) split 2-of-3 by coordinator 'bob' among "
         "bob, carol and daan; carol and daan release their shares to bob. Shamir over GF(2^8) "
         "modulo x^8+x^4+x^3+x^2+1 (0x11d), byte by byte: share number x (1..3) has value[i] = "
         "seed[i] XOR coefficient[i]*x, so any two rebuild the seed by Lagrange interpolation at "
         "0. plaintext = version(1)=0x01 | tag(1)=0x10 | split_id(16) | number(1) | value(32). "
         "commitment = crypto_generichash(32) of u16 len('weerbaar/v1/root-key-share-commitment') "
         "| that domain | plaintext. Share: 0x01 | 0x0E | split_id(16) | threshold(1) | "
         "share_count(1) | number(1) | root_sign_pk(32) | u64 created | commitment(32) | u16 len "
         "| holder | holder_enc_pk(32) | sealed_share(99) | u16 len | splitter | "
         "splitter_sign_pk(32) | signature(64) by the splitter over u16 len | "
         "'weerbaar/v1/root-key-share' | everything before it. Release: 0x01 | 0x0F | "
         "split_id(16) | number(1) | commitment(32) | u64 released | u16 len | holder | "
         "holder_sign_pk(32) | u16 len | recipient | recipient_enc_pk(32) | sealed_share(99) | "
         "signature(64) by the holder, domain 'weerbaar/v1/root-key-share-release'. Every "
         "sealed_share is crypto_box_seal(plaintext, enc_pk), here with fixed ephemeral keys "
         "(seeds 0x40..0x42 for the shares, 0x44 and 0x45 for the releases) so the vector is "
         "reproducible. split_signature is the root key's "
         "Ed25519 signature over u16 len | 'weerbaar/v1/root-key-split' | split_id | threshold "
         "| share_count | u64 created | u16 len | splitter."},
        {"root_sign_pk", to_hex(kRoot.pk)},
        {"root_sign_sk", to_hex(kRoot.sk)},
        {"split_id", to_hex(split_id)},
        {"threshold", 2},
        {"share_count", 3},
        {"created", created},
        {"released", released},
        {"splitter", "bob"},
        {"splitter_sign_pk", to_hex(kBobSign.pk)},
        {"coefficient", to_hex(coefficient)},
        {"recipient", "bob"},
        {"recipient_enc_pk", to_hex(kBobBox.pk)},
        {"recipient_enc_sk", to_hex(kBobBox.sk)},
        {"split_signed_message", to_hex(split.signed_message)},
        {"split_signature", to_hex(split.signature)},
        {"shares", shares},
        {"releases", releases}};
}

bool write(const std::string& directory, const std::string& name, const Json& json) {
    std::ofstream out(directory + "/" + name);
    out << json.dump(2) << '\n';
    return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <output directory>\n", argv[0]);
        return 2;
    }
    if (sodium_init() < 0) {
        return 1;
    }
    const std::string directory = argv[1];
    const bool written =
        write(directory, "certificate.json", certificates()) &&
        write(directory, "key_wrap.json", key_wrap()) &&
        write(directory, "record.json", record()) &&
        write(directory, "keystore.json", keystore()) &&
        write(directory, "fingerprint.json", fingerprints()) &&
        write(directory, "enrolment.json", enrolment()) &&
        write(directory, "login.json", login()) &&
        write(directory, "revocation.json", revocation()) &&
        write(directory, "audit.json", audit()) &&
        write(directory, "attachment.json", attachment()) &&
        write(directory, "research_key_certificate.json", research_key_certificate()) &&
        write(directory, "research_key_wrap.json", research_key_wrap()) &&
        write(directory, "research_record.json", research_record()) &&
        write(directory, "privacy_ledger.json", privacy_ledger()) &&
        write(directory, "research_package.json", research_package()) &&
        write(directory, "audit_detail.json", audit_detail()) &&
        write(directory, "root_key_share.json", root_key_share()) &&
        write(directory, "restore_notice.json", restore_notice()) &&
        write(directory, "backup.json", backup()) &&
        write(directory, "server_certificate_endorsement.json", server_certificate_endorsement());
    return written ? 0 : 1;
}
