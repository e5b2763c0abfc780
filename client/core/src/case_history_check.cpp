#include "weerbaar/client/case_history_check.h"

#include <algorithm>

namespace weerbaar::client {

bool is_member_at(const std::vector<CaseMemberEntry>& members, const std::string& user,
                  std::uint32_t epoch) {
    return std::any_of(members.begin(), members.end(), [&](const CaseMemberEntry& member) {
        return member.user == user && member.epoch == epoch;
    });
}

std::vector<std::string> members_at(const std::vector<CaseMemberEntry>& members,
                                    std::uint32_t epoch) {
    std::vector<std::string> users;
    for (const CaseMemberEntry& member : members) {
        if (member.epoch == epoch &&
            std::find(users.begin(), users.end(), member.user) == users.end()) {
            users.push_back(member.user);
        }
    }
    return users;
}

Error record_failure(std::uint64_t sequence, const std::string& author, const std::string& why) {
    return Error(ErrorCode::integrity_failure, "record " + std::to_string(sequence) + " by '" +
                                                   author + "' does not verify: " + why);
}

Error key_failure(std::uint32_t epoch, const std::string& granter, const std::string& why) {
    return Error(ErrorCode::integrity_failure, "case key for epoch " + std::to_string(epoch) +
                                                   " granted by '" + granter +
                                                   "' does not verify: " + why);
}

Status check_key_grant(const crypto::KeyWrapBody& wrap, crypto::Role granter_role,
                       const std::string& creator, std::uint32_t case_epoch,
                       const std::vector<CaseMemberEntry>& members) {
    const std::uint32_t epoch = wrap.epoch;
    if (epoch == 0 || epoch > case_epoch) {
        return key_failure(epoch, wrap.granter,
                           "the case is at epoch " + std::to_string(case_epoch));
    }
    const bool creates = epoch == 1 && wrap.granter == creator;
    const bool rotates = epoch > 1 && is_member_at(members, wrap.granter, epoch - 1);
    const bool may_share =
        granter_role == crypto::Role::confidant || granter_role == crypto::Role::coordinator;
    const bool shares = may_share && is_member_at(members, wrap.granter, epoch);
    if (!creates && !rotates && !shares) {
        return key_failure(epoch, wrap.granter, "the granter was not entitled to grant it");
    }
    return ok_status();
}

Result<std::vector<CaseMemberEntry>> derive_case_members(const std::vector<VerifiedGrant>& grants,
                                                         const std::string& creator,
                                                         std::uint32_t case_epoch) {
    std::vector<CaseMemberEntry> members;
    std::vector<bool> accepted(grants.size(), false);
    for (std::uint32_t epoch = 1; epoch <= case_epoch; ++epoch) {
        // Within an epoch a share may rest on another share (the creator adds a
        // confidant, who adds a peer), so repeat until nothing more is accepted.
        for (bool progress = true; progress;) {
            progress = false;
            for (std::size_t i = 0; i < grants.size(); ++i) {
                const VerifiedGrant& grant = grants[i];
                if (accepted[i] || grant.wrap.epoch != epoch ||
                    !check_key_grant(grant.wrap, grant.granter_role, creator, case_epoch, members)
                         .ok()) {
                    continue;
                }
                accepted[i] = true;
                progress = true;
                if (!is_member_at(members, grant.wrap.recipient, epoch)) {
                    members.push_back({grant.wrap.recipient, epoch});
                }
            }
        }
    }
    for (std::size_t i = 0; i < grants.size(); ++i) {
        if (!accepted[i]) {
            const crypto::KeyWrapBody& wrap = grants[i].wrap;
            WEERBAAR_TRY(
                check_key_grant(wrap, grants[i].granter_role, creator, case_epoch, members));
            return key_failure(wrap.epoch, wrap.granter,
                               "no member entitled to grant it did (for '" + wrap.recipient + "')");
        }
    }
    return members;
}

RecordHistoryCheck::RecordHistoryCheck(crypto::Bytes case_id, std::uint32_t case_epoch,
                                       std::vector<CaseMemberEntry> members,
                                       std::optional<CaseHead> remembered)
    : case_id_(std::move(case_id)),
      case_epoch_(case_epoch),
      members_(std::move(members)),
      remembered_(std::move(remembered)) {}

RecordHistoryCheck RecordHistoryCheck::continuing_from(crypto::Bytes case_id,
                                                       std::uint32_t case_epoch,
                                                       std::vector<CaseMemberEntry> members,
                                                       const CaseHead& head) {
    RecordHistoryCheck check(std::move(case_id), case_epoch, std::move(members), std::nullopt);
    check.next_sequence_ = head.sequence + 1;
    check.last_epoch_ = std::max<std::uint32_t>(head.epoch, 1);
    // trust.json only holds well-formed hashes; were this one not, nothing would
    // chain onto it and the walk would fail, as it should.
    if (auto hash = crypto::from_hex(head.hash); hash.ok()) {
        check.hashes_.insert(std::move(hash).value());
    }
    return check;
}

Status RecordHistoryCheck::admit(std::uint64_t sequence, const crypto::RecordHeader& header,
                                 crypto::ByteView record_hash) {
    const std::string& author = header.author;
    if (sequence != next_sequence_) {
        return record_failure(sequence, author,
                              "expected record " + std::to_string(next_sequence_) +
                                  ": records are missing or out of order");
    }
    if (header.case_id != case_id_) {
        return record_failure(sequence, author, "it belongs to another case");
    }
    if (sequence == 1 && header.epoch != 1) {
        return record_failure(sequence, author, "a case starts in epoch 1");
    }
    if (header.epoch < last_epoch_) {
        return record_failure(sequence, author,
                              "its epoch " + std::to_string(header.epoch) +
                                  " is older than the epoch " + std::to_string(last_epoch_) +
                                  " of a record before it");
    }
    if (header.epoch > case_epoch_) {
        return record_failure(sequence, author,
                              "its epoch " + std::to_string(header.epoch) +
                                  " is beyond the case epoch " + std::to_string(case_epoch_));
    }
    // Once this client has seen the case at an epoch, nothing appended later may be
    // under an older key: the server refuses such appends, so one here was written
    // by someone who kept an old key (a removed member) with the server's help.
    if (remembered_ && sequence > remembered_->sequence && header.epoch < remembered_->epoch) {
        return record_failure(sequence, author,
                              "it was written under epoch " + std::to_string(header.epoch) +
                                  " after you had seen the case at epoch " +
                                  std::to_string(remembered_->epoch));
    }
    if (!is_member_at(members_, author, header.epoch)) {
        return record_failure(
            sequence, author,
            "the author is not a member of the case in epoch " + std::to_string(header.epoch));
    }
    if (!record_ids_.insert(header.record_id).second) {
        return record_failure(sequence, author,
                              "its record id repeats an earlier record (a replay)");
    }
    for (const crypto::Bytes& seen : header.seen_hashes) {
        if (!hashes_.contains(seen)) {
            return record_failure(sequence, author,
                                  "it names a record that is not before it: a record was "
                                  "dropped or reordered");
        }
    }
    const crypto::Bytes hash(record_hash.begin(), record_hash.end());
    if (remembered_ && remembered_->sequence == sequence &&
        crypto::to_hex(hash) != remembered_->hash) {
        return record_failure(sequence, author,
                              "the server dropped or rewrote records: this is not the record " +
                                  std::to_string(sequence) + " you read before");
    }
    hashes_.insert(hash);
    last_epoch_ = header.epoch;
    ++next_sequence_;
    return ok_status();
}

std::optional<std::string> authored_header_problem(std::uint64_t sequence,
                                                   const crypto::RecordHeader& header) {
    if (sequence > 1 && header.seen_hashes.empty()) {
        return "noemt geen eerdere records / it does not name the records it follows";
    }
    return std::nullopt;
}

Status RecordHistoryCheck::finish() const {
    const std::uint64_t count = next_sequence_ - 1;
    if (remembered_ && count < remembered_->sequence) {
        return Error(ErrorCode::integrity_failure,
                     "the server dropped or rewrote records: the case has " +
                         std::to_string(count) + " records, but you read record " +
                         std::to_string(remembered_->sequence) + " before");
    }
    return ok_status();
}

Status check_record_history(const crypto::Bytes& case_id, std::uint32_t case_epoch,
                            const std::vector<CaseMemberEntry>& members,
                            const std::optional<CaseHead>& remembered,
                            const std::vector<DecodedRecord>& records) {
    RecordHistoryCheck check(case_id, case_epoch, members, remembered);
    for (const DecodedRecord& record : records) {
        WEERBAAR_TRY(check.admit(record.sequence, record.header, record.hash));
    }
    return check.finish();
}

}  // namespace weerbaar::client
