#include "case_registry.h"

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include "attachment_registry.h"
#include "case_membership.h"
#include "record_admission.h"
#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/crypto/restore_notice.h"

namespace weerbaar::server {
namespace {

constexpr std::uint32_t kFirstEpoch = 1;

Status require_sharer(const Caller& caller, std::string_view what) {
    if (caller.role != crypto::Role::confidant && caller.role != crypto::Role::coordinator) {
        return Error(ErrorCode::permission_denied,
                     "only a confidant or coordinator may " + std::string(what) + " a case");
    }
    return ok_status();
}

// What an append (or a hand-back) answers once its write committed: the sequence the
// write yielded and the case's deadline, which the write set in `retention_until`.
CaseRegistry::SequenceDone answer_appended(std::shared_ptr<std::int64_t> retention_until,
                                           CaseRegistry::AppendDone done) {
    return [retention_until = std::move(retention_until),
            done = std::move(done)](Result<std::uint64_t> sequence) {
        if (!sequence.ok()) {
            return done(sequence.error());
        }
        done(AppendedRecord{sequence.value(), *retention_until});
    };
}

Error rotation_required() {
    return Error(ErrorCode::failed_precondition,
                 "a member of this case was revoked: the case key must be rotated first");
}

Result<crypto::KeyWrap> decode_wrap(const crypto::Bytes& encoded, const crypto::Bytes& case_id,
                                    const Caller& granter) {
    if (encoded.size() > kMaxWrapBytes) {
        return Error(ErrorCode::invalid_argument, "key wrap too large");
    }
    auto wrap = crypto::KeyWrap::decode(encoded);
    if (!wrap.ok()) {
        return Error(ErrorCode::invalid_argument, "key wrap does not decode");
    }
    const auto& body = wrap.value().body();
    if (body.case_id != case_id) {
        return Error(ErrorCode::invalid_argument, "the key wrap is for another case");
    }
    if (body.granter != granter.user || body.granter_sign_pk != granter.sign_pk) {
        return Error(ErrorCode::invalid_argument, "the key wrap must be granted by the caller");
    }
    WEERBAAR_TRY(wrap.value().verify_signature());
    return wrap;
}

// What the writer needs of a decoded wrap: who it is for and the wire form to store.
struct CheckedWrap {
    std::string recipient;
    crypto::Bytes recipient_enc_pk;
    std::uint32_t epoch = 0;
    crypto::Bytes encoded;
};

// Decodes wraps granted by `granter` for `case_id`, at most one per recipient.
Result<std::vector<CheckedWrap>> decode_wraps(const std::vector<crypto::Bytes>& encoded,
                                              const crypto::Bytes& case_id, const Caller& granter) {
    if (encoded.size() > kMaxWrapsPerRequest) {
        return Error(ErrorCode::invalid_argument, "too many key wraps in one request");
    }
    std::vector<CheckedWrap> wraps;
    std::set<std::string> recipients;
    for (const auto& one : encoded) {
        WEERBAAR_ASSIGN_OR_RETURN(auto wrap, decode_wrap(one, case_id, granter));
        const auto& body = wrap.body();
        if (!recipients.insert(body.recipient).second) {
            return Error(ErrorCode::invalid_argument,
                         "more than one key wrap for " + body.recipient);
        }
        wraps.push_back(CheckedWrap{body.recipient, body.recipient_enc_pk, body.epoch, one});
    }
    return wraps;
}

// The recipient as an active member whose certified key the wrap is sealed to.
Status check_recipient(Storage& storage, const std::string& recipient,
                       const crypto::Bytes& recipient_enc_pk) {
    WEERBAAR_ASSIGN_OR_RETURN(auto member, storage.member(recipient));
    if (!member.has_value()) {
        return Error(ErrorCode::not_found, "the recipient is not a member");
    }
    if (!member->active) {
        return Error(ErrorCode::failed_precondition, "the recipient is no longer active");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const Caller recipient_caller, caller_from(*member));
    if (recipient_caller.role == crypto::Role::researcher) {
        return Error(ErrorCode::permission_denied, "researchers never receive a case");
    }
    if (recipient_caller.enc_pk != recipient_enc_pk) {
        return Error(ErrorCode::invalid_argument,
                     "the key wrap for " + recipient + " is not for their certified key");
    }
    return ok_status();
}

// The users holding a key for the case's current epoch: whom a new record is told to.
Result<std::vector<std::string>> current_epoch_members(Storage& storage, ByteView case_id,
                                                       std::uint32_t epoch) {
    WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.case_members(case_id));
    std::vector<std::string> users;
    for (auto& member : members) {
        if (member.epoch == epoch) {
            users.push_back(std::move(member.user));
        }
    }
    return users;
}

}  // namespace

CaseRegistry::CaseRegistry(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
                           NotificationHub* notifications, RetentionPolicy retention,
                           StorageSpace* space)
    : reader_(reader),
      writer_(writer),
      audit_(audit),
      notifications_(notifications),
      retention_(retention),
      space_(space) {}

Status CaseRegistry::check_reserve(std::uint64_t bytes) const {
    return space_ != nullptr ? space_->check_reserve(bytes) : ok_status();
}

Status CaseRegistry::check_quota(Storage& storage, const std::string& author,
                                 std::uint64_t bytes) const {
    if (space_ == nullptr) {
        return ok_status();
    }
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t stored, storage.stored_bytes_of(author));
    return space_->check_quota(stored, bytes);
}

CaseRegistry::SequenceDone CaseRegistry::notify_when_committed(
    const crypto::Bytes& case_id, std::shared_ptr<std::vector<std::string>> recipients,
    SequenceDone done) {
    if (notifications_ == nullptr) {
        return done;
    }
    // Runs on the writer's completion thread after the commit, in commit order, so the
    // recipients are the members at publish time too.
    return [notifications = notifications_, case_id, recipients = std::move(recipients),
            done = std::move(done)](Result<std::uint64_t> result) {
        if (result.ok()) {
            notifications->publish(case_id, result.value(), *recipients);
        }
        done(std::move(result));
    };
}

namespace {

// The newest restore: when its backup was taken and when the restored server
// started (unix seconds); failed_precondition when the server was never restored,
// so there is nothing a member could hand back.
Result<crypto::RestoreNotice> newest_restore(Storage& storage) {
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<RestoreNoticeRow> notices,
                              storage.restore_notices());
    if (notices.empty()) {
        return Error(ErrorCode::failed_precondition,
                     "this server was not restored from a backup: it lost no records to hand "
                     "back");
    }
    auto entry = crypto::AuditEntry::decode(notices.back().entry);
    if (!entry.ok()) {
        return Error(ErrorCode::internal, "a stored restore notice does not decode");
    }
    auto notice = crypto::parse_restore_notice_detail(entry.value().body().detail);
    if (!notice.ok()) {
        return Error(ErrorCode::internal, "a stored restore notice does not decode");
    }
    notice.value().restored_time = entry.value().body().time;
    return notice;
}

}  // namespace

void CaseRegistry::create_case(const Caller& caller, const crypto::Bytes& case_id,
                               const crypto::Bytes& case_id_nonce,
                               const crypto::Bytes& creator_wrap, const crypto::Bytes& first_record,
                               bool handed_back, SequenceDone done) {
    if (caller.role != crypto::Role::confidant) {
        return done(Error(ErrorCode::permission_denied, "only a confidant may open a case"));
    }
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    if (case_id_nonce.size() != crypto::kCaseIdNonceSize ||
        caller.sign_pk.size() != crypto::kSignPublicKeySize ||
        !crypto::equal_constant_time(crypto::derive_case_id(caller.sign_pk, case_id_nonce),
                                     case_id)) {
        return done(Error(ErrorCode::invalid_argument,
                          "the case id does not derive from the creator's key and nonce "
                          "(crypto::derive_case_id)"));
    }
    auto wrap = decode_wrap(creator_wrap, case_id, caller);
    if (!wrap.ok()) {
        return done(wrap.error());
    }
    const auto& wrap_body = wrap.value().body();
    if (wrap_body.epoch != kFirstEpoch || wrap_body.recipient != caller.user ||
        wrap_body.recipient_enc_pk != caller.enc_pk) {
        return done(Error(ErrorCode::invalid_argument,
                          "the creator's wrap must be for the caller's own key, epoch 1"));
    }
    // A case handed back after a restore was opened before now: its time is checked
    // against the restore's backup inside the write instead.
    auto record = handed_back ? admit_authored_record(first_record, case_id, caller)
                              : admit_record(first_record, case_id, caller, unix_now());
    if (!record.ok()) {
        return done(record.error());
    }
    if (auto epoch = check_record_epoch(record.value().header().epoch, kFirstEpoch); !epoch.ok()) {
        return done(epoch.error());
    }
    if (auto follows = check_first_record_seen(record.value().header().seen_hashes);
        !follows.ok()) {
        return done(follows.error());
    }
    if (auto room = check_reserve(first_record.size() + creator_wrap.size()); !room.ok()) {
        return done(room.error());
    }
    auto write = [this, case_id, user = caller.user, sign_pk = caller.sign_pk, creator_wrap,
                  first_record, record_id = record.value().header().record_id,
                  created = record.value().header().created,
                  handed_back](Storage& storage) -> Result<std::uint64_t> {
        // The creator may have been revoked, or enrolled anew, since Authenticator
        // admitted the call and admit_record checked the signature.
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        WEERBAAR_ASSIGN_OR_RETURN(auto existing, storage.find_case(case_id));
        if (existing.has_value()) {
            // Only the key that derived the id can name it: this is the caller's own case.
            if (handed_back) {
                // Handed back before (the answer was lost): the same first record
                // answers with its place; anything else is another case.
                WEERBAAR_ASSIGN_OR_RETURN(const std::optional<RecordRow> stored,
                                          storage.record_with_id(case_id, record_id));
                if (stored && stored->sequence == 1 && stored->blob == first_record) {
                    return stored->sequence;
                }
            }
            return Error(ErrorCode::already_exists, "a case with this id exists");
        }
        if (handed_back) {
            WEERBAAR_ASSIGN_OR_RETURN(const crypto::RestoreNotice restore, newest_restore(storage));
            WEERBAAR_TRY(check_handed_back_created(created, restore.backup_time,
                                                   restore.restored_time, unix_now()));
            // A case deleted here (retention) leaves tombstones: it was not lost.
            WEERBAAR_ASSIGN_OR_RETURN(const bool deleted, storage.has_tombstones(case_id));
            if (deleted) {
                return Error(ErrorCode::failed_precondition,
                             "this case was deleted on this server after the restore; it is not "
                             "one the restore lost");
            }
        }
        WEERBAAR_TRY(check_quota(storage, user, first_record.size()));
        const std::int64_t now = unix_now();
        WEERBAAR_TRY(storage.insert_case(CaseRow{case_id, kFirstEpoch, now, now, user, 0, false}));
        WEERBAAR_TRY(
            storage.insert_case_member(case_id, CaseMemberRow{user, kFirstEpoch, creator_wrap}));
        WEERBAAR_ASSIGN_OR_RETURN(
            const std::uint64_t sequence,
            storage.append_record(case_id, record_id, kFirstEpoch, user, first_record, now));
        WEERBAAR_TRY(
            audit_.append(storage, AuditEvent{handed_back ? crypto::AuditEvent::case_handed_back
                                                          : crypto::AuditEvent::case_created,
                                              user,
                                              {},
                                              case_id}));
        return sequence;
    };
    writer_.submit(
        std::move(write),
        notify_when_committed(case_id, std::make_shared<std::vector<std::string>>(1, caller.user),
                              std::move(done)));
}

Result<std::vector<CaseRow>> CaseRegistry::cases(const Caller& caller) {
    return reader_.read([&](Storage& storage) { return storage.cases_of(caller.user); });
}

Result<CaseSync> CaseRegistry::sync(const Caller& caller, std::uint64_t since_version,
                                    std::size_t page_items) {
    const std::size_t limit = std::max<std::size_t>(page_items, 1);
    // One snapshot: the change version read here covers exactly the changes seen.
    return reader_.read([&](Storage& storage) -> Result<CaseSync> {
        CaseSync answer;
        WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t current, storage.change_version());
        std::uint64_t since = since_version;
        if (since > current) {
            // Only a server restored from an older backup is behind its clients.
            answer.reset = true;
            since = 0;
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto changed,
                                  storage.cases_changed_since(caller.user, since, limit + 1));
        WEERBAAR_ASSIGN_OR_RETURN(auto removed,
                                  storage.cases_removed_since(caller.user, since, limit + 1));
        // Both lists in one version order, cut after `limit` items. No two items
        // share a version (Storage::change_version), so asking again after the last
        // version taken loses nothing and repeats nothing.
        std::size_t next_changed = 0;
        std::size_t next_removed = 0;
        std::uint64_t last = since;
        while (answer.changed.size() + answer.removed.size() < limit) {
            const bool have_changed = next_changed < changed.size();
            const bool have_removed = next_removed < removed.size();
            if (!have_changed && !have_removed) {
                break;
            }
            if (have_changed &&
                (!have_removed || changed[next_changed].version < removed[next_removed].version)) {
                last = changed[next_changed].version;
                answer.changed.push_back(std::move(changed[next_changed++]));
            } else {
                last = removed[next_removed].version;
                answer.removed.push_back(std::move(removed[next_removed++].case_id));
            }
        }
        answer.more = next_changed < changed.size() || next_removed < removed.size();
        answer.version = answer.more ? last : current;
        return answer;
    });
}

void CaseRegistry::get_case(const Caller& caller, const crypto::Bytes& case_id,
                            std::uint64_t after_sequence, CaseViewDone done) {
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    auto found = reader_.read([&](Storage& storage) -> Result<CaseView> {
        CaseView view;
        WEERBAAR_ASSIGN_OR_RETURN(view.summary, current_case_of(storage, case_id, caller.user));
        WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.case_members(case_id));
        for (auto& member : members) {
            if (member.user == caller.user) {
                view.my_wraps.push_back(member.wrap);
            }
            view.members.push_back(std::move(member));
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            view.records, storage.records_after(case_id, after_sequence, kMaxCasePageBytes));
        const std::uint64_t last =
            view.records.empty() ? after_sequence : view.records.back().sequence;
        view.more = last < view.summary.record_count;
        return view;
    });
    if (!found.ok()) {
        return done(found.error());
    }
    auto view = std::make_shared<CaseView>(std::move(found).value());
    audit_.record_read(AuditEvent{crypto::AuditEvent::case_read, caller.user, {}, case_id},
                       [view, done = std::move(done)](const Status& recorded) {
                           if (!recorded.ok()) {
                               return done(recorded.error());
                           }
                           done(std::move(*view));
                       });
}

void CaseRegistry::append_record(const Caller& caller, const crypto::Bytes& case_id,
                                 const crypto::Bytes& encoded, const AppendOptions& options,
                                 AppendDone done) {
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    if (!options.attachment_id.empty()) {
        if (auto valid = check_attachment_id(options.attachment_id); !valid.ok()) {
            return done(valid.error());
        }
    }
    // Closing and reopening start or stop a deletion deadline: the same roles that
    // may close a case in the client, checked here too so that a modified client of
    // a peer cannot set a case on course for deletion.
    if (options.retention != RetentionChange::unchanged) {
        if (auto allowed = require_sharer(caller, "close or reopen"); !allowed.ok()) {
            return done(allowed.error());
        }
    }
    // On this thread, not the writer's: the signature check is the costly part.
    auto record = admit_record(encoded, case_id, caller, unix_now());
    if (!record.ok()) {
        return done(record.error());
    }
    if (auto room = check_reserve(encoded.size()); !room.ok()) {
        return done(room.error());
    }
    const auto& header = record.value().header();
    auto recipients = std::make_shared<std::vector<std::string>>();
    // The write yields the sequence; the deadline comes out alongside.
    auto retention_until = std::make_shared<std::int64_t>(0);
    auto write = [this, case_id, user = caller.user, sign_pk = caller.sign_pk, encoded,
                  record_id = header.record_id, epoch = header.epoch,
                  seen_hashes = header.seen_hashes, recipients, options,
                  retention_until](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_ASSIGN_OR_RETURN(const CaseRow current, current_case_of(storage, case_id, user));
        if (current.rotation_required) {
            return rotation_required();
        }
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        WEERBAAR_TRY(check_record_epoch(epoch, current.epoch));
        WEERBAAR_TRY(check_seen_records(storage, case_id, seen_hashes));
        WEERBAAR_TRY(check_quota(storage, user, encoded.size()));
        const std::int64_t now = unix_now();
        auto sequence = storage.append_record(case_id, record_id, epoch, user, encoded, now);
        if (!sequence.ok() && sequence.error().code() == ErrorCode::already_exists) {
            return Error(ErrorCode::already_exists, "a record with this id exists in the case");
        }
        if (sequence.ok()) {
            // In the record's savepoint: a blob that cannot be bound takes the record
            // with it, and a bound blob never lacks its record.
            if (!options.attachment_id.empty()) {
                WEERBAAR_TRY(bind_pending_attachment(storage, case_id, options.attachment_id, user,
                                                     sequence.value()));
            }
            *retention_until = current.retention_until;
            if (options.retention != RetentionChange::unchanged) {
                *retention_until =
                    options.retention == RetentionChange::start ? retention_.deadline_from(now) : 0;
                WEERBAAR_TRY(storage.set_retention(case_id, *retention_until));
            }
            WEERBAAR_TRY(audit_.append(
                storage, AuditEvent{crypto::AuditEvent::record_appended, user, {}, case_id}));
            WEERBAAR_ASSIGN_OR_RETURN(*recipients,
                                      current_epoch_members(storage, case_id, current.epoch));
        }
        return sequence;
    };
    writer_.submit(std::move(write),
                   notify_when_committed(case_id, std::move(recipients),
                                         answer_appended(retention_until, std::move(done))));
}

namespace {

// The author is an active member whose current certificate verifies the record.
Status check_signed_by_author(Storage& storage, const crypto::SealedRecord& record) {
    const std::string& author = record.header().author;
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<MemberRow> member, storage.member(author));
    if (!member || !member->active) {
        return Error(ErrorCode::invalid_argument,
                     "record author '" + author + "' is not an active member");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const Caller signer, caller_from(*member));
    if (!record.verify_signature(signer.sign_pk).ok()) {
        return Error(ErrorCode::invalid_argument,
                     "record signature does not verify against the author's certificate");
    }
    return ok_status();
}

}  // namespace

void CaseRegistry::hand_back_record(const Caller& caller, const crypto::Bytes& case_id,
                                    const crypto::Bytes& encoded, AppendDone done) {
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    auto decoded = decode_case_record(encoded, case_id);
    if (!decoded.ok()) {
        return done(decoded.error());
    }
    if (auto room = check_reserve(encoded.size()); !room.ok()) {
        return done(room.error());
    }
    auto recipients = std::make_shared<std::vector<std::string>>();
    auto retention_until = std::make_shared<std::int64_t>(0);
    auto write = [this, case_id, user = caller.user, encoded,
                  record = std::make_shared<const crypto::SealedRecord>(std::move(decoded).value()),
                  recipients, retention_until](Storage& storage) -> Result<std::uint64_t> {
        const crypto::RecordHeader& header = record->header();
        WEERBAAR_ASSIGN_OR_RETURN(const CaseRow current, current_case_of(storage, case_id, user));
        *retention_until = current.retention_until;
        WEERBAAR_ASSIGN_OR_RETURN(const std::optional<RecordRow> stored,
                                  storage.record_with_id(case_id, header.record_id));
        if (stored) {
            if (stored->blob != encoded) {
                return Error(ErrorCode::already_exists, "a record with this id exists in the case");
            }
            return stored->sequence;  // handed back before: nothing to do, nobody to tell
        }
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::RestoreNotice restore, newest_restore(storage));
        if (current.rotation_required) {
            return rotation_required();
        }
        if (!current_case_of(storage, case_id, header.author).ok()) {
            return Error(ErrorCode::invalid_argument,
                         "record author '" + header.author + "' is not a member of the case now");
        }
        WEERBAAR_TRY(check_signed_by_author(storage, *record));
        WEERBAAR_TRY(check_handed_back_created(header.created, restore.backup_time,
                                               restore.restored_time, unix_now()));
        WEERBAAR_TRY(check_record_epoch(header.epoch, current.epoch));
        WEERBAAR_TRY(check_seen_records(storage, case_id, header.seen_hashes));
        WEERBAAR_TRY(check_quota(storage, header.author, encoded.size()));
        WEERBAAR_ASSIGN_OR_RETURN(const std::uint64_t sequence,
                                  storage.append_record(case_id, header.record_id, header.epoch,
                                                        header.author, encoded, unix_now()));
        WEERBAAR_TRY(audit_.append(storage, AuditEvent{crypto::AuditEvent::record_handed_back, user,
                                                       header.author, case_id}));
        WEERBAAR_ASSIGN_OR_RETURN(*recipients,
                                  current_epoch_members(storage, case_id, current.epoch));
        return sequence;
    };
    writer_.submit(std::move(write),
                   notify_when_committed(case_id, std::move(recipients),
                                         answer_appended(retention_until, std::move(done))));
}

void CaseRegistry::share_case(const Caller& caller, const crypto::Bytes& case_id,
                              const crypto::Bytes& encoded,
                              const std::vector<crypto::Bytes>& history_wraps, Done done) {
    if (auto allowed = require_sharer(caller, "share"); !allowed.ok()) {
        return done(allowed.error());
    }
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    auto wrap = decode_wrap(encoded, case_id, caller);
    if (!wrap.ok()) {
        return done(wrap.error());
    }
    const auto& body = wrap.value().body();
    if (history_wraps.size() > kMaxWrapsPerRequest) {
        return done(Error(ErrorCode::invalid_argument, "too many key wraps in one request"));
    }
    std::vector<CheckedWrap> history;
    std::set<std::uint32_t> history_epochs;
    for (const auto& one : history_wraps) {
        auto decoded = decode_wrap(one, case_id, caller);
        if (!decoded.ok()) {
            return done(decoded.error());
        }
        const auto& history_body = decoded.value().body();
        if (history_body.recipient != body.recipient ||
            history_body.recipient_enc_pk != body.recipient_enc_pk) {
            return done(Error(ErrorCode::invalid_argument,
                              "every history key wrap must be for the member being added"));
        }
        if (history_body.epoch < kFirstEpoch || !history_epochs.insert(history_body.epoch).second) {
            return done(Error(ErrorCode::invalid_argument,
                              "history key wraps must be for distinct epochs from 1"));
        }
        history.push_back(CheckedWrap{history_body.recipient, history_body.recipient_enc_pk,
                                      history_body.epoch, one});
    }

    auto write = [this, case_id, user = caller.user, encoded, recipient = body.recipient,
                  recipient_enc_pk = body.recipient_enc_pk, epoch = body.epoch,
                  history = std::make_shared<std::vector<CheckedWrap>>(std::move(history))](
                     Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_ASSIGN_OR_RETURN(const CaseRow current, current_case_of(storage, case_id, user));
        if (current.rotation_required) {
            return rotation_required();
        }
        if (epoch != current.epoch) {
            return Error(ErrorCode::failed_precondition,
                         "the key wrap is not for the case's current key epoch");
        }
        WEERBAAR_TRY(check_recipient(storage, recipient, recipient_enc_pk));
        WEERBAAR_TRY(storage.insert_case_member(case_id, CaseMemberRow{recipient, epoch, encoded}));
        if (!history->empty()) {
            WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.case_members(case_id));
            const auto held = [&](const std::string& who,
                                  std::uint32_t at) -> const CaseMemberRow* {
                const auto found = std::find_if(
                    members.begin(), members.end(),
                    [&](const CaseMemberRow& m) { return m.user == who && m.epoch == at; });
                return found == members.end() ? nullptr : &*found;
            };
            const auto holds = [&](const std::string& who, std::uint32_t at) {
                return held(who, at) != nullptr;
            };
            for (const auto& old : *history) {
                if (old.epoch >= current.epoch) {
                    return Error(ErrorCode::invalid_argument,
                                 "a history key wrap must be for an earlier epoch");
                }
                // Nobody can wrap a key they never held.
                if (!holds(user, old.epoch)) {
                    return Error(ErrorCode::invalid_argument,
                                 "a history key wrap for an epoch the caller never held");
                }
                // A returning member keeps the wraps they already hold, unless those
                // are sealed to a key they no longer have (they enrolled again after
                // a revocation): then the history is theirs anew under the new key.
                if (const CaseMemberRow* kept = held(recipient, old.epoch); kept != nullptr) {
                    auto kept_wrap = crypto::KeyWrap::decode(kept->wrap);
                    if (kept_wrap.ok() &&
                        kept_wrap.value().body().recipient_enc_pk == recipient_enc_pk) {
                        continue;
                    }
                    WEERBAAR_TRY(storage.replace_case_member_wrap(
                        case_id, CaseMemberRow{recipient, old.epoch, old.encoded}));
                    continue;
                }
                WEERBAAR_TRY(storage.insert_case_member(
                    case_id, CaseMemberRow{recipient, old.epoch, old.encoded}));
            }
        }
        WEERBAAR_TRY(storage.touch_case(case_id, unix_now()));
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::case_shared, user, recipient, case_id}));
        // The case's head, for the notification to the new member.
        return current.record_count;
    };
    writer_.submit(std::move(write),
                   notify_when_committed(
                       case_id, std::make_shared<std::vector<std::string>>(1, body.recipient),
                       status_done(std::move(done))));
}

void CaseRegistry::unshare_case(const Caller& caller, const crypto::Bytes& case_id,
                                const std::string& user, std::uint32_t new_epoch,
                                const std::vector<crypto::Bytes>& wraps, Done done) {
    if (auto allowed = require_sharer(caller, "unshare"); !allowed.ok()) {
        return done(allowed.error());
    }
    if (auto valid = crypto::validate_user_name(user); !valid.ok()) {
        return done(valid.error());
    }
    if (user == caller.user) {
        return done(
            Error(ErrorCode::invalid_argument, "a member cannot remove themselves from a case"));
    }
    start_epoch(caller, case_id, user, new_epoch, wraps, std::move(done));
}

void CaseRegistry::rotate_case_key(const Caller& caller, const crypto::Bytes& case_id,
                                   std::uint32_t new_epoch, const std::vector<crypto::Bytes>& wraps,
                                   Done done) {
    start_epoch(caller, case_id, "", new_epoch, wraps, std::move(done));
}

void CaseRegistry::start_epoch(const Caller& caller, const crypto::Bytes& case_id,
                               const std::string& removed, std::uint32_t new_epoch,
                               const std::vector<crypto::Bytes>& encoded, Done done) {
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    auto decoded = decode_wraps(encoded, case_id, caller);
    if (!decoded.ok()) {
        return done(decoded.error());
    }
    for (const auto& wrap : decoded.value()) {
        if (wrap.epoch != new_epoch) {
            return done(Error(ErrorCode::invalid_argument,
                              "the key wrap for " + wrap.recipient + " is not for the new epoch"));
        }
    }
    auto write = [this, case_id, user = caller.user, removed, new_epoch,
                  wraps = std::make_shared<std::vector<CheckedWrap>>(std::move(decoded).value())](
                     Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_ASSIGN_OR_RETURN(const CaseRow current, current_case_of(storage, case_id, user));
        if (new_epoch != current.epoch + 1) {
            return Error(ErrorCode::failed_precondition,
                         "the case is at key epoch " + std::to_string(current.epoch) +
                             "; the new epoch must be " + std::to_string(current.epoch + 1));
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.case_members(case_id));
        // Who must receive the new key: the current epoch's members who are still
        // active, without the one being removed.
        std::set<std::string> remaining;
        bool removed_is_current = false;
        for (const auto& member : members) {
            if (member.epoch != current.epoch) {
                continue;
            }
            if (member.user == removed) {
                removed_is_current = true;
                continue;
            }
            WEERBAAR_ASSIGN_OR_RETURN(auto row, storage.member(member.user));
            if (row.has_value() && row->active) {
                remaining.insert(member.user);
            }
        }
        if (!removed.empty() && !removed_is_current) {
            return Error(ErrorCode::failed_precondition,
                         removed + " is not a current member of the case");
        }
        std::map<std::string, const CheckedWrap*> by_recipient;
        for (const auto& wrap : *wraps) {
            if (remaining.count(wrap.recipient) == 0) {
                return Error(ErrorCode::invalid_argument,
                             "a key wrap for " + wrap.recipient +
                                 ", who is not a remaining member of the case");
            }
            by_recipient.emplace(wrap.recipient, &wrap);
        }
        for (const auto& member : remaining) {
            if (by_recipient.count(member) == 0) {
                return Error(ErrorCode::invalid_argument,
                             "no key wrap for " + member + ", a remaining member of the case");
            }
        }
        for (const auto& [recipient, wrap] : by_recipient) {
            WEERBAAR_TRY(check_recipient(storage, recipient, wrap->recipient_enc_pk));
            WEERBAAR_TRY(storage.insert_case_member(
                case_id, CaseMemberRow{recipient, new_epoch, wrap->encoded}));
        }
        WEERBAAR_TRY(storage.start_epoch(case_id, new_epoch, unix_now()));
        const AuditEvent event =
            removed.empty() ? AuditEvent{crypto::AuditEvent::case_key_rotated, user, {}, case_id}
                            : AuditEvent{crypto::AuditEvent::case_unshared, user, removed, case_id};
        WEERBAAR_TRY(audit_.append(storage, event));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), status_done(std::move(done)));
}

}  // namespace weerbaar::server
