#include "weerbaar/client/trust_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "weerbaar/client/profile.h"
#include "weerbaar/crypto/fingerprint.h"
#include "weerbaar/durable_file.h"
#include "weerbaar/sqlite/sqlite_statement.h"

namespace weerbaar::client {
namespace {

constexpr int kTrustFormat = 1;

using nlohmann::json;

Error damaged(const std::string& why) {
    return Error(ErrorCode::failed_precondition, "trust.json is damaged: " + why);
}

// Reads a field of an expected type, or nullopt.
template <typename T>
std::optional<T> field(const json& object, const char* key) {
    const auto found = object.find(key);
    if (found == object.end()) {
        return std::nullopt;
    }
    if constexpr (std::is_same_v<T, std::string>) {
        if (!found->is_string()) {
            return std::nullopt;
        }
    } else if constexpr (std::is_same_v<T, bool>) {
        if (!found->is_boolean()) {
            return std::nullopt;
        }
    } else {
        if (!found->is_number_unsigned()) {
            return std::nullopt;
        }
    }
    return found->get<T>();
}

bool is_hash_hex(const std::string& text) {
    const auto bytes = crypto::from_hex(text);
    return bytes.ok() && bytes.value().size() == crypto::kAuditHashSize;
}

Status read_keys(const json& keys, TrustState& state) {
    if (!keys.is_object()) {
        return damaged("keys is not an object");
    }
    for (const auto& [user, entry] : keys.items()) {
        const auto fingerprint =
            entry.is_object() ? field<std::string>(entry, "fingerprint") : std::nullopt;
        const auto verified = entry.is_object() ? field<bool>(entry, "verified") : std::nullopt;
        if (!fingerprint || !verified) {
            return damaged("the key of '" + user + "' is incomplete");
        }
        state.keys.insert_or_assign(user, KnownKey{*fingerprint, *verified});
    }
    return ok_status();
}

Status read_revocations(const json& revocations, TrustState& state) {
    if (!revocations.is_array()) {
        return damaged("revocations is not a list");
    }
    for (const json& entry : revocations) {
        const auto user = entry.is_object() ? field<std::string>(entry, "user") : std::nullopt;
        const auto hash = entry.is_object() ? field<std::string>(entry, "hash") : std::nullopt;
        const auto certificate =
            entry.is_object() ? field<std::string>(entry, "certificate_hash") : std::nullopt;
        if (!user || !hash || !certificate || !is_hash_hex(*hash) || !is_hash_hex(*certificate)) {
            return damaged("a revocation is incomplete");
        }
        state.revocations.push_back({*user, *hash, *certificate});
    }
    return ok_status();
}

Status read_anchor(const json& anchor, TrustState& state) {
    if (anchor.is_null()) {
        return ok_status();
    }
    const auto sequence =
        anchor.is_object() ? field<std::uint64_t>(anchor, "sequence") : std::nullopt;
    const auto head = anchor.is_object() ? field<std::string>(anchor, "head_hash") : std::nullopt;
    if (!sequence || !head || !is_hash_hex(*head)) {
        return damaged("the audit anchor is incomplete");
    }
    state.audit_anchor = crypto::AuditAnchor{*sequence, crypto::from_hex(*head).value()};
    return ok_status();
}

Status read_cases(const json& cases, TrustState& state) {
    if (!cases.is_object()) {
        return damaged("cases is not an object");
    }
    for (const auto& [case_hex, entry] : cases.items()) {
        const auto sequence =
            entry.is_object() ? field<std::uint64_t>(entry, "sequence") : std::nullopt;
        const auto hash = entry.is_object() ? field<std::string>(entry, "hash") : std::nullopt;
        if (!sequence || !hash || !is_hash_hex(*hash)) {
            return damaged("the memory of case " + case_hex + " is incomplete");
        }
        const auto epoch = field<std::uint32_t>(entry, "epoch");
        const auto creator = field<std::string>(entry, "creator");
        state.cases.insert_or_assign(
            case_hex, CaseHead{*sequence, *hash, epoch.value_or(0), creator.value_or("")});
    }
    return ok_status();
}

}  // namespace

KeySighting observe_key(TrustState& state, const std::string& user,
                        const std::string& fingerprint) {
    const auto known = state.keys.find(user);
    if (known == state.keys.end()) {
        state.keys.emplace(user, KnownKey{fingerprint, false});
        return KeySighting::first_sight;
    }
    return crypto::fingerprints_match(known->second.fingerprint, fingerprint)
               ? KeySighting::known
               : KeySighting::changed;
}

void mark_key_verified(TrustState& state, const std::string& user, const std::string& fingerprint) {
    state.keys.insert_or_assign(user, KnownKey{fingerprint, true});
}

bool is_remembered_revoked(const TrustState& state, const std::string& user,
                           crypto::ByteView certificate_hash) {
    const std::string hex = crypto::to_hex(certificate_hash);
    return std::any_of(state.revocations.begin(), state.revocations.end(),
                       [&](const RememberedRevocation& revocation) {
                           return revocation.user == user && revocation.certificate_hash == hex;
                       });
}

bool remember_revocation(TrustState& state, RememberedRevocation revocation) {
    if (std::find(state.revocations.begin(), state.revocations.end(), revocation) !=
        state.revocations.end()) {
        return false;
    }
    state.revocations.push_back(std::move(revocation));
    return true;
}

std::string trust_state_to_json(const TrustState& state) {
    json keys = json::object();
    for (const auto& [user, key] : state.keys) {
        keys[user] = {{"fingerprint", key.fingerprint}, {"verified", key.verified}};
    }
    json revocations = json::array();
    for (const RememberedRevocation& revocation : state.revocations) {
        revocations.push_back({{"user", revocation.user},
                               {"hash", revocation.revocation_hash},
                               {"certificate_hash", revocation.certificate_hash}});
    }
    json anchor = nullptr;
    if (state.audit_anchor) {
        anchor = {{"sequence", state.audit_anchor->sequence},
                  {"head_hash", crypto::to_hex(state.audit_anchor->head_hash)}};
    }
    json cases = json::object();
    for (const auto& [case_hex, head] : state.cases) {
        cases[case_hex] = {{"sequence", head.sequence},
                           {"hash", head.hash},
                           {"epoch", head.epoch},
                           {"creator", head.creator}};
    }
    const json out = {{"format", kTrustFormat},
                      {"keys", std::move(keys)},
                      {"revocations", revocations},
                      {"audit_anchor", std::move(anchor)},
                      {"cases", std::move(cases)}};
    return out.dump(2) + "\n";
}

Result<TrustState> trust_state_from_json(std::string_view text) {
    const json parsed = json::parse(text.begin(), text.end(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return damaged("not a JSON object");
    }
    if (field<std::uint64_t>(parsed, "format") != std::uint64_t{kTrustFormat}) {
        return damaged("unknown format");
    }
    TrustState state;
    WEERBAAR_TRY(read_keys(parsed.value("keys", json::object()), state));
    WEERBAAR_TRY(read_revocations(parsed.value("revocations", json::array()), state));
    WEERBAAR_TRY(read_anchor(parsed.value("audit_anchor", json()), state));
    WEERBAAR_TRY(read_cases(parsed.value("cases", json::object()), state));
    return state;
}

namespace {

// --- The trust tables of the local store (docs/crypto.md, "Local store") ---

// Keys, revocations and the audit anchor: small (one row per member), so every
// change re-reads them and each process sees what the others learnt.
Status load_members_memory(sqlite3* db, TrustState& state) {
    state.keys.clear();
    state.revocations.clear();
    state.audit_anchor.reset();
    {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto rows,
            SqliteStatement::prepare(db, "SELECT user, fingerprint, verified FROM known_keys;"));
        while (true) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, rows.step());
            if (!row) {
                break;
            }
            state.keys.insert_or_assign(rows.column_text(0),
                                        KnownKey{rows.column_text(1), rows.column_int64(2) != 0});
        }
    }
    {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto rows, SqliteStatement::prepare(db,
                                                "SELECT user, revocation_hash, certificate_hash "
                                                "FROM revocations ORDER BY position;"));
        while (true) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool row, rows.step());
            if (!row) {
                break;
            }
            state.revocations.push_back(
                {rows.column_text(0), rows.column_text(1), rows.column_text(2)});
        }
    }
    {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto rows,
            SqliteStatement::prepare(db, "SELECT value FROM meta WHERE name = 'audit_anchor';"));
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, rows.step());
        if (row) {
            const crypto::Bytes value = rows.column_blob(0);
            if (value.size() != 8 + crypto::kAuditHashSize) {
                return Error(ErrorCode::failed_precondition,
                             "the local store's audit anchor is damaged");
            }
            std::uint64_t sequence = 0;
            for (std::size_t i = 0; i < 8; ++i) {
                sequence = (sequence << 8) | value[i];
            }
            state.audit_anchor =
                crypto::AuditAnchor{sequence, crypto::Bytes(value.begin() + 8, value.end())};
        }
    }
    return ok_status();
}

Result<TrustState> load_state(sqlite3* db) {
    TrustState state;
    WEERBAAR_TRY(load_members_memory(db, state));
    WEERBAAR_ASSIGN_OR_RETURN(
        auto rows, SqliteStatement::prepare(
                       db, "SELECT case_id, sequence, hash, epoch, creator FROM case_heads;"));
    while (true) {
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, rows.step());
        if (!row) {
            break;
        }
        state.cases.insert_or_assign(
            rows.column_text(0),
            CaseHead{static_cast<std::uint64_t>(rows.column_int64(1)), rows.column_text(2),
                     static_cast<std::uint32_t>(rows.column_int64(3)), rows.column_text(4)});
    }
    return state;
}

Result<std::optional<KnownKey>> stored_key(sqlite3* db, const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto query, SqliteStatement::prepare(
                        db, "SELECT fingerprint, verified FROM known_keys WHERE user = ?;"));
    query.bind(1, user);
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
    if (!row) {
        return std::optional<KnownKey>{};
    }
    return std::optional<KnownKey>(KnownKey{query.column_text(0), query.column_int64(1) != 0});
}

Status store_key_row(sqlite3* db, const std::string& user, const KnownKey& key) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert,
        SqliteStatement::prepare(
            db,
            "INSERT OR REPLACE INTO known_keys (user, fingerprint, verified) VALUES (?, ?, ?);"));
    return insert.bind(1, user)
        .bind(2, key.fingerprint)
        .bind(3, std::int64_t{key.verified ? 1 : 0})
        .run();
}

Status store_revocation(sqlite3* db, const RememberedRevocation& revocation) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert,
        SqliteStatement::prepare(
            db,
            "INSERT OR IGNORE INTO revocations (revocation_hash, user, certificate_hash, position) "
            "VALUES (?, ?, ?, (SELECT COALESCE(MAX(position), 0) + 1 FROM revocations));"));
    return insert.bind(1, revocation.revocation_hash)
        .bind(2, revocation.user)
        .bind(3, revocation.certificate_hash)
        .run();
}

// The anchor only moves forward; returns the one now stored.
Result<crypto::AuditAnchor> store_anchor_forward(sqlite3* db, const crypto::AuditAnchor& anchor) {
    TrustState current;
    WEERBAAR_TRY(load_members_memory(db, current));
    if (current.audit_anchor && current.audit_anchor->sequence > anchor.sequence) {
        return *current.audit_anchor;
    }
    crypto::Bytes value;
    for (int shift = 56; shift >= 0; shift -= 8) {
        value.push_back(static_cast<std::uint8_t>(anchor.sequence >> shift));
    }
    value.insert(value.end(), anchor.head_hash.begin(), anchor.head_hash.end());
    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert,
        SqliteStatement::prepare(
            db, "INSERT OR REPLACE INTO meta (name, value) VALUES ('audit_anchor', ?);"));
    WEERBAAR_TRY(insert.bind(1, value).run());
    return anchor;
}

Result<std::optional<CaseHead>> stored_head(sqlite3* db, const std::string& case_hex) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto query,
        SqliteStatement::prepare(
            db, "SELECT sequence, hash, epoch, creator FROM case_heads WHERE case_id = ?;"));
    query.bind(1, case_hex);
    WEERBAAR_ASSIGN_OR_RETURN(const bool row, query.step());
    if (!row) {
        return std::optional<CaseHead>{};
    }
    return std::optional<CaseHead>(
        CaseHead{static_cast<std::uint64_t>(query.column_int64(0)), query.column_text(1),
                 static_cast<std::uint32_t>(query.column_int64(2)), query.column_text(3)});
}

Status store_head_row(sqlite3* db, const std::string& case_hex, const CaseHead& head) {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto insert,
        SqliteStatement::prepare(db,
                                 "INSERT OR REPLACE INTO case_heads (case_id, sequence, hash, "
                                 "epoch, creator) VALUES (?, ?, ?, ?, ?);"));
    return insert.bind(1, case_hex)
        .bind(2, static_cast<std::int64_t>(head.sequence))
        .bind(3, head.hash)
        .bind(4, std::int64_t{head.epoch})
        .bind(5, head.creator)
        .run();
}

// Heads and epochs only move forward; the creator, once known, stays.
CaseHead merged_head(const std::optional<CaseHead>& current, const CaseHead& learnt) {
    if (!current) {
        return learnt;
    }
    CaseHead merged = learnt.sequence >= current->sequence ? learnt : *current;
    merged.epoch = std::max(current->epoch, learnt.epoch);
    merged.creator = current->creator.empty() ? learnt.creator : current->creator;
    return merged;
}

// A trust.json merged forward into the store: keys not known yet, a verification
// of the same key, every revocation, and heads, epochs and the anchor where ahead.
// Run again after a crash between the import and the file's removal, it changes
// nothing more.
Status import_legacy(sqlite3* db, const TrustState& legacy) {
    for (const auto& [user, key] : legacy.keys) {
        WEERBAAR_ASSIGN_OR_RETURN(const std::optional<KnownKey> known, stored_key(db, user));
        if (!known || (known->fingerprint == key.fingerprint && key.verified && !known->verified)) {
            WEERBAAR_TRY(store_key_row(db, user, key));
        }
    }
    for (const RememberedRevocation& revocation : legacy.revocations) {
        WEERBAAR_TRY(store_revocation(db, revocation));
    }
    if (legacy.audit_anchor) {
        WEERBAAR_TRY(store_anchor_forward(db, *legacy.audit_anchor));
    }
    for (const auto& [case_hex, head] : legacy.cases) {
        WEERBAAR_ASSIGN_OR_RETURN(const std::optional<CaseHead> current, stored_head(db, case_hex));
        WEERBAAR_TRY(store_head_row(db, case_hex, merged_head(current, head)));
    }
    return ok_status();
}

Status remove_legacy_files(const std::filesystem::path& directory) {
    std::error_code error;
    for (const char* name : {kLegacyTrustFile, "trust.json.lock"}) {
        std::filesystem::remove(directory / name, error);
        if (error) {
            return Error(ErrorCode::internal,
                         "cannot remove " + (directory / name).string() + ": " + error.message());
        }
    }
    return ok_status();
}

}  // namespace

Result<TrustStore> TrustStore::open(const std::filesystem::path& profile_directory,
                                    const crypto::SecretBuffer& store_key) {
    const Profile profile(profile_directory);
    WEERBAAR_ASSIGN_OR_RETURN(std::shared_ptr<LocalStore> store,
                              open_profile_store(profile, store_key));
    const std::filesystem::path legacy_path = profile_directory / kLegacyTrustFile;
    std::error_code error;
    if (std::filesystem::exists(legacy_path, error)) {
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes raw,
                                  durable_file::read_whole_file(legacy_path));
        WEERBAAR_ASSIGN_OR_RETURN(const TrustState legacy,
                                  trust_state_from_json(std::string_view(
                                      reinterpret_cast<const char*>(raw.data()), raw.size())));
        WEERBAAR_TRY(store->transact([&](sqlite3* db) { return import_legacy(db, legacy); }));
        // Only after the import committed: a crash before this line imports again.
        WEERBAAR_TRY(remove_legacy_files(profile_directory));
    }
    if (profile.has_keystore()) {
        WEERBAAR_ASSIGN_OR_RETURN(const ProfileSettings settings, profile.read_settings());
        if (!settings.trust_memory) {
            WEERBAAR_TRY(profile.mark_trust_memory());
        }
    }
    TrustState state;
    WEERBAAR_TRY(store->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(state, load_state(db));
        return ok_status();
    }));
    return TrustStore(std::move(store), std::move(state));
}

Result<KeySighting> TrustStore::observe_key(const std::string& user,
                                            const std::string& fingerprint) {
    // Known or changed in memory: nothing to write (a change is for a person to check).
    if (const KeySighting seen = client::observe_key(state_, user, fingerprint);
        seen != KeySighting::first_sight) {
        return seen;
    }
    KeySighting sighting = KeySighting::first_sight;
    std::optional<KnownKey> now;
    const Status recorded = store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(now, stored_key(db, user));
        if (now) {  // another process saw it meanwhile
            sighting = now->fingerprint == fingerprint ? KeySighting::known : KeySighting::changed;
            return ok_status();
        }
        now = KnownKey{fingerprint, false};
        WEERBAAR_TRY(store_key_row(db, user, *now));
        return load_members_memory(db, state_);
    });
    if (!recorded.ok()) {
        return recorded.error();
    }
    return sighting;
}

Status TrustStore::mark_key_verified(const std::string& user, const std::string& fingerprint) {
    const KnownKey key{fingerprint, true};
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_TRY(store_key_row(db, user, key));
        return load_members_memory(db, state_);
    });
}

Status TrustStore::remember_revocation(RememberedRevocation revocation) {
    if (std::find(state_.revocations.begin(), state_.revocations.end(), revocation) !=
        state_.revocations.end()) {
        return ok_status();
    }
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_TRY(store_revocation(db, revocation));
        return load_members_memory(db, state_);
    });
}

Status TrustStore::set_audit_anchor(crypto::AuditAnchor anchor) {
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_TRY(store_anchor_forward(db, anchor));
        return load_members_memory(db, state_);
    });
}

Status TrustStore::move_audit_anchor_past_restore(crypto::AuditAnchor anchor,
                                                  std::uint64_t notice_sequence) {
    return store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(
            auto used, SqliteStatement::prepare(
                           db, "SELECT value FROM meta WHERE name = 'audit_anchor_restore';"));
        WEERBAAR_ASSIGN_OR_RETURN(const bool row, used.step());
        if (row && static_cast<std::uint64_t>(used.column_int64(0)) >= notice_sequence) {
            return Error(ErrorCode::integrity_failure,
                         "the audit log is behind what you verified before, and the restore it "
                         "announces was taken into account already");
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            auto remember,
            SqliteStatement::prepare(db,
                                     "INSERT OR REPLACE INTO meta (name, value) VALUES "
                                     "('audit_anchor_restore', ?);"));
        WEERBAAR_TRY(remember.bind(1, static_cast<std::int64_t>(notice_sequence)).run());
        WEERBAAR_ASSIGN_OR_RETURN(
            auto forget,
            SqliteStatement::prepare(db, "DELETE FROM meta WHERE name = 'audit_anchor';"));
        WEERBAAR_TRY(forget.run());
        WEERBAAR_TRY(store_anchor_forward(db, anchor));
        return load_members_memory(db, state_);
    });
}

Status TrustStore::raise_case_epoch(const std::string& case_hex, std::uint32_t epoch) {
    // A rotation or unshare always follows a verified read, which stored the head;
    // without one there is no record to anchor an entry to, so none is made.
    const auto head = state_.cases.find(case_hex);
    if (head == state_.cases.end() || head->second.epoch >= epoch) {
        return ok_status();
    }
    CaseHead raised = head->second;
    raised.epoch = epoch;
    return set_case_head(case_hex, raised);
}

Result<std::optional<CaseHead>> TrustStore::current_case_head(const std::string& case_hex) const {
    std::optional<CaseHead> head;
    WEERBAAR_TRY(store_->read([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(head, stored_head(db, case_hex));
        return ok_status();
    }));
    return head;
}

Status TrustStore::set_case_head(const std::string& case_hex, CaseHead head) {
    const auto known = state_.cases.find(case_hex);
    if (known != state_.cases.end() && known->second == head) {
        return ok_status();
    }
    CaseHead merged;
    WEERBAAR_TRY(store_->transact([&](sqlite3* db) -> Status {
        WEERBAAR_ASSIGN_OR_RETURN(const std::optional<CaseHead> current, stored_head(db, case_hex));
        merged = merged_head(current, head);
        return store_head_row(db, case_hex, merged);
    }));
    state_.cases.insert_or_assign(case_hex, std::move(merged));
    return ok_status();
}

}  // namespace weerbaar::client
