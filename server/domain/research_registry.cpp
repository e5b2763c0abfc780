#include "research_registry.h"

#include <memory>
#include <set>

#include "case_membership.h"
#include "privacy_budget.h"
#include "record_admission.h"
#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/privacy_ledger.h"
#include "weerbaar/crypto/research_key.h"
#include "weerbaar/crypto/research_record.h"

namespace weerbaar::server {
namespace {

Error no_research_key() {
    return Error(ErrorCode::failed_precondition,
                 "the organisation has no research key yet: the founding coordinator makes it");
}

// The research key row, or failed_precondition before the first one.
Result<ResearchKeyRow> current_key(Storage& storage) {
    WEERBAAR_ASSIGN_OR_RETURN(auto current, storage.current_research_key());
    if (!current.has_value()) {
        return no_research_key();
    }
    return *std::move(current);
}

// The caller must hold a wrap of the current generation: only they can open research
// records, so only they list them, grant the key on or record an export.
Result<ResearchKeyRow> key_held_by(Storage& storage, const std::string& user,
                                   std::string_view what) {
    WEERBAAR_ASSIGN_OR_RETURN(ResearchKeyRow current, current_key(storage));
    WEERBAAR_ASSIGN_OR_RETURN(auto wrap, storage.research_key_wrap(current.generation, user));
    if (!wrap.has_value()) {
        return Error(ErrorCode::permission_denied,
                     "only a coordinator holding the research key (generation " +
                         std::to_string(current.generation) + ") may " + std::string(what));
    }
    return current;
}

// A research key wrap granted by `granter` (name and current signing key), signed by them.
Result<crypto::ResearchKeyWrap> decode_research_wrap(const crypto::Bytes& encoded,
                                                     const Caller& granter) {
    if (encoded.size() > kMaxWrapBytes) {
        return Error(ErrorCode::invalid_argument, "research key wrap too large");
    }
    auto wrap = crypto::ResearchKeyWrap::decode(encoded);
    if (!wrap.ok()) {
        return Error(ErrorCode::invalid_argument, "research key wrap does not decode");
    }
    const auto& body = wrap.value().body();
    if (body.granter != granter.user || body.granter_sign_pk != granter.sign_pk) {
        return Error(ErrorCode::invalid_argument,
                     "the research key wrap must be granted by the caller");
    }
    if (!wrap.value().verify_signature().ok()) {
        return Error(ErrorCode::invalid_argument,
                     "the research key wrap's signature does not verify");
    }
    return wrap;
}

// What the writer needs of a checked wrap.
struct CheckedResearchWrap {
    std::uint32_t generation = 0;
    std::string recipient;
    crypto::Bytes recipient_enc_pk;
    crypto::Bytes encoded;
};

// The checks of a ledger entry that need no stored state; returns the decoded entry
// with its period as quarter indexes.
struct CheckedLedgerEntry {
    crypto::Bytes encoded;
    crypto::Bytes hash;
    std::uint64_t sequence = 0;
    crypto::Bytes previous_hash;
    std::uint32_t from = 0;
    std::uint32_t to = 0;
    std::uint32_t epsilon_millis = 0;
    std::string detail;  // the audit entry's
};

Result<CheckedLedgerEntry> check_ledger_entry(const crypto::Bytes& encoded, const Caller& caller) {
    if (encoded.size() > kMaxPrivacyLedgerEntryBytes) {
        return Error(ErrorCode::resource_exhausted, "privacy ledger entry too large");
    }
    auto entry = crypto::PrivacyLedgerEntry::decode(encoded);
    if (!entry.ok()) {
        return Error(ErrorCode::invalid_argument, "privacy ledger entry does not decode");
    }
    const auto& body = entry.value().body();
    if (body.exporter != caller.user) {
        return Error(ErrorCode::invalid_argument, "the privacy ledger entry's exporter '" +
                                                      body.exporter + "' is not the caller");
    }
    if (entry.value().exporter_sign_pk() != caller.sign_pk) {
        return Error(ErrorCode::invalid_argument,
                     "the privacy ledger entry is not signed with the caller's certified key");
    }
    if (!entry.value().verify_signature().ok()) {
        return Error(ErrorCode::invalid_argument,
                     "the privacy ledger entry's signature does not verify");
    }
    if (body.k < crypto::kMinLedgerK) {
        return Error(ErrorCode::invalid_argument, "k must be at least 2");
    }
    if (body.epsilon_millis < 1 || body.epsilon_millis > crypto::kMaxEpsilonMillis) {
        return Error(ErrorCode::invalid_argument, "epsilon must be 0.001 to 100");
    }
    auto from = crypto::quarter_index(body.from_period);
    auto to = crypto::quarter_index(body.to_period);
    if (!from.ok() || !to.ok()) {
        return Error(ErrorCode::invalid_argument, "a period is a quarter such as 2025Q1");
    }
    if (from.value() > to.value()) {
        return Error(ErrorCode::invalid_argument, "the period runs backwards: " + body.from_period +
                                                      " is after " + body.to_period);
    }
    CheckedLedgerEntry checked;
    checked.encoded = encoded;
    checked.hash = entry.value().hash();
    checked.sequence = body.sequence;
    checked.previous_hash = body.previous_hash;
    checked.from = from.value();
    checked.to = to.value();
    checked.epsilon_millis = body.epsilon_millis;
    checked.detail = "manifest=" + crypto::to_hex(body.manifest_hash) +
                     " period=" + body.from_period + "-" + body.to_period +
                     " k=" + std::to_string(body.k) +
                     " epsilon=" + format_epsilon_millis(body.epsilon_millis) +
                     " ledger=" + std::to_string(body.sequence);
    return checked;
}

}  // namespace

ResearchRegistry::ResearchRegistry(StorageReader& reader, GroupCommitWriter& writer,
                                   AuditTrail& audit, std::uint32_t budget_millis_per_quarter)
    : reader_(reader), writer_(writer), audit_(audit), budget_millis_(budget_millis_per_quarter) {}

void ResearchRegistry::put_research_key(const Caller& caller, const crypto::Bytes& certificate,
                                        const std::vector<crypto::Bytes>& encoded_wraps,
                                        Done done) {
    if (auto allowed = require_coordinator(caller, "make the research key"); !allowed.ok()) {
        return done(allowed.error());
    }
    if (certificate.size() > kMaxCertificateBytes) {
        return done(Error(ErrorCode::invalid_argument, "research key certificate too large"));
    }
    auto decoded = crypto::ResearchKeyCertificate::decode(certificate);
    if (!decoded.ok()) {
        return done(Error(ErrorCode::invalid_argument, "research key certificate does not decode"));
    }
    const std::uint32_t generation = decoded.value().body().generation;
    auto root = reader_.read([](Storage& storage) { return storage.root_sign_pk(); });
    if (!root.ok()) {
        return done(root.error());
    }
    // Only the holder of the organisation's root key can have signed it: that is
    // what makes this the organisation's research key, whoever sends it.
    if (!root.value().has_value() || !decoded.value().verify(*root.value()).ok()) {
        return done(Error(ErrorCode::invalid_argument,
                          "the research key certificate does not verify with the organisation's "
                          "root key"));
    }
    if (encoded_wraps.empty()) {
        return done(Error(ErrorCode::invalid_argument,
                          "a new research key comes with a wrap to the caller"));
    }
    if (encoded_wraps.size() > kMaxWrapsPerRequest) {
        return done(Error(ErrorCode::invalid_argument, "too many key wraps in one request"));
    }
    std::vector<CheckedResearchWrap> wraps;
    std::set<std::string> recipients;
    for (const auto& one : encoded_wraps) {
        auto wrap = decode_research_wrap(one, caller);
        if (!wrap.ok()) {
            return done(wrap.error());
        }
        const auto& body = wrap.value().body();
        if (body.generation != generation) {
            return done(
                Error(ErrorCode::invalid_argument, "the research key wrap for " + body.recipient +
                                                       " is not for the certificate's generation"));
        }
        if (!recipients.insert(body.recipient).second) {
            return done(Error(ErrorCode::invalid_argument,
                              "more than one research key wrap for " + body.recipient));
        }
        wraps.push_back(
            CheckedResearchWrap{body.generation, body.recipient, body.recipient_enc_pk, one});
    }
    if (recipients.count(caller.user) == 0) {
        return done(Error(ErrorCode::invalid_argument,
                          "a new research key comes with a wrap to the caller"));
    }
    auto write = [this, user = caller.user, sign_pk = caller.sign_pk, certificate, generation,
                  wraps = std::make_shared<std::vector<CheckedResearchWrap>>(std::move(wraps))](
                     Storage& storage) -> Result<std::uint64_t> {
        // The wraps' signatures were checked against the key the caller was
        // authenticated by; it must still be theirs.
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        WEERBAAR_ASSIGN_OR_RETURN(auto current, storage.current_research_key());
        const std::uint32_t expected = current.has_value() ? current->generation + 1 : 1;
        if (generation != expected) {
            return Error(ErrorCode::failed_precondition,
                         "the research key is at generation " + std::to_string(expected - 1) +
                             "; a new one must be generation " + std::to_string(expected));
        }
        const std::int64_t now = unix_now();
        WEERBAAR_TRY(
            storage.insert_research_key(ResearchKeyRow{generation, certificate, user, now}));
        for (const auto& wrap : *wraps) {
            WEERBAAR_TRY(check_coordinator_recipient(storage, wrap.recipient, wrap.recipient_enc_pk,
                                                     "the research key"));
            WEERBAAR_TRY(storage.put_research_key_wrap(
                ResearchKeyWrapRow{generation, wrap.recipient, wrap.encoded, user, now}));
        }
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::research_key_issued, user, {}, {}, {}}));
        return std::uint64_t{generation};
    };
    writer_.submit(std::move(write), status_done(std::move(done)));
}

void ResearchRegistry::grant_research_key(const Caller& caller, const crypto::Bytes& encoded,
                                          Done done) {
    if (auto allowed = require_coordinator(caller, "grant the research key"); !allowed.ok()) {
        return done(allowed.error());
    }
    auto wrap = decode_research_wrap(encoded, caller);
    if (!wrap.ok()) {
        return done(wrap.error());
    }
    const auto& body = wrap.value().body();
    if (body.recipient == caller.user) {
        return done(Error(ErrorCode::invalid_argument,
                          "a coordinator grants the research key to another coordinator"));
    }
    auto write = [this, user = caller.user, sign_pk = caller.sign_pk, encoded,
                  generation = body.generation, recipient = body.recipient,
                  recipient_enc_pk =
                      body.recipient_enc_pk](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        WEERBAAR_ASSIGN_OR_RETURN(const ResearchKeyRow current,
                                  key_held_by(storage, user, "grant the research key"));
        if (generation != current.generation) {
            return Error(ErrorCode::failed_precondition,
                         "the research key wrap is for generation " + std::to_string(generation) +
                             "; the research key is at generation " +
                             std::to_string(current.generation));
        }
        WEERBAAR_TRY(
            check_coordinator_recipient(storage, recipient, recipient_enc_pk, "the research key"));
        WEERBAAR_TRY(storage.put_research_key_wrap(
            ResearchKeyWrapRow{generation, recipient, encoded, user, unix_now()}));
        WEERBAAR_TRY(audit_.append(
            storage,
            AuditEvent{crypto::AuditEvent::research_key_granted, user, recipient, {}, {}}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), status_done(std::move(done)));
}

Result<ResearchKeyView> ResearchRegistry::research_key(const Caller& caller) {
    return reader_.read([&](Storage& storage) -> Result<ResearchKeyView> {
        WEERBAAR_TRY(require_active_member(storage, caller.user));
        ResearchKeyView view;
        WEERBAAR_ASSIGN_OR_RETURN(auto current, storage.current_research_key());
        if (!current.has_value()) {
            return view;
        }
        view.certificate = std::move(current->certificate);
        WEERBAAR_ASSIGN_OR_RETURN(auto wraps, storage.research_key_wraps(current->generation));
        for (auto& wrap : wraps) {
            WEERBAAR_ASSIGN_OR_RETURN(auto member, storage.member(wrap.user));
            if (!member.has_value() || !member->active) {
                continue;
            }
            if (wrap.user == caller.user) {
                view.wrap = std::move(wrap.wrap);
            }
            view.holders.push_back(std::move(wrap.user));
        }
        return view;
    });
}

void ResearchRegistry::put_research_record(const Caller& caller, const crypto::Bytes& case_id,
                                           const crypto::Bytes& encoded, Done done) {
    if (caller.role == crypto::Role::researcher) {
        return done(Error(ErrorCode::permission_denied, "researchers never write to a case"));
    }
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    if (encoded.size() > kMaxResearchRecordBytes) {
        return done(Error(ErrorCode::resource_exhausted,
                          "research record is " + std::to_string(encoded.size()) +
                              " bytes, over the limit of " +
                              std::to_string(kMaxResearchRecordBytes)));
    }
    auto record = crypto::ResearchRecord::decode(encoded);
    if (!record.ok()) {
        return done(Error(ErrorCode::invalid_argument, "research record does not decode"));
    }
    const auto& body = record.value().body();
    if (body.case_id != case_id) {
        return done(Error(ErrorCode::invalid_argument,
                          "the research record names another case than the request"));
    }
    if (body.author != caller.user) {
        return done(Error(ErrorCode::invalid_argument,
                          "the research record's author '" + body.author + "' is not the caller"));
    }
    if (!record.value().verify_signature(caller.sign_pk).ok()) {
        return done(Error(ErrorCode::invalid_argument,
                          "the research record's signature does not verify against the author's "
                          "certificate"));
    }
    if (auto timely = check_record_created(body.created, unix_now()); !timely.ok()) {
        return done(timely.error());
    }
    auto write = [case_id, user = caller.user, sign_pk = caller.sign_pk, encoded,
                  generation = body.generation](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_TRY(current_case_of(storage, case_id, user));
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        WEERBAAR_ASSIGN_OR_RETURN(const ResearchKeyRow current, current_key(storage));
        if (generation != current.generation) {
            return Error(ErrorCode::failed_precondition,
                         "the research record is sealed to generation " +
                             std::to_string(generation) + "; the research key is at generation " +
                             std::to_string(current.generation));
        }
        WEERBAAR_TRY(storage.put_research_record(
            ResearchRecordRow{case_id, generation, user, encoded, unix_now()}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), status_done(std::move(done)));
}

Result<ResearchRecordPage> ResearchRegistry::research_records(const Caller& caller,
                                                              const crypto::Bytes& after_case_id,
                                                              std::uint32_t limit) {
    WEERBAAR_TRY(require_coordinator(caller, "read research records"));
    if (!after_case_id.empty()) {
        WEERBAAR_TRY(check_case_id(after_case_id));
    }
    if (limit > kMaxResearchRecordsPerPage) {
        return Error(
            ErrorCode::invalid_argument,
            "limit must be 1.." + std::to_string(kMaxResearchRecordsPerPage) + " (0 for the most)");
    }
    const std::size_t page = limit == 0 ? kMaxResearchRecordsPerPage : limit;
    return reader_.read([&](Storage& storage) -> Result<ResearchRecordPage> {
        WEERBAAR_TRY(require_active_member(storage, caller.user));
        WEERBAAR_TRY(key_held_by(storage, caller.user, "read research records"));
        WEERBAAR_ASSIGN_OR_RETURN(
            auto rows, storage.research_records_after(after_case_id, page, kMaxCasePageBytes));
        ResearchRecordPage answer;
        if (!rows.empty()) {
            WEERBAAR_ASSIGN_OR_RETURN(auto next,
                                      storage.research_records_after(rows.back().case_id, 1, 0));
            answer.more = !next.empty();
        }
        for (auto& row : rows) {
            answer.records.push_back(std::move(row.record));
        }
        return answer;
    });
}

void ResearchRegistry::append_privacy_ledger(const Caller& caller, const crypto::Bytes& encoded,
                                             SequenceDone done) {
    if (auto allowed = require_coordinator(caller, "record an export"); !allowed.ok()) {
        return done(allowed.error());
    }
    auto checked = check_ledger_entry(encoded, caller);
    if (!checked.ok()) {
        return done(checked.error());
    }
    auto write = [this, user = caller.user, sign_pk = caller.sign_pk,
                  entry = std::make_shared<CheckedLedgerEntry>(std::move(checked).value())](
                     Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        WEERBAAR_TRY(key_held_by(storage, user, "record an export"));
        WEERBAAR_ASSIGN_OR_RETURN(auto last, storage.last_privacy_ledger_entry());
        const std::uint64_t expected = last.has_value() ? last->sequence + 1 : 1;
        if (entry->sequence != expected) {
            return Error(ErrorCode::failed_precondition,
                         "the privacy ledger holds " + std::to_string(expected - 1) +
                             " entries; the next entry must be number " + std::to_string(expected));
        }
        const crypto::Bytes previous =
            last.has_value() ? last->hash : crypto::Bytes(crypto::kPrivacyLedgerHashSize, 0);
        if (entry->previous_hash != previous) {
            return Error(ErrorCode::failed_precondition,
                         "the privacy ledger entry does not name the hash of the last entry");
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto ledger, storage.privacy_ledger());
        WEERBAAR_TRY(check_privacy_budget(ledger, entry->from, entry->to, entry->epsilon_millis,
                                          budget_millis_));
        WEERBAAR_TRY(storage.insert_privacy_ledger_entry(
            PrivacyLedgerRow{entry->sequence, entry->encoded, entry->hash, user, entry->from,
                             entry->to, entry->epsilon_millis, unix_now()}));
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::export_recorded, user, {}, {}, entry->detail}));
        return entry->sequence;
    };
    writer_.submit(std::move(write), std::move(done));
}

Result<PrivacyLedgerView> ResearchRegistry::privacy_ledger(const Caller& caller) {
    if (caller.role != crypto::Role::coordinator && caller.role != crypto::Role::researcher) {
        return Error(ErrorCode::permission_denied,
                     "only coordinators and researchers may read the privacy ledger");
    }
    return reader_.read([&](Storage& storage) -> Result<PrivacyLedgerView> {
        WEERBAAR_TRY(require_active_member(storage, caller.user));
        WEERBAAR_ASSIGN_OR_RETURN(auto rows, storage.privacy_ledger());
        PrivacyLedgerView view;
        view.budget_millis_per_quarter = budget_millis_;
        for (auto& row : rows) {
            view.entries.push_back(std::move(row.entry));
        }
        return view;
    });
}

}  // namespace weerbaar::server
