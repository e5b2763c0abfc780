// The operator is the adversary. Each scenario runs the real server, then stops it
// and edits the SQLCipher database with the key from db.key, as an operator with
// root on the machine can; after a restart the victim's client must refuse what
// was altered: exit 4, one line on stderr naming the record or member, and none of
// the altered content printed. Before each attack the same command succeeds on the
// untouched data, so every scenario can fail.

#include <algorithm>
#include <catch2/catch.hpp>
#include <ctime>
#include <nlohmann/json.hpp>

#include "member_keystore.h"
#include "operator_edits.h"
#include "record_layout.h"
#include "team_scenario.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::e2e {
namespace {

const std::string kSecret = "Dreigbrief bij de voordeur gevonden; aangifte gedaan bij de politie.";
const std::string kFollowUp = "Woningscan aangevraagd bij de gemeente.";

// The victim's client caught the attack: exit 4 and exactly one line on stderr
// that names `what`, and nothing of `hidden` on either stream.
void check_caught(const ProcessResult& result, const std::string& what,
                  const std::vector<std::string>& hidden = {}) {
    INFO("stdout: " << result.out << "\nstderr: " << result.err);
    CHECK(result.exit_code == 4);
    CHECK(std::count(result.err.begin(), result.err.end(), '\n') == 1);
    CHECK(result.err.rfind("weerbaar: ", 0) == 0);
    CHECK(result.err.find(what) != std::string::npos);
    for (const auto& text : hidden) {
        CHECK(result.out.find(text) == std::string::npos);
        CHECK(result.err.find(text) == std::string::npos);
    }
}

// `case show` succeeds and shows `text`: the baseline before an attack.
void check_shows(TeamScenario& team, const std::string& user, const std::string& case_id,
                 const std::string& text) {
    const auto shown = team.must_succeed(user, {"case", "show", case_id});
    CHECK(shown.out.find(text) != std::string::npos);
}

crypto::Certificate decode_certificate(const crypto::Bytes& encoded) {
    auto certificate = crypto::Certificate::decode(encoded);
    REQUIRE(certificate.ok());
    return std::move(certificate).value();
}

// bram's case with two notes (records 2 and 3), read once untouched, so that each
// attack test sees the same command succeed before the operator's edit.
std::string case_with_two_notes(TeamScenario& team) {
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    team.must_succeed("bram", {"case", "note", case_id, "--text", kFollowUp});
    check_shows(team, "bram", case_id, kSecret);
    return case_id;
}

}  // namespace

TEST_CASE("hostile server: a flipped ciphertext byte of a record is caught", "[e2e][hostile]") {
    // The operator flips one byte inside a note's ciphertext. The author's signature
    // covers the ciphertext and the AEAD tag authenticates it, so the client refuses
    // record 2 instead of showing garbage or silently skipping it.
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = case_with_two_notes(team);

    team.as_operator([&](OperatorDatabase& db) {
        const auto id = case_key_column(case_id);
        const auto blob = record_blob(db, id, 2);
        replace_record_blob(db, id, 2, with_flipped_byte(blob, record_layout(blob).ciphertext + 3));
    });
    check_caught(team.cli().run("bram", {"case", "show", case_id}), "record 2", {kSecret});
}

TEST_CASE("hostile server: a flipped header byte of a record is caught", "[e2e][hostile]") {
    // The operator changes the `created` time in a note's cleartext header (it would
    // backdate the note). The header is both the AEAD's associated data and signed
    // by the author, so the client refuses record 2.
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = case_with_two_notes(team);

    team.as_operator([&](OperatorDatabase& db) {
        const auto id = case_key_column(case_id);
        const auto blob = record_blob(db, id, 2);
        replace_record_blob(db, id, 2, with_flipped_byte(blob, record_layout(blob).created + 6));
    });
    check_caught(team.cli().run("bram", {"case", "show", case_id}), "record 2", {kSecret});
}

TEST_CASE("hostile server: a record whose author was swapped is caught", "[e2e][hostile]") {
    // The operator rewrites the author of bram's note to carla, another member of
    // the case, so the note would look like carla's. The client checks the signature
    // with carla's certified key, which did not sign it, so record 2 is refused.
    // (Record 2 is not the newest, so it is the signature that catches it, not the
    // client's memory of the newest record it read.)
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    team.must_succeed("bram", {"case", "note", case_id, "--text", kFollowUp});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    check_shows(team, "carla", case_id, kSecret);

    team.as_operator([&](OperatorDatabase& db) {
        const auto id = case_key_column(case_id);
        replace_record_blob(db, id, 2, with_author(record_blob(db, id, 2), "carla"));
        db.execute("UPDATE records SET author = 'carla' WHERE case_id = ?1 AND sequence = 2;",
                   {id});
    });
    const auto result = team.cli().run("carla", {"case", "show", case_id});
    check_caught(result, "record 2", {kSecret});
    CHECK(result.err.find("signature") != std::string::npos);
}

TEST_CASE("hostile server: a record replayed into another case is caught", "[e2e][hostile]") {
    // The operator copies a genuine, correctly signed note of case A to the end of
    // case B. The case id is in the signed header, so B's reader sees a record that
    // belongs to another case (and holds no key for it anyway) and refuses record 2.
    TeamScenario team({{"bram", "confidant"}});
    const auto case_a = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_a, "--text", kSecret});
    const auto case_b = team.open_case("bram");
    team.must_succeed("bram", {"case", "show", case_b});

    team.as_operator([&](OperatorDatabase& db) {
        const auto note = record_blob(db, case_key_column(case_a), 2);
        append_record(db, case_key_column(case_b), note,
                      crypto::SealedRecord::decode(note).value().header().record_id);
    });
    check_caught(team.cli().run("bram", {"case", "show", case_b}), "record 2", {kSecret});
}

TEST_CASE("hostile server: an old-epoch record after an unshare is caught", "[e2e][hostile]") {
    // After bram removes carla (epoch 2), the operator appends a record of epoch 1
    // as the newest one: first a copy of an old note, then a fresh note that carla,
    // who still holds the epoch-1 key, wrote after her removal. Epochs only move
    // forward along a case, so the client refuses record 4 in both forms.
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("bram", {"case", "unshare", case_id, "--user", "carla"});
    team.must_succeed("bram", {"case", "note", case_id, "--text", kFollowUp});
    const auto shown =
        nlohmann::json::parse(team.must_succeed("bram", {"case", "show", case_id, "--json"}).out);
    REQUIRE(shown.at("epoch") == 2);
    REQUIRE(shown.at("records").size() == 3);
    const auto id = case_key_column(case_id);

    {
        INFO("a copy of an epoch-1 note appended as record 4");
        team.as_operator([&](OperatorDatabase& db) {
            append_record(db, id, record_blob(db, id, 2), crypto::random_bytes(16));
        });
        check_caught(team.cli().run("bram", {"case", "show", case_id}), "record 4", {kSecret});
    }
    {
        INFO("a fresh epoch-1 note by the removed member appended as record 4");
        const std::string forged_text = "Zaak mag dicht, geen actie meer nodig.";
        REQUIRE(crypto::initialise().ok());
        const auto carla = open_member_keystore(team.cli(), "carla");
        const auto bram = open_member_keystore(team.cli(), "bram");
        team.as_operator([&](OperatorDatabase& db) {
            drop_record(db, id, 4);
            // The epoch-1 key carla held: her own wrap if the server kept it, else
            // bram's (the same key).
            auto carla_wrap = case_member_wrap(db, id, "carla", 1);
            const auto& holder = carla_wrap ? carla : bram;
            const auto wrap = carla_wrap ? *carla_wrap : *case_member_wrap(db, id, "bram", 1);
            auto old_key = crypto::KeyWrap::decode(wrap).value().open(holder.identity.encryption);
            REQUIRE(old_key.ok());
            const auto head = crypto::SealedRecord::decode(record_blob(db, id, 3)).value().hash();
            crypto::RecordHeader header{
                id,      crypto::random_bytes(crypto::kRecordIdSize),    1,
                "carla", static_cast<std::uint64_t>(std::time(nullptr)), {head}};
            auto forged = crypto::SealedRecord::seal(std::move(header), note_plaintext(forged_text),
                                                     old_key.value(), carla.identity.signing);
            REQUIRE(forged.ok());
            append_record(db, id, forged.value().encode(), forged.value().header().record_id);
        });
        check_caught(team.cli().run("bram", {"case", "show", case_id}), "record 4", {forged_text});
    }
}

TEST_CASE("hostile server: a dropped record is caught", "[e2e][hostile]") {
    // Two ways to drop: (a) the operator deletes note 2 of 3 and renumbers, but note
    // 3 names the hash of note 2 as what its author had seen, so the client finds a
    // gap; (b) the operator deletes the newest note after the victim read it, a
    // rollback, which the client catches because it remembers the newest record it
    // verified.
    TeamScenario team({{"bram", "confidant"}});
    const auto referenced = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", referenced, "--text", kSecret});
    team.must_succeed("bram", {"case", "note", referenced, "--text", kFollowUp});
    check_shows(team, "bram", referenced, kFollowUp);
    const auto rolled_back = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", rolled_back, "--text", kSecret});
    team.must_succeed("bram", {"case", "note", rolled_back, "--text", kFollowUp});
    check_shows(team, "bram", rolled_back, kFollowUp);

    team.as_operator([&](OperatorDatabase& db) {
        drop_record(db, case_key_column(referenced), 2);
        drop_record(db, case_key_column(rolled_back), 3);
    });
    {
        INFO("record 2 of 3 deleted and record 3 renumbered");
        check_caught(team.cli().run("bram", {"case", "show", referenced}), "record 2", {kFollowUp});
    }
    {
        INFO("the newest record deleted after the victim read it");
        const auto result = team.cli().run("bram", {"case", "show", rolled_back});
        check_caught(result, "dropped or rewrote", {kSecret});
        CHECK(result.err.find('3') != std::string::npos);
    }
}

TEST_CASE("hostile server: dropping what the author just wrote is caught", "[e2e][hostile]") {
    // The author never read the case after writing note 2: the client remembers its
    // own record from the append, so dropping it is caught all the same.
    TeamScenario team({{"bram", "confidant"}});
    const auto id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", id, "--text", kSecret});
    team.as_operator([&](OperatorDatabase& db) { drop_record(db, case_key_column(id), 2); });
    const auto result = team.cli().run("bram", {"case", "show", id});
    check_caught(result, "dropped or rewrote", {});
    CHECK(result.err.find('2') != std::string::npos);
}

TEST_CASE("hostile server: a key wrap the granter did not sign is refused", "[e2e][hostile]") {
    // The operator replaces carla's wrap with one it made for a case key it chose,
    // naming bram as granter: (a) signed with an operator key, (b) carrying bram's
    // real public key but no valid signature. The client only accepts a wrap signed
    // with the granter's certified key, so carla never uses the operator's key and
    // writes nothing the operator could read.
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    check_shows(team, "carla", case_id, kSecret);
    REQUIRE(crypto::initialise().ok());
    const auto id = case_key_column(case_id);
    const auto operator_key = crypto::CaseKey::generate();
    const auto operator_signer = crypto::SigningKeyPair::generate();

    const auto make_wrap = [&](OperatorDatabase& db) {
        const auto carla = decode_certificate(member_certificate(db, "carla"));
        auto wrap = crypto::KeyWrap::create(id, 1, "carla", carla.body().enc_pk, operator_key,
                                            "bram", operator_signer);
        REQUIRE(wrap.ok());
        return wrap.value().encode();
    };
    const auto check_refused = [&](OperatorDatabase& db) {
        // Nothing new was stored, and no stored record opens under the operator's key.
        CHECK(record_count(db, id) == 2);
        for (const auto& row :
             db.query("SELECT blob, author FROM records WHERE case_id = ?1;", {id})) {
            const auto author =
                decode_certificate(member_certificate(db, std::get<std::string>(row.at(1))));
            const auto record = crypto::SealedRecord::decode(std::get<crypto::Bytes>(row.at(0)));
            REQUIRE(record.ok());
            CHECK_FALSE(record.value().open(operator_key, author.body().sign_pk).ok());
        }
    };

    for (const bool signed_by_operator : {true, false}) {
        INFO((signed_by_operator ? "(a) wrap signed by an operator key"
                                 : "(b) wrap with bram's key and no valid signature"));
        team.as_operator([&](OperatorDatabase& db) {
            auto wrap = make_wrap(db);
            if (!signed_by_operator) {
                // granter_sign_pk is the 32 bytes before the 64-byte signature.
                const auto bram = decode_certificate(member_certificate(db, "bram"));
                std::copy(bram.body().sign_pk.begin(), bram.body().sign_pk.end(),
                          wrap.end() - 64 - 32);
            }
            REQUIRE(db.execute("UPDATE case_members SET wrap = ?2 "
                               "WHERE case_id = ?1 AND user = 'carla' AND epoch = 1;",
                               {id, wrap}) == 1);
        });
        check_caught(team.cli().run("carla", {"case", "show", case_id}), "bram", {kSecret});
        check_caught(team.cli().run("carla", {"case", "note", case_id, "--text", kFollowUp}),
                     "bram", {kSecret});
        team.as_operator(check_refused);
    }
}

TEST_CASE("hostile server: a substituted public key is refused when sharing", "[e2e][hostile]") {
    // The operator replaces carla's certificate so that sharing would wrap the case
    // key to the operator's encryption key: (a) carla's certificate with only enc_pk
    // swapped, (b) a certificate for the operator's keys signed by an operator key
    // that claims to be anne. Neither chains to the pinned root, so bram refuses to
    // share and no wrap for carla is stored.
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto shared = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", shared, "--with", "carla"});
    const auto target = team.open_case("bram");
    const auto id = case_key_column(target);
    REQUIRE(crypto::initialise().ok());
    const auto operator_identity = crypto::Identity::generate();
    const auto operator_signer = crypto::SigningKeyPair::generate();

    for (const bool reissued : {false, true}) {
        INFO((reissued ? "(b) certificate re-signed by an operator key"
                       : "(a) original certificate with enc_pk swapped"));
        team.as_operator([&](OperatorDatabase& db) {
            const auto original = member_certificate(db, "carla");
            crypto::Bytes substitute;
            if (reissued) {
                auto body = decode_certificate(original).body();
                body.sign_pk = operator_identity.signing.public_key();
                body.enc_pk = operator_identity.encryption.public_key();
                body.issuer = "anne";
                body.issuer_sign_pk = operator_signer.public_key();
                auto issued = crypto::Certificate::issue(body, operator_signer);
                REQUIRE(issued.ok());
                substitute = issued.value().encode();
            } else {
                // enc_pk follows version, tag, u16 len | user, role and sign_pk.
                substitute = original;
                const auto& enc_pk = operator_identity.encryption.public_key();
                std::copy(enc_pk.begin(), enc_pk.end(), substitute.begin() + 2 + 2 + 5 + 1 + 32);
                REQUIRE(decode_certificate(substitute).body().enc_pk == enc_pk);
            }
            REQUIRE(db.execute("UPDATE members SET certificate = ?1 WHERE user = 'carla';",
                               {substitute}) == 1);
        });
        check_caught(team.cli().run("bram", {"case", "share", target, "--with", "carla"}), "carla");
        team.as_operator([&](OperatorDatabase& db) {
            CHECK(db.query("SELECT user FROM case_members WHERE case_id = ?1 AND user = 'carla';",
                           {id})
                      .empty());
        });
    }
}

TEST_CASE("hostile server: a rolled-back revocation is caught", "[e2e][hostile]") {
    // anne revokes daan and bram's client sees the revocation. The operator then
    // reactivates daan and deletes the revocation, hoping bram shares a case with
    // him. Clients remember every revocation they have seen, so bram refuses and
    // names the rolled-back revocation.
    TeamScenario team({{"bram", "confidant"}, {"daan", "peer"}});
    const auto before = team.open_case("bram");
    const auto after = team.open_case("bram");
    team.must_succeed("bram", {"case", "share", before, "--with", "daan"});
    team.must_succeed("anne", {"member", "revoke", "daan"});
    team.must_succeed("bram", {"member", "show", "daan"});

    team.as_operator([](OperatorDatabase& db) {
        REQUIRE(db.execute("UPDATE members SET active = 1 WHERE user = 'daan';") == 1);
        REQUIRE(db.execute("DELETE FROM revocations WHERE user = 'daan';") == 1);
    });
    const auto result = team.cli().run("bram", {"case", "share", after, "--with", "daan"});
    check_caught(result, "daan");
    CHECK(result.err.find("revo") != std::string::npos);
    team.as_operator([&](OperatorDatabase& db) {
        CHECK(db.query("SELECT user FROM case_members WHERE case_id = ?1 AND user = 'daan';",
                       {case_key_column(after)})
                  .empty());
    });
}

TEST_CASE("hostile server: a forged audit entry is caught", "[e2e][hostile]") {
    // (a) The operator changes the actor of an audit entry, keeping the stored hash;
    // (b) also updating the stored hash. Each entry names the hash of the one
    // before, so the chain breaks at the edit. (c) The operator deletes the newest
    // entries and lets the server write on from there, a chain rewritten after what
    // the coordinator verified: the coordinator's client remembers the last entry it
    // verified (its anchor), and that entry is no longer there.
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    const auto verified = team.must_succeed("anne", {"audit", "verify"});
    CHECK(last_line(verified.out).rfind("audit chain verified: ", 0) == 0);
    REQUIRE(crypto::initialise().ok());

    constexpr std::int64_t kEdited = 3;
    crypto::Bytes original_entry;
    crypto::Bytes original_hash;
    const auto forge = [&](bool update_hash) {
        team.as_operator([&](OperatorDatabase& db) {
            original_entry = db.blob("SELECT entry FROM audit_log WHERE sequence = ?1;", {kEdited});
            original_hash = db.blob("SELECT hash FROM audit_log WHERE sequence = ?1;", {kEdited});
            auto decoded = crypto::AuditEntry::decode(original_entry);
            REQUIRE(decoded.ok());
            auto body = decoded.value().body();
            body.actor = body.actor == "anne" ? "bram" : "anne";
            auto forged = crypto::AuditEntry::create(body);
            REQUIRE(forged.ok());
            db.execute("UPDATE audit_log SET entry = ?2 WHERE sequence = ?1;",
                       {kEdited, forged.value().encode()});
            if (update_hash) {
                db.execute("UPDATE audit_log SET hash = ?2 WHERE sequence = ?1;",
                           {kEdited, forged.value().hash()});
            }
        });
        const auto result = team.cli().run("anne", {"audit", "verify"});
        // The edit breaks the link from entry 3 to 4; either end may be named.
        const bool names_entry = result.err.find("audit entry 3") != std::string::npos ||
                                 result.err.find("audit entry 4") != std::string::npos;
        check_caught(result, "audit entry ");
        CHECK(names_entry);
        team.as_operator([&](OperatorDatabase& db) {
            db.execute("UPDATE audit_log SET entry = ?2, hash = ?3 WHERE sequence = ?1;",
                       {kEdited, original_entry, original_hash});
        });
    };
    {
        INFO("(a) actor changed, stored hash kept");
        forge(false);
    }
    {
        INFO("(b) actor changed and stored hash updated");
        forge(true);
    }
    {
        INFO("(c) the newest entries deleted after the coordinator verified them");
        const auto again = team.must_succeed("anne", {"audit", "verify"});
        CHECK(last_line(again.out).rfind("audit chain verified: ", 0) == 0);
        team.as_operator([](OperatorDatabase& db) {
            const auto last = db.integer("SELECT max(sequence) FROM audit_log;");
            db.execute("DELETE FROM audit_log WHERE sequence > ?1;", {last - 3});
            db.execute("DELETE FROM audit_checkpoints WHERE sequence > ?1;", {last - 3});
        });
        check_caught(team.cli().run("anne", {"audit", "verify"}), "audit entry ");
    }
}

TEST_CASE("hostile server: reordered records are caught", "[e2e][hostile]") {
    // The operator swaps the sequence numbers of notes 2 and 3. Note 3 names the
    // hash of note 2 as what its author had seen, so at position 2 it names a record
    // that does not precede it, and the client refuses record 2.
    TeamScenario team({{"bram", "confidant"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    team.must_succeed("bram", {"case", "note", case_id, "--text", kFollowUp});
    check_shows(team, "bram", case_id, kFollowUp);

    team.as_operator(
        [&](OperatorDatabase& db) { swap_records(db, case_key_column(case_id), 2, 3); });
    check_caught(team.cli().run("bram", {"case", "show", case_id}), "record 2",
                 {kSecret, kFollowUp});
}

}  // namespace weerbaar::e2e

namespace weerbaar::e2e {

TEST_CASE("hostile server: an unshare rolled back to the old epoch is caught", "[e2e][hostile]") {
    // bram removes carla (the case moves to epoch 2) before anyone writes in epoch 2.
    // The operator then puts the case back at epoch 1 and deletes the epoch-2 wraps,
    // so that bram's next note would be sealed under the epoch-1 key carla still
    // holds. bram's client remembers the epoch it started and refuses to go back.
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    team.must_succeed("bram", {"case", "unshare", case_id, "--user", "carla"});
    const auto before =
        nlohmann::json::parse(team.must_succeed("bram", {"case", "show", case_id, "--json"}).out);
    REQUIRE(before.at("epoch") == 2);

    const auto id = case_key_column(case_id);
    team.as_operator([&](OperatorDatabase& db) {
        db.execute("DELETE FROM case_members WHERE case_id = ? AND epoch = 2;", {id});
        db.execute("UPDATE cases SET epoch = 1 WHERE case_id = ?;", {id});
    });
    const auto refused = team.cli().run("bram", {"case", "note", case_id, "--text", kFollowUp});
    check_caught(refused, "rolled back the key epoch");
    team.as_operator([&](OperatorDatabase& db) {
        CHECK(db.integer("SELECT record_count FROM cases WHERE case_id = ?;", {id}) == 2);
    });
}

}  // namespace weerbaar::e2e

namespace weerbaar::e2e {

TEST_CASE("hostile server: a rotation granted by a member outside the case is refused",
          "[e2e][hostile]") {
    // eve is a real, certified peer, but the case was never shared with her. Colluding
    // with the operator, she signs (with her own, valid key) a wrap of a key she chose
    // for bram at epoch 2, and the operator moves the case to epoch 2. If bram wrote,
    // eve and the operator would read it. Membership is derived from the signed
    // grants back to the creator, and eve was never granted anything, so bram's
    // client refuses the key and writes nothing.
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}, {"eve", "peer"}});
    const auto case_id = team.open_case("bram");
    team.must_succeed("bram", {"case", "note", case_id, "--text", kSecret});
    team.must_succeed("bram", {"case", "share", case_id, "--with", "carla"});
    check_shows(team, "bram", case_id, kSecret);
    REQUIRE(crypto::initialise().ok());
    const auto eve = open_member_keystore(team.cli(), "eve");
    const auto id = case_key_column(case_id);
    const auto eves_key = crypto::CaseKey::generate();

    team.as_operator([&](OperatorDatabase& db) {
        for (const std::string user : {"bram", "carla"}) {
            const auto member = decode_certificate(member_certificate(db, user));
            auto wrap = crypto::KeyWrap::create(id, 2, user, member.body().enc_pk, eves_key, "eve",
                                                eve.identity.signing);
            REQUIRE(wrap.ok());
            db.execute("INSERT INTO case_members (case_id, user, epoch, wrap) VALUES (?, ?, 2, ?);",
                       {id, user, wrap.value().encode()});
        }
        // The server's own list now names eve as an epoch-1 member (with a wrap she
        // signed to herself), which is what made her "rotation" look entitled.
        const auto eve_cert = decode_certificate(member_certificate(db, "eve"));
        auto eve_row = crypto::KeyWrap::create(id, 1, "eve", eve_cert.body().enc_pk, eves_key,
                                               "eve", eve.identity.signing);
        REQUIRE(eve_row.ok());
        db.execute("INSERT INTO case_members (case_id, user, epoch, wrap) VALUES (?, 'eve', 1, ?);",
                   {id, eve_row.value().encode()});
        db.execute("UPDATE cases SET epoch = 2, rotation_required = 0 WHERE case_id = ?;", {id});
    });
    check_caught(team.cli().run("bram", {"case", "note", case_id, "--text", kFollowUp}),
                 "granted by 'eve'", {kSecret});
    check_caught(team.cli().run("carla", {"case", "show", case_id}), "granted by 'eve'", {kSecret});
    team.as_operator([&](OperatorDatabase& db) { CHECK(record_count(db, id) == 2); });
}

}  // namespace weerbaar::e2e
