#include "case_registry.h"

#include <algorithm>
#include <memory>

#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::server {
namespace {

constexpr std::uint32_t kFirstEpoch = 1;

Status check_case_id(const crypto::Bytes& case_id) {
    if (case_id.size() != crypto::kCaseIdSize) {
        return Error(ErrorCode::invalid_argument, "a case id is 16 bytes");
    }
    return ok_status();
}

// The same answer for an unknown case and a case the caller is not in, so that
// the answer does not tell whether the case exists.
Error not_a_member() { return Error(ErrorCode::permission_denied, "not a member of this case"); }

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

Result<crypto::SealedRecord> decode_record(const crypto::Bytes& encoded,
                                           const crypto::Bytes& case_id, const Caller& author) {
    if (encoded.size() > kMaxRecordBytes) {
        return Error(ErrorCode::resource_exhausted, "record larger than 1.5 MiB");
    }
    auto record = crypto::SealedRecord::decode(encoded);
    if (!record.ok()) {
        return Error(ErrorCode::invalid_argument, "record does not decode");
    }
    const auto& header = record.value().header();
    if (header.case_id != case_id) {
        return Error(ErrorCode::invalid_argument, "the record is for another case");
    }
    if (header.author != author.user) {
        return Error(ErrorCode::invalid_argument, "the record's author must be the caller");
    }
    return record;
}

// The caller's membership in the case's current epoch; permission_denied if none.
Result<CaseRow> current_case_of(Storage& storage, const crypto::Bytes& case_id,
                                const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(auto found, storage.find_case(case_id));
    if (!found.has_value()) {
        return not_a_member();
    }
    WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.case_members(case_id));
    const bool current = std::any_of(members.begin(), members.end(), [&](const CaseMemberRow& m) {
        return m.user == user && m.epoch == found->epoch;
    });
    if (!current) {
        return not_a_member();
    }
    return *found;
}

}  // namespace

CaseRegistry::CaseRegistry(StorageReader& reader, GroupCommitWriter& writer)
    : reader_(reader), writer_(writer) {}

void CaseRegistry::create_case(const Caller& caller, const crypto::Bytes& case_id,
                               const crypto::Bytes& creator_wrap, const crypto::Bytes& first_record,
                               SequenceDone done) {
    if (caller.role != crypto::Role::confidant) {
        return done(Error(ErrorCode::permission_denied, "only a confidant may open a case"));
    }
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
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
    auto record = decode_record(first_record, case_id, caller);
    if (!record.ok()) {
        return done(record.error());
    }
    if (record.value().header().epoch != kFirstEpoch) {
        return done(Error(ErrorCode::invalid_argument, "the first record must be of epoch 1"));
    }
    auto write =
        [case_id, user = caller.user, creator_wrap, first_record,
         record_id = record.value().header().record_id](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_ASSIGN_OR_RETURN(auto existing, storage.find_case(case_id));
        if (existing.has_value()) {
            return Error(ErrorCode::already_exists, "a case with this id exists");
        }
        const std::int64_t now = unix_now();
        WEERBAAR_TRY(storage.insert_case(CaseRow{case_id, kFirstEpoch, now, now, user, 0}));
        WEERBAAR_TRY(
            storage.insert_case_member(case_id, CaseMemberRow{user, kFirstEpoch, creator_wrap}));
        return storage.append_record(case_id, record_id, kFirstEpoch, user, first_record, now);
    };
    writer_.submit(std::move(write), std::move(done));
}

Result<std::vector<CaseRow>> CaseRegistry::cases(const Caller& caller) {
    return reader_.read([&](Storage& storage) { return storage.cases_of(caller.user); });
}

Result<CaseView> CaseRegistry::get_case(const Caller& caller, const crypto::Bytes& case_id,
                                        std::uint64_t after_sequence) {
    WEERBAAR_TRY(check_case_id(case_id));
    return reader_.read([&](Storage& storage) -> Result<CaseView> {
        WEERBAAR_ASSIGN_OR_RETURN(auto found, storage.find_case(case_id));
        if (!found.has_value()) {
            return not_a_member();
        }
        CaseView view;
        view.summary = *found;
        WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.case_members(case_id));
        for (auto& member : members) {
            if (member.user == caller.user) {
                view.my_wraps.push_back(member.wrap);
            }
            view.members.push_back(CaseMemberRow{std::move(member.user), member.epoch, {}});
        }
        // Members of an earlier epoch keep reading what they could read then.
        if (view.my_wraps.empty()) {
            return not_a_member();
        }
        WEERBAAR_ASSIGN_OR_RETURN(
            view.records, storage.records_after(case_id, after_sequence, kMaxCasePageBytes));
        const std::uint64_t last =
            view.records.empty() ? after_sequence : view.records.back().sequence;
        view.more = last < view.summary.record_count;
        return view;
    });
}

void CaseRegistry::append_record(const Caller& caller, const crypto::Bytes& case_id,
                                 const crypto::Bytes& encoded, SequenceDone done) {
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    auto record = decode_record(encoded, case_id, caller);
    if (!record.ok()) {
        return done(record.error());
    }
    const auto& header = record.value().header();
    auto write = [case_id, user = caller.user, encoded, record_id = header.record_id,
                  epoch = header.epoch](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_ASSIGN_OR_RETURN(const CaseRow current, current_case_of(storage, case_id, user));
        if (epoch != current.epoch) {
            return Error(ErrorCode::failed_precondition,
                         "the record is not under the case's current key epoch");
        }
        auto sequence = storage.append_record(case_id, record_id, epoch, user, encoded, unix_now());
        if (!sequence.ok() && sequence.error().code() == ErrorCode::already_exists) {
            return Error(ErrorCode::already_exists, "a record with this id exists in the case");
        }
        return sequence;
    };
    writer_.submit(std::move(write), std::move(done));
}

void CaseRegistry::share_case(const Caller& caller, const crypto::Bytes& case_id,
                              const crypto::Bytes& encoded, Done done) {
    if (caller.role != crypto::Role::confidant && caller.role != crypto::Role::coordinator) {
        return done(Error(ErrorCode::permission_denied,
                          "only a confidant or coordinator may share a case"));
    }
    if (auto valid = check_case_id(case_id); !valid.ok()) {
        return done(valid.error());
    }
    auto wrap = decode_wrap(encoded, case_id, caller);
    if (!wrap.ok()) {
        return done(wrap.error());
    }
    const auto& body = wrap.value().body();
    auto write = [case_id, user = caller.user, encoded, recipient = body.recipient,
                  recipient_enc_pk = body.recipient_enc_pk,
                  epoch = body.epoch](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_ASSIGN_OR_RETURN(const CaseRow current, current_case_of(storage, case_id, user));
        if (epoch != current.epoch) {
            return Error(ErrorCode::failed_precondition,
                         "the key wrap is not for the case's current key epoch");
        }
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
                         "the key wrap is not for the recipient's certified key");
        }
        auto inserted =
            storage.insert_case_member(case_id, CaseMemberRow{recipient, epoch, encoded});
        if (!inserted.ok()) {
            return inserted.error();
        }
        WEERBAAR_TRY(storage.touch_case(case_id, unix_now()));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), [done = std::move(done)](const Result<std::uint64_t>& result) {
        if (!result.ok()) {
            return done(result.error());
        }
        done(ok_status());
    });
}

}  // namespace weerbaar::server
