#include "directory.h"

#include <algorithm>
#include <memory>

#include "bootstrap_code.h"
#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/crypto/revocation.h"

namespace weerbaar::server {
namespace {

std::int64_t enrolment_cutoff(std::int64_t now) {
    return now - std::chrono::duration_cast<std::chrono::seconds>(kEnrolmentLifetime).count();
}

// Keys that are or were certified for anyone may not be requested again: two
// members with one key would be indistinguishable in every signature and wrap.
Status check_keys_unused(Storage& storage, const crypto::Bytes& sign_pk,
                         const crypto::Bytes& enc_pk) {
    WEERBAAR_ASSIGN_OR_RETURN(const auto members, storage.members());
    for (const MemberRow& member : members) {
        WEERBAAR_ASSIGN_OR_RETURN(auto certificates, storage.past_certificates(member.user));
        certificates.push_back(PastCertificateRow{member.certificate, {}});
        for (const PastCertificateRow& row : certificates) {
            auto certificate = crypto::Certificate::decode(row.certificate);
            if (!certificate.ok()) {
                return Error(ErrorCode::internal, "a stored certificate does not decode");
            }
            const auto& body = certificate.value().body();
            if (crypto::equal_constant_time(body.sign_pk, sign_pk) ||
                crypto::equal_constant_time(body.enc_pk, enc_pk)) {
                return Error(ErrorCode::invalid_argument,
                             "deze sleutels zijn al van een lid; maak een nieuw profiel aan / "
                             "these keys belong to a member already; make a new profile");
            }
        }
    }
    return ok_status();
}

Result<crypto::Certificate> decode_certificate(const crypto::Bytes& encoded) {
    if (encoded.size() > kMaxCertificateBytes) {
        return Error(ErrorCode::invalid_argument, "certificate too large");
    }
    auto certificate = crypto::Certificate::decode(encoded);
    if (!certificate.ok()) {
        return Error(ErrorCode::invalid_argument, "certificate does not decode");
    }
    return certificate;
}

// A certificate the server stored itself; one that no longer decodes is a bug or tampering.
Result<crypto::Certificate> stored_certificate(const MemberRow& member) {
    auto certificate = crypto::Certificate::decode(member.certificate);
    if (!certificate.ok()) {
        return Error(ErrorCode::internal, "a stored certificate does not decode");
    }
    return certificate;
}

// A name that is taken may be certified again only when its holder was revoked,
// was never a coordinator,
// with keys never certified for it before, and once no case still holds a key
// for the revoked certificate: otherwise the next rotation of that case would
// hand its new key to the new certificate without anyone deciding so.
Status check_reenrolment(Storage& storage, const MemberRow& existing,
                         const crypto::CertificateBody& body) {
    if (existing.active) {
        return Error(ErrorCode::already_exists, "this user is a member already");
    }
    WEERBAAR_ASSIGN_OR_RETURN(auto past, storage.past_certificates(existing.user));
    past.push_back(PastCertificateRow{existing.certificate, existing.revocation});
    for (const PastCertificateRow& row : past) {
        auto old = crypto::Certificate::decode(row.certificate);
        if (!old.ok()) {
            return Error(ErrorCode::internal, "a stored certificate does not decode");
        }
        // The certificates and revocations a coordinator signed name the coordinator's
        // key by name: a new key under that name would break every one of them.
        if (old.value().body().role == crypto::Role::coordinator) {
            return Error(ErrorCode::failed_precondition,
                         existing.user +
                             " was a coordinator: what they signed names that key, so the name "
                             "cannot be certified again; enrol under a new name");
        }
        if (old.value().body().sign_pk == body.sign_pk ||
            old.value().body().enc_pk == body.enc_pk) {
            return Error(ErrorCode::invalid_argument,
                         "the new certificate reuses a revoked key of " + existing.user);
        }
    }
    WEERBAAR_ASSIGN_OR_RETURN(const auto waiting, storage.cases_of(existing.user));
    if (!waiting.empty()) {
        return Error(ErrorCode::failed_precondition,
                     std::to_string(waiting.size()) + " case(s) still hold a key for the revoked " +
                         "certificate of " + existing.user +
                         "; a member of those cases must give them a new key first");
    }
    return ok_status();
}

// Whether anyone but `user` who is still active holds the case's current key.
Result<bool> has_other_active_member(Storage& storage, const CaseRow& row,
                                     const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(const auto members, storage.case_members(row.case_id));
    for (const CaseMemberRow& member : members) {
        if (member.epoch != row.epoch || member.user == user) {
            continue;
        }
        WEERBAAR_ASSIGN_OR_RETURN(const auto other, storage.member(member.user));
        if (other.has_value() && other->active) {
            return true;
        }
    }
    return false;
}

}  // namespace

Directory::Directory(StorageReader& reader, GroupCommitWriter& writer, AuditTrail& audit,
                     std::function<void()> on_organisation_created, RetentionPolicy retention,
                     SessionCache* sessions)
    : reader_(reader),
      writer_(writer),
      audit_(audit),
      on_organisation_created_(std::move(on_organisation_created)),
      failed_bootstraps_(kMaxFailedBootstrapsPerMinute, std::chrono::minutes(1)),
      sessions_(sessions),
      enrolment_requests_(kMaxEnrolmentRequestsPerAddressPerHour, std::chrono::hours(1)),
      retention_(retention) {}

Result<crypto::Bytes> Directory::root_sign_pk() {
    WEERBAAR_ASSIGN_OR_RETURN(
        auto root, reader_.read([](Storage& storage) { return storage.root_sign_pk(); }));
    if (!root.has_value()) {
        return Error(ErrorCode::failed_precondition, "no organisation has been created yet");
    }
    return *root;
}

Result<std::vector<RestoreNoticeRow>> Directory::restore_notices() {
    return reader_.read([](Storage& storage) { return storage.restore_notices(); });
}

void Directory::create_organisation(const std::string& bootstrap_code,
                                    const crypto::Bytes& root_sign_pk,
                                    const crypto::Bytes& coordinator_certificate,
                                    const std::string& address, Done done) {
    if (bootstrap_code.empty() || bootstrap_code.size() > kMaxBootstrapCodeChars) {
        return done(Error(ErrorCode::invalid_argument, "malformed bootstrap code"));
    }
    if (root_sign_pk.size() != crypto::kSignPublicKeySize) {
        return done(Error(ErrorCode::invalid_argument, "root key has the wrong size"));
    }
    auto decoded = decode_certificate(coordinator_certificate);
    if (!decoded.ok()) {
        return done(decoded.error());
    }
    if (auto name = crypto::validate_new_user_name(decoded.value().body().user); !name.ok()) {
        return done(name.error());
    }
    if (!failed_bootstraps_.allows(address)) {
        return done(Error(ErrorCode::resource_exhausted, "too many wrong bootstrap codes; wait"));
    }
    auto certificate = std::make_shared<crypto::Certificate>(std::move(decoded).value());
    const crypto::Bytes code_hash = bootstrap_code_hash(bootstrap_code);

    // Set by the write, counted once the outcome is final: a write may run twice.
    auto wrong_code = std::make_shared<bool>(false);
    auto write = [this, code_hash, root_sign_pk, certificate, wrong_code,
                  encoded = coordinator_certificate](Storage& storage) -> Result<std::uint64_t> {
        *wrong_code = false;
        WEERBAAR_ASSIGN_OR_RETURN(auto existing, storage.root_sign_pk());
        if (existing.has_value()) {
            return Error(ErrorCode::already_exists, "the organisation exists already");
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto stored_hash, storage.bootstrap_hash());
        if (!stored_hash.has_value() || !crypto::equal_constant_time(*stored_hash, code_hash)) {
            *wrong_code = true;
            return Error(ErrorCode::permission_denied, "wrong bootstrap code");
        }
        const auto& body = certificate->body();
        if (body.role != crypto::Role::coordinator || body.issuer != crypto::kRootIssuer) {
            return Error(ErrorCode::invalid_argument,
                         "the founder's certificate must be a root-issued coordinator certificate");
        }
        WEERBAAR_TRY(crypto::verify_chain(*certificate, nullptr, root_sign_pk));
        const std::int64_t now = unix_now();
        WEERBAAR_TRY(storage.insert_organisation(root_sign_pk, now));
        WEERBAAR_TRY(storage.insert_member(MemberRow{
            body.user, std::string(crypto::role_name(body.role)), encoded, true, now, {}, {}}));
        WEERBAAR_TRY(storage.delete_bootstrap_hash());
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::organisation_created, body.user, {}, {}}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), [this, address, wrong_code,
                                      done = std::move(done)](Result<std::uint64_t> result) {
        if (!result.ok() && *wrong_code) {
            failed_bootstraps_.record(address);
        }
        if (result.ok() && on_organisation_created_) {
            on_organisation_created_();
        }
        status_done(done)(std::move(result));
    });
}

GroupCommitWriter::AfterCommit Directory::forget_sessions_of(const std::string& user) {
    if (sessions_ == nullptr) {
        return {};
    }
    return [sessions = sessions_, user] { sessions->forget_member(user); };
}

void Directory::request_enrolment(EnrolmentRow enrolment, const std::string& address, Done done) {
    if (auto valid = crypto::validate_new_user_name(enrolment.user); !valid.ok()) {
        return done(valid.error());
    }
    if (enrolment.signature.size() != crypto::kSignatureSize) {
        return done(Error(ErrorCode::invalid_argument, "the signature has the wrong size"));
    }
    // Sizes and weak keys first (invalid_argument), then the signature.
    auto verified = crypto::verify_enrolment(enrolment.user, enrolment.sign_pk, enrolment.enc_pk,
                                             enrolment.signature);
    if (!verified.ok()) {
        return done(verified.error());
    }
    if (!enrolment_requests_.try_record(address)) {
        return done(Error(ErrorCode::resource_exhausted,
                          "te veel aanvragen vanaf dit adres; probeer het over een uur opnieuw / "
                          "too many enrolment requests from this address; try again in an hour"));
    }
    enrolment.created = unix_now();

    auto write = [this,
                  enrolment = std::move(enrolment)](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_ASSIGN_OR_RETURN(auto root, storage.root_sign_pk());
        if (!root.has_value()) {
            return Error(ErrorCode::failed_precondition, "no organisation has been created yet");
        }
        WEERBAAR_TRY(storage.delete_enrolments_created_before(enrolment_cutoff(enrolment.created)));
        WEERBAAR_TRY(check_keys_unused(storage, enrolment.sign_pk, enrolment.enc_pk));
        // Whether the name is a member's is not looked at: the answer would tell a
        // stranger which names are members. Approval refuses an active name.
        WEERBAAR_ASSIGN_OR_RETURN(const auto again,
                                  storage.enrolment(enrolment.user, enrolment.sign_pk));
        if (!again.has_value()) {
            WEERBAAR_ASSIGN_OR_RETURN(const auto of_name, storage.count_enrolments(enrolment.user));
            if (of_name >= kMaxPendingEnrolmentsPerName) {
                return Error(
                    ErrorCode::resource_exhausted,
                    "te veel openstaande aanvragen voor deze naam; kies een andere naam of "
                    "vraag het over een week opnieuw / too many pending requests for "
                    "this name");
            }
            WEERBAAR_ASSIGN_OR_RETURN(const auto all, storage.count_enrolments({}));
            if (all >= kMaxPendingEnrolments) {
                return Error(ErrorCode::resource_exhausted,
                             "te veel openstaande aanvragen; probeer het later opnieuw / too many "
                             "pending enrolment requests; try again later");
            }
        }
        WEERBAAR_TRY(storage.put_enrolment(enrolment));
        // Unauthenticated: no actor; the subject is the name the request claims.
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::enrolment_requested, {}, enrolment.user, {}}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), status_done(std::move(done)));
}

Result<Directory::EnrolmentPage> Directory::enrolments(const Caller& caller,
                                                       const std::string& user,
                                                       std::size_t page_size,
                                                       std::int64_t after_position) {
    WEERBAAR_TRY(require_coordinator(caller, "do this"));
    if (!user.empty()) {
        WEERBAAR_TRY(crypto::validate_user_name(user));
    }
    if (after_position < 0) {
        return Error(ErrorCode::invalid_argument, "page token out of range");
    }
    const std::size_t limit =
        page_size == 0 ? kDefaultEnrolmentPageSize : std::min(page_size, kMaxEnrolmentPageSize);
    // One more than the page, to know whether another page follows.
    const EnrolmentQuery query{after_position, enrolment_cutoff(unix_now()), user, limit + 1};
    WEERBAAR_ASSIGN_OR_RETURN(
        auto rows, reader_.read([&](Storage& storage) { return storage.enrolments(query); }));
    EnrolmentPage page;
    if (rows.size() > limit) {
        rows.resize(limit);
        page.next_position = rows.back().position;
    }
    page.enrolments = std::move(rows);
    return page;
}

void Directory::approve_member(const Caller& caller, const crypto::Bytes& encoded, Done done) {
    auto allowed = require_coordinator(caller, "do this");
    if (!allowed.ok()) {
        return done(allowed.error());
    }
    auto decoded = decode_certificate(encoded);
    if (!decoded.ok()) {
        return done(decoded.error());
    }
    auto certificate = std::make_shared<crypto::Certificate>(std::move(decoded).value());

    auto write = [this, certificate, encoded,
                  approver = caller.user](Storage& storage) -> Result<std::uint64_t> {
        // The approver may have been revoked since Authenticator admitted the call.
        WEERBAAR_TRY(require_active_member(storage, approver));
        const auto& body = certificate->body();
        WEERBAAR_ASSIGN_OR_RETURN(auto root, storage.root_sign_pk());
        if (!root.has_value()) {
            return Error(ErrorCode::failed_precondition, "no organisation has been created yet");
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto existing, storage.member(body.user));
        if (existing.has_value()) {
            WEERBAAR_TRY(check_reenrolment(storage, *existing, body));
        }
        // The request is the one with the certificate's keys: the fingerprint the
        // coordinator checked by phone picks it out of the name's requests.
        WEERBAAR_ASSIGN_OR_RETURN(auto enrolment, storage.enrolment(body.user, body.sign_pk));
        if (!enrolment.has_value() || enrolment->created < enrolment_cutoff(unix_now())) {
            return Error(ErrorCode::not_found,
                         "geen openstaande aanvraag met deze sleutels (of verlopen) / no pending "
                         "enrolment with these keys for this user (or it expired)");
        }
        if (enrolment->enc_pk != body.enc_pk) {
            return Error(ErrorCode::invalid_argument,
                         "the certificate's keys differ from the enrolment request's");
        }
        WEERBAAR_TRY(check_keys_unused(storage, body.sign_pk, body.enc_pk));
        if (body.issuer == crypto::kRootIssuer) {
            WEERBAAR_TRY(crypto::verify_chain(*certificate, nullptr, *root));
        } else {
            if (body.role == crypto::Role::coordinator) {
                return Error(ErrorCode::invalid_argument,
                             "a coordinator certificate must be issued by the root key");
            }
            WEERBAAR_ASSIGN_OR_RETURN(auto issuer, storage.member(body.issuer));
            if (!issuer.has_value() || !issuer->active) {
                return Error(ErrorCode::invalid_argument, "the issuer is not an active member");
            }
            WEERBAAR_ASSIGN_OR_RETURN(const auto issuer_certificate, stored_certificate(*issuer));
            WEERBAAR_TRY(crypto::verify_chain(*certificate, &issuer_certificate, *root));
        }
        const MemberRow fresh{
            body.user, std::string(crypto::role_name(body.role)), encoded, true, unix_now(), {},
            {}};
        if (existing.has_value()) {
            WEERBAAR_TRY(storage.replace_revoked_member(fresh));
        } else {
            WEERBAAR_TRY(storage.insert_member(fresh));
        }
        WEERBAAR_TRY(storage.delete_enrolments_of(body.user));
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::member_approved, approver, body.user, {}}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), status_done(std::move(done)),
                   GroupCommitWriter::Durability::durable,
                   forget_sessions_of(certificate->body().user));
}

Result<std::vector<MemberRow>> Directory::members(const Caller& /*caller*/) {
    // Any active member may list members: Authenticator admitted only those.
    return reader_.read([](Storage& storage) -> Result<std::vector<MemberRow>> {
        WEERBAAR_ASSIGN_OR_RETURN(auto members, storage.members());
        for (MemberRow& member : members) {
            WEERBAAR_ASSIGN_OR_RETURN(member.past, storage.past_certificates(member.user));
        }
        return members;
    });
}

Result<MemberRow> Directory::member(const Caller& /*caller*/, const std::string& user) {
    WEERBAAR_TRY(crypto::validate_user_name(user));
    WEERBAAR_ASSIGN_OR_RETURN(
        auto member, reader_.read([&](Storage& storage) -> Result<std::optional<MemberRow>> {
            WEERBAAR_ASSIGN_OR_RETURN(auto found, storage.member(user));
            if (found.has_value()) {
                WEERBAAR_ASSIGN_OR_RETURN(found->past, storage.past_certificates(user));
            }
            return found;
        }));
    if (!member.has_value()) {
        return Error(ErrorCode::not_found, "no such member");
    }
    return *member;
}

void Directory::revoke_member(const Caller& caller, const crypto::Bytes& encoded,
                              bool confirm_orphans, RevokeDone done) {
    if (auto allowed = require_coordinator(caller, "do this"); !allowed.ok()) {
        return done(allowed.error());
    }
    if (encoded.size() > kMaxRevocationBytes) {
        return done(Error(ErrorCode::invalid_argument, "revocation too large"));
    }
    auto decoded = crypto::Revocation::decode(encoded);
    if (!decoded.ok()) {
        return done(Error(ErrorCode::invalid_argument, "revocation does not decode"));
    }
    auto revocation = std::make_shared<crypto::Revocation>(std::move(decoded).value());
    const auto& body = revocation->body();
    if (body.revoker != caller.user || body.revoker_sign_pk != caller.sign_pk) {
        return done(
            Error(ErrorCode::invalid_argument, "the revocation must be signed by the caller"));
    }
    if (auto valid = crypto::validate_user_name(body.user); !valid.ok()) {
        return done(valid.error());
    }

    auto orphaned = std::make_shared<std::uint32_t>(0);
    auto write = [this, revocation, encoded, confirm_orphans, orphaned,
                  revoker = caller.user](Storage& storage) -> Result<std::uint64_t> {
        const std::string& user = revocation->body().user;
        WEERBAAR_ASSIGN_OR_RETURN(auto root, storage.root_sign_pk());
        if (!root.has_value()) {
            return Error(ErrorCode::failed_precondition, "no organisation has been created yet");
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto target, storage.member(user));
        if (!target.has_value()) {
            return Error(ErrorCode::not_found, "no such member");
        }
        if (!target->active) {
            return Error(ErrorCode::failed_precondition, user + " is already revoked");
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto revoker_row, storage.member(revoker));
        if (!revoker_row.has_value() || !revoker_row->active) {
            return Error(ErrorCode::permission_denied, "membership is no longer active");
        }
        WEERBAAR_ASSIGN_OR_RETURN(const auto revoked_certificate, stored_certificate(*target));
        WEERBAAR_ASSIGN_OR_RETURN(const auto revoker_certificate, stored_certificate(*revoker_row));
        WEERBAAR_TRY(crypto::verify_revocation(*revocation, revoked_certificate,
                                               revoker_certificate, *root));

        // Someone must be left who can enrol, revoke and hand cases over.
        WEERBAAR_ASSIGN_OR_RETURN(const auto members, storage.members());
        const auto coordinators_left =
            std::count_if(members.begin(), members.end(), [&](const MemberRow& m) {
                return m.active && m.user != user &&
                       m.role == crypto::role_name(crypto::Role::coordinator);
            });
        if (coordinators_left == 0) {
            return Error(ErrorCode::failed_precondition,
                         "revoking " + user +
                             " would leave no active coordinator; approve another coordinator "
                             "first");
        }

        const std::int64_t now = unix_now();
        WEERBAAR_ASSIGN_OR_RETURN(const auto member_cases, storage.cases_of(user));
        std::vector<CaseRow> orphans;
        for (const CaseRow& row : member_cases) {
            WEERBAAR_ASSIGN_OR_RETURN(const bool others,
                                      has_other_active_member(storage, row, user));
            if (!others) {
                orphans.push_back(row);
            }
        }
        if (!orphans.empty() && !confirm_orphans) {
            return Error(
                ErrorCode::failed_precondition,
                std::to_string(orphans.size()) + " zaak/zaken heeft/hebben geen ander lid dan " +
                    user + "; bevestig om ze een bewaartermijn te geven / " +
                    std::to_string(orphans.size()) + " case(s) have no member but " + user +
                    "; confirm to give them a retention deadline (weerbaar member "
                    "revoke --confirm-orphaned-cases); nothing was revoked");
        }
        *orphaned = static_cast<std::uint32_t>(orphans.size());
        // Nobody can read an orphaned case again, nor close it: it is treated as
        // closed now, so that the retention sweep deletes it in due time.
        for (const CaseRow& row : orphans) {
            const std::int64_t deadline = retention_.deadline_from(now);
            if (row.retention_until == 0 || row.retention_until > deadline) {
                WEERBAAR_TRY(storage.set_retention(row.case_id, deadline));
            }
        }
        WEERBAAR_TRY(storage.deactivate_member(user));
        WEERBAAR_TRY(storage.insert_revocation(user, encoded, now));
        // Existing tokens stop working with this commit, not when they expire.
        WEERBAAR_TRY(storage.delete_sessions_of(user));
        WEERBAAR_ASSIGN_OR_RETURN(const auto cases, storage.cases_of(user));
        for (const auto& row : cases) {
            WEERBAAR_TRY(storage.require_rotation(row.case_id));
        }
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::member_revoked, revoker, user, {}}));
        return static_cast<std::uint64_t>(cases.size());
    };
    writer_.submit(
        std::move(write),
        [done = std::move(done), orphaned](const Result<std::uint64_t>& result) {
            if (!result.ok()) {
                return done(result.error());
            }
            done(RevokeCounts{static_cast<std::uint32_t>(result.value()), *orphaned});
        },
        // The member's tokens stop working with this commit, cached ones too.
        GroupCommitWriter::Durability::durable, forget_sessions_of(body.user));
}

Result<std::vector<crypto::Bytes>> Directory::revocations(const Caller& /*caller*/) {
    // Any active member: clients keep every revocation they have seen.
    return reader_.read([](Storage& storage) { return storage.revocations(); });
}

}  // namespace weerbaar::server
