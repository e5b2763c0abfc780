#include "weerbaar/client/member_directory.h"

#include <algorithm>

#include "session_rpc.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/crypto/fingerprint.h"

namespace weerbaar::client {
namespace {

Error untrusted(const std::string& user, const std::string& why) {
    return Error(ErrorCode::integrity_failure,
                 "certificate of member '" + user + "' does not verify: " + why);
}

RememberedRevocation memory_of(const crypto::Revocation& revocation) {
    return RememberedRevocation{revocation.body().user, crypto::to_hex(revocation.hash()),
                                crypto::to_hex(revocation.body().certificate_hash)};
}

}  // namespace

bool VerifiedMember::certifies_sign_pk(crypto::ByteView sign_pk) const {
    const auto same = [&](const crypto::Certificate& held) {
        return crypto::ByteView(held.body().sign_pk).size() == sign_pk.size() &&
               std::equal(sign_pk.begin(), sign_pk.end(), held.body().sign_pk.begin());
    };
    return same(certificate) ||
           std::any_of(past_certificates.begin(), past_certificates.end(), same);
}

bool VerifiedMember::certifies_enc_pk(crypto::ByteView enc_pk) const {
    const auto same = [&](const crypto::Certificate& held) {
        return crypto::ByteView(held.body().enc_pk).size() == enc_pk.size() &&
               std::equal(enc_pk.begin(), enc_pk.end(), held.body().enc_pk.begin());
    };
    return same(certificate) ||
           std::any_of(past_certificates.begin(), past_certificates.end(), same);
}

Error changed_key_error(const ChangedKey& changed) {
    return Error(ErrorCode::integrity_failure,
                 "the key of " + changed.user + " changed since it was last seen",
                 std::string(kChangedKeyField),
                 "controleer telefonisch dat de nieuwe sleutel van '" + changed.user +
                     "' vingerafdruk \"" + changed.fingerprint +
                     "\" heeft en bevestig die / check by phone that the new key of '" +
                     changed.user + "' has fingerprint \"" + changed.fingerprint +
                     "\" and confirm it");
}

std::optional<ChangedKey> changed_key_of(const Error& error) {
    if (error.field() != kChangedKeyField) {
        return std::nullopt;
    }
    // User names and fingerprints hold no quotes (profile.h, fingerprint.h), so the
    // first quoted spans are theirs.
    const std::string& hint = error.hint();
    const auto span = [&](char quote) -> std::optional<std::string> {
        const std::size_t open = hint.find(quote);
        const std::size_t close = open == std::string::npos ? open : hint.find(quote, open + 1);
        if (close == std::string::npos) {
            return std::nullopt;
        }
        return hint.substr(open + 1, close - open - 1);
    };
    auto user = span('\'');
    auto fingerprint = span('"');
    if (!user || !fingerprint) {
        return std::nullopt;
    }
    return ChangedKey{std::move(*user), std::move(*fingerprint)};
}

Status check_may_receive_key(const VerifiedMember& member) {
    const std::string& user = member.user();
    if (member.revocation_remembered && member.active && !member.revocation) {
        return Error(ErrorCode::integrity_failure, user + " was revoked, but the server lists " +
                                                       user +
                                                       " as active: revocation rolled back?");
    }
    if (member.revoked()) {
        return Error(ErrorCode::permission_denied, user + " is revoked");
    }
    if (!member.active) {
        return Error(ErrorCode::permission_denied,
                     "not allowed: the membership of '" + user + "' is not active");
    }
    if (member.key == KeySighting::changed) {
        return changed_key_error(ChangedKey{user, member.certificate.fingerprint()});
    }
    return ok_status();
}

Result<v1::Member> MemberDirectory::fetch(const std::string& user) {
    v1::GetMemberRequest request;
    request.set_user(user);
    v1::Member member;
    const grpc::Status status =
        call_server(session_, &SessionStubs::directory, &v1::DirectoryService::Stub::GetMember,
                    request, &member);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
        return Error(ErrorCode::not_found, "no member named '" + user + "'");
    }
    WEERBAAR_TRY(check_rpc(status, "look up member '" + user + "'"));
    if (member.user() != user) {
        return untrusted(user, "the server answered with member '" + member.user() + "'");
    }
    return member;
}

Result<crypto::Certificate> MemberDirectory::chain_verified(const v1::Member& member) {
    if (const auto known = certificates_.find(member.user()); known != certificates_.end()) {
        return known->second;
    }
    auto decoded = crypto::Certificate::decode(crypto::as_bytes(member.certificate()));
    if (!decoded.ok()) {
        return untrusted(member.user(), "malformed");
    }
    crypto::Certificate certificate = std::move(decoded).value();
    if (certificate.body().user != member.user()) {
        return untrusted(member.user(), "it is issued to '" + certificate.body().user + "'");
    }
    std::optional<crypto::Certificate> issuer;
    if (certificate.body().issuer != crypto::kRootIssuer) {
        // A chain is at most root -> coordinator -> member, so the issuer itself
        // must be root-issued; this also ends any loop a server could construct.
        WEERBAAR_ASSIGN_OR_RETURN(const v1::Member raw_issuer, fetch(certificate.body().issuer));
        auto issuer_certificate =
            crypto::Certificate::decode(crypto::as_bytes(raw_issuer.certificate()));
        if (!issuer_certificate.ok() ||
            issuer_certificate.value().body().issuer != crypto::kRootIssuer) {
            return untrusted(member.user(), "its issuer '" + certificate.body().issuer +
                                                "' is not a coordinator certified by the root");
        }
        WEERBAAR_ASSIGN_OR_RETURN(issuer, chain_verified(raw_issuer));
    }
    const Status chain = crypto::verify_chain(certificate, issuer ? &*issuer : nullptr,
                                              session_.settings().root_sign_pk);
    if (!chain.ok()) {
        return Error(ErrorCode::integrity_failure, chain.error().message());
    }
    certificates_.insert_or_assign(member.user(), certificate);
    return certificate;
}

Result<crypto::Certificate> MemberDirectory::chain_verified(const std::string& user) {
    if (const auto known = certificates_.find(user); known != certificates_.end()) {
        return known->second;
    }
    WEERBAAR_ASSIGN_OR_RETURN(const v1::Member raw, fetch(user));
    return chain_verified(raw);
}

// A revocation counts only if a coordinator certified by the root signed it; the
// revoker's own later revocation does not undo it.
Status MemberDirectory::check_revocation(const crypto::Revocation& revocation,
                                         const crypto::Certificate& revoked) {
    const std::string& user = revoked.body().user;
    auto revoker = chain_verified(revocation.body().revoker);
    if (!revoker.ok()) {
        return Error(ErrorCode::integrity_failure,
                     "the revocation of '" + user + "' does not verify: its revoker '" +
                         revocation.body().revoker + "' is not a verified member");
    }
    const Status verified = crypto::verify_revocation(revocation, revoked, revoker.value(),
                                                      session_.settings().root_sign_pk);
    if (!verified.ok()) {
        return Error(
            ErrorCode::integrity_failure,
            "the revocation of '" + user + "' does not verify: " + verified.error().message());
    }
    return trust_.remember_revocation(memory_of(revocation));
}

Result<crypto::Certificate> MemberDirectory::past_verified(const std::string& user,
                                                           const v1::PastCertificate& past) {
    auto decoded = crypto::Certificate::decode(crypto::as_bytes(past.certificate()));
    if (!decoded.ok() || decoded.value().body().user != user) {
        return untrusted(user, "an earlier certificate is malformed or issued to someone else");
    }
    crypto::Certificate certificate = std::move(decoded).value();
    std::optional<crypto::Certificate> issuer;
    if (certificate.body().issuer != crypto::kRootIssuer) {
        WEERBAAR_ASSIGN_OR_RETURN(issuer, chain_verified(certificate.body().issuer));
        if (issuer->body().issuer != crypto::kRootIssuer) {
            return untrusted(user,
                             "the issuer of an earlier certificate is not certified by "
                             "the root");
        }
    }
    const Status chain = crypto::verify_chain(certificate, issuer ? &*issuer : nullptr,
                                              session_.settings().root_sign_pk);
    if (!chain.ok()) {
        return untrusted(user, "an earlier certificate: " + chain.error().message());
    }
    // A certificate is only ever replaced after it was revoked; one without a
    // revocation would be a second live key under the same name.
    auto revocation = crypto::Revocation::decode(crypto::as_bytes(past.revocation()));
    if (!revocation.ok()) {
        return untrusted(user, "an earlier certificate has no valid revocation");
    }
    WEERBAAR_TRY(check_revocation(revocation.value(), certificate));
    return certificate;
}

Result<VerifiedMember> MemberDirectory::verify(const v1::Member& member) {
    if (const auto known = verified_.find(member.user()); known != verified_.end()) {
        return known->second;
    }
    WEERBAAR_ASSIGN_OR_RETURN(crypto::Certificate certificate, chain_verified(member));
    VerifiedMember verified{std::move(certificate), member.active()};
    if (!member.revocation().empty()) {
        auto revocation = crypto::Revocation::decode(crypto::as_bytes(member.revocation()));
        if (!revocation.ok()) {
            return Error(ErrorCode::integrity_failure,
                         "the revocation of '" + member.user() + "' is malformed");
        }
        WEERBAAR_TRY(check_revocation(revocation.value(), verified.certificate));
        verified.revocation = std::move(revocation).value();
    }
    for (const v1::PastCertificate& past : member.past_certificates()) {
        WEERBAAR_ASSIGN_OR_RETURN(crypto::Certificate earlier, past_verified(member.user(), past));
        verified.past_certificates.push_back(std::move(earlier));
    }
    verified.revocation_remembered =
        is_remembered_revoked(trust_.state(), member.user(), verified.certificate.hash());
    const std::string fingerprint = verified.certificate.fingerprint();
    WEERBAAR_ASSIGN_OR_RETURN(verified.key, trust_.observe_key(member.user(), fingerprint));
    const KnownKey& known = trust_.state().keys.find(member.user())->second;
    verified.known_fingerprint = known.fingerprint;
    verified.key_verified = verified.key != KeySighting::changed && known.verified;
    verified_.insert_or_assign(member.user(), verified);
    return verified;
}

Result<VerifiedMember> MemberDirectory::member(const std::string& user) {
    if (const auto known = verified_.find(user); known != verified_.end()) {
        return known->second;
    }
    WEERBAAR_ASSIGN_OR_RETURN(const v1::Member raw, fetch(user));
    return verify(raw);
}

Result<VerifiedMember> MemberDirectory::self() {
    WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember me, member(session_.user()));
    const crypto::Identity& keys = session_.keys().identity;
    if (me.certificate.body().sign_pk != keys.signing.public_key() ||
        me.certificate.body().enc_pk != keys.encryption.public_key()) {
        return untrusted(session_.user(), "it certifies other keys than the ones in your keystore");
    }
    if (!me.active || me.revoked()) {
        return Error(ErrorCode::permission_denied, "your membership is revoked");
    }
    // Our own key needs no phone call: the keystore holds it.
    if (!me.key_verified) {
        const std::string fingerprint = me.certificate.fingerprint();
        WEERBAAR_TRY(trust_.mark_key_verified(session_.user(), fingerprint));
        me.key = KeySighting::known;
        me.key_verified = true;
        me.known_fingerprint = fingerprint;
        verified_.insert_or_assign(session_.user(), me);
    }
    return me;
}

Result<std::vector<VerifiedMember>> MemberDirectory::all() {
    v1::ListMembersResponse response;
    WEERBAAR_TRY(check_rpc(
        call_server(session_, &SessionStubs::directory, &v1::DirectoryService::Stub::ListMembers,
                    v1::ListMembersRequest{}, &response),
        "list members"));
    std::vector<VerifiedMember> members;
    members.reserve(static_cast<std::size_t>(response.members_size()));
    for (const v1::Member& member : response.members()) {
        WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember verified, verify(member));
        members.push_back(std::move(verified));
    }
    return members;
}

Status MemberDirectory::refresh_revocations() {
    if (revocations_fetched_) {
        return ok_status();
    }
    v1::ListRevocationsResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session_, &SessionStubs::directory,
                                       &v1::DirectoryService::Stub::ListRevocations,
                                       v1::ListRevocationsRequest{}, &response),
                           "list revocations"));
    for (const std::string& encoded : response.revocations()) {
        auto decoded = crypto::Revocation::decode(crypto::as_bytes(encoded));
        if (!decoded.ok()) {
            return Error(ErrorCode::integrity_failure, "the server sent a malformed revocation");
        }
        const crypto::Revocation& revocation = decoded.value();
        auto certificate = chain_verified(revocation.body().user);
        if (!certificate.ok()) {
            if (certificate.error().code() == ErrorCode::not_found) {
                continue;  // about a member the server no longer lists: nothing to refuse
            }
            return certificate.error();
        }
        // A revocation of an earlier certificate of the same user says nothing about
        // the current one; only revocations of certificates in use matter here.
        if (revocation.body().certificate_hash != certificate.value().hash()) {
            continue;
        }
        WEERBAAR_TRY(check_revocation(revocation, certificate.value()));
        if (const auto known = verified_.find(revocation.body().user); known != verified_.end()) {
            known->second.revocation_remembered = true;
        }
    }
    revocations_fetched_ = true;
    return ok_status();
}

Result<VerifiedMember> MemberDirectory::verify_key(const std::string& user,
                                                   std::string_view fingerprint) {
    WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember verified, member(user));
    const std::string actual = verified.certificate.fingerprint();
    if (!crypto::fingerprints_match(actual, fingerprint)) {
        return Error(ErrorCode::integrity_failure,
                     "fingerprint mismatch for '" + user +
                         "': the key the server shows is not the one you were given; nothing "
                         "was marked");
    }
    WEERBAAR_TRY(trust_.mark_key_verified(user, actual));
    verified.key = KeySighting::known;
    verified.key_verified = true;
    verified.known_fingerprint = actual;
    verified_.insert_or_assign(user, verified);
    return verified;
}

Status MemberDirectory::remember_own_revocation(const crypto::Revocation& revocation) {
    WEERBAAR_TRY(trust_.remember_revocation(memory_of(revocation)));
    if (const auto known = verified_.find(revocation.body().user); known != verified_.end()) {
        known->second.revocation_remembered = true;
        known->second.revocation = revocation;
        known->second.active = false;
    }
    return ok_status();
}

}  // namespace weerbaar::client
