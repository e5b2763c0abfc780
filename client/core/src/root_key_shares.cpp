#include "weerbaar/client/root_key_shares.h"

#include <ctime>
#include <set>

#include "proto_bytes.h"
#include "session_rpc.h"
#include "weerbaar/client/profile.h"
#include "weerbaar/client/rpc_error.h"

namespace weerbaar::client {
namespace {

std::uint64_t now_unix() { return static_cast<std::uint64_t>(std::time(nullptr)); }

bool is_coordinator(const VerifiedMember& member) {
    return member.role() == crypto::Role::coordinator;
}

// `dutch` and `english` finish "alleen een coördinator ..." and "only a coordinator ...".
Status require_coordinator_self(MemberDirectory& directory, std::string_view dutch,
                                std::string_view english) {
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember me, directory.self());
    if (!is_coordinator(me)) {
        return Error(ErrorCode::permission_denied, "alleen een coördinator " + std::string(dutch) +
                                                       " / only a coordinator " +
                                                       std::string(english));
    }
    return ok_status();
}

Error untrusted_split(const std::string& why) {
    return Error(ErrorCode::integrity_failure, "the root key shares the server sent " + why);
}

// Decodes and checks every share of the split the server reports (see RootKeySplitState).
Result<RootKeySplitState> verified_split(const v1::GetRootKeySplitResponse& response,
                                         const Session& session, MemberDirectory& directory) {
    RootKeySplitState state;
    state.split_id = bytes_of(response.split_id());
    state.threshold = response.threshold();
    state.splitter = response.splitter();
    state.created = response.created();
    std::set<std::uint8_t> numbers;
    for (const std::string& encoded : response.shares()) {
        auto share = crypto::RootKeyShare::decode(crypto::as_bytes(encoded));
        if (!share.ok()) {
            return untrusted_split("do not decode");
        }
        const crypto::RootKeyShareBody& body = share.value().body();
        if (body.split_id != state.split_id || body.threshold != state.threshold ||
            static_cast<int>(body.share_count) != response.shares_size() ||
            body.created != state.created || body.splitter != state.splitter ||
            !numbers.insert(body.number).second) {
            return untrusted_split("are not of one split");
        }
        // The root key the shares claim to rebuild must be ours, or they are of no use.
        if (!crypto::equal_constant_time(body.root_sign_pk, session.settings().root_sign_pk)) {
            return untrusted_split("are of another organisation key");
        }
        if (!share.value().verify_signature().ok()) {
            return untrusted_split("do not verify");
        }
        state.shares.push_back(std::move(share).value());
    }
    if (state.shares.empty() || state.split_id.size() != crypto::kRootKeySplitIdSize) {
        return untrusted_split("are not a split");
    }
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember splitter, directory.member(state.splitter));
    for (const crypto::RootKeyShare& share : state.shares) {
        if (!is_coordinator(splitter) ||
            !splitter.certifies_sign_pk(share.body().splitter_sign_pk)) {
            return untrusted_split("are signed by someone who is not a coordinator with that key");
        }
        auto holder = directory.member(share.body().holder);
        if (!holder.ok() && holder.error().code() != ErrorCode::not_found) {
            return holder.error();
        }
        if (!holder.ok() || !holder.value().active || holder.value().revoked() ||
            !is_coordinator(holder.value())) {
            state.revoked_holders.push_back(share.body().holder);
        }
    }
    return state;
}

// The recipients of a new split: the named ones, or every active coordinator.
Result<std::vector<VerifiedMember>> split_recipients(MemberDirectory& directory,
                                                     const std::vector<std::string>& named) {
    std::vector<VerifiedMember> recipients;
    if (named.empty()) {
        WEERBAAR_ASSIGN_OR_RETURN(std::vector<VerifiedMember> members, directory.all());
        for (VerifiedMember& member : members) {
            if (is_coordinator(member) && member.active && !member.revoked()) {
                recipients.push_back(std::move(member));
            }
        }
    } else {
        std::set<std::string> seen;
        for (const std::string& user : named) {
            if (!seen.insert(user).second) {
                return Error(
                    ErrorCode::invalid_argument,
                    "'" + user + "' staat twee keer in de lijst / '" + user + "' is named twice",
                    "recipients");
            }
            WEERBAAR_ASSIGN_OR_RETURN(VerifiedMember member, directory.member(user));
            if (!is_coordinator(member)) {
                return Error(
                    ErrorCode::permission_denied,
                    "een deel van de organisatiesleutel gaat alleen naar coördinatoren; '" + user +
                        "' is geen coördinator / root key shares go to "
                        "coordinators only",
                    "recipients");
            }
            recipients.push_back(std::move(member));
        }
    }
    for (const VerifiedMember& member : recipients) {
        WEERBAAR_TRY(check_may_receive_key(member));
    }
    return recipients;
}

Status check_share_count(unsigned shares, std::size_t recipients) {
    if (shares != recipients) {
        return Error(ErrorCode::invalid_argument,
                     "het aantal delen (" + std::to_string(shares) +
                         ") moet gelijk zijn aan het aantal ontvangers (" +
                         std::to_string(recipients) +
                         ") / the number of shares must equal the "
                         "number of recipients",
                     "shares");
    }
    return ok_status();
}

Error no_split() {
    return Error(ErrorCode::failed_precondition,
                 "de organisatiesleutel is nog niet opgedeeld; de houder ervan doet 'split-root' "
                 "eerst / the root key has not been split yet");
}

}  // namespace

Status check_root_key_split_request(const RootKeySplitRequest& request) {
    if (request.threshold < crypto::kMinRootKeyShareThreshold ||
        request.threshold > request.shares || request.shares > crypto::kMaxRootKeyShares) {
        return Error(ErrorCode::invalid_argument,
                     "de drempel moet minstens 2 zijn en niet meer dan het aantal delen (hoogstens "
                     "255) / the threshold must be at least 2 and at most the number of shares "
                     "(at most 255)",
                     "threshold");
    }
    if (!request.recipients.empty()) {
        return check_share_count(request.shares, request.recipients.size());
    }
    return ok_status();
}

Result<std::optional<RootKeySplitState>> fetch_root_key_split(const Session& session,
                                                              MemberDirectory& directory) {
    v1::GetRootKeySplitResponse response;
    WEERBAAR_TRY(check_rpc(
        call_server(session, &SessionStubs::root_key, &v1::RootKeyService::Stub::GetRootKeySplit,
                    v1::GetRootKeySplitRequest{}, &response),
        "read the root key shares"));
    if (response.split_id().empty()) {
        return std::optional<RootKeySplitState>{};
    }
    WEERBAAR_ASSIGN_OR_RETURN(RootKeySplitState state,
                              verified_split(response, session, directory));
    return std::optional<RootKeySplitState>{std::move(state)};
}

Result<RootKeySplitSummary> split_organisation_root_key(const Session& session,
                                                        MemberDirectory& directory,
                                                        const RootKeySplitRequest& request) {
    const crypto::KeystoreContents& keys = session.keys();
    // The key must be the one this profile pinned: shares of any other would rebuild a
    // key every recovering client refuses.
    if (!keys.root ||
        !crypto::equal_constant_time(keys.root->public_key(), session.settings().root_sign_pk)) {
        return Error(ErrorCode::failed_precondition,
                     "alleen wie de organisatiesleutel (root) in de sleutelopslag heeft kan hem "
                     "opdelen / only the holder of the organisation root key can split it");
    }
    WEERBAAR_TRY(check_root_key_split_request(request));
    WEERBAAR_TRY(require_coordinator_self(directory, "deelt de organisatiesleutel op",
                                          "splits the root key"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::vector<VerifiedMember> recipients,
                              split_recipients(directory, request.recipients));
    WEERBAAR_TRY(check_share_count(request.shares, recipients.size()));
    std::vector<crypto::RootKeyShareRecipient> to;
    RootKeySplitSummary summary;
    for (const VerifiedMember& member : recipients) {
        to.push_back({member.user(), member.certificate.body().enc_pk});
        summary.holders.push_back(member.user());
    }
    WEERBAAR_ASSIGN_OR_RETURN(
        const crypto::RootKeySplit split,
        crypto::split_root_key(*keys.root, request.threshold, to, session.user(),
                               keys.identity.signing, now_unix()));
    v1::SplitRootKeyRequest call;
    set_bytes(call.mutable_split_id(), split.split_id);
    call.set_threshold(split.threshold);
    call.set_created(split.created);
    set_bytes(call.mutable_root_signature(), split.root_signature);
    for (const crypto::RootKeyShare& share : split.shares) {
        set_bytes(call.add_shares(), share.encode());
    }
    v1::SplitRootKeyResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::root_key,
                                       &v1::RootKeyService::Stub::SplitRootKey, call, &response),
                           "store the root key shares"));
    summary.split_id = split.split_id;
    summary.threshold = split.threshold;
    return summary;
}

Status release_root_key_share(const Session& session, MemberDirectory& directory,
                              const std::string& recipient) {
    WEERBAAR_TRY(require_coordinator_self(
        directory, "geeft een deel van de organisatiesleutel door", "releases a root key share"));
    WEERBAAR_ASSIGN_OR_RETURN(const VerifiedMember to, directory.member(recipient));
    if (!is_coordinator(to)) {
        return Error(ErrorCode::permission_denied,
                     "een deel van de organisatiesleutel gaat alleen naar coördinatoren; '" +
                         recipient +
                         "' is geen coördinator / root key shares go to coordinators "
                         "only",
                     "user");
    }
    WEERBAAR_TRY(check_may_receive_key(to));
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<RootKeySplitState> state,
                              fetch_root_key_split(session, directory));
    if (!state) {
        return no_split();
    }
    const crypto::RootKeyShare* mine = nullptr;
    for (const crypto::RootKeyShare& share : state->shares) {
        if (share.body().holder == session.user()) {
            mine = &share;
        }
    }
    if (mine == nullptr) {
        return Error(ErrorCode::failed_precondition,
                     "je hebt geen deel van de organisatiesleutel / you hold no share of the root "
                     "key");
    }
    const crypto::KeystoreContents& keys = session.keys();
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer plaintext,
                              mine->open(keys.identity.encryption));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::RootKeyShareRelease release,
                              crypto::RootKeyShareRelease::create(
                                  *mine, plaintext, recipient, to.certificate.body().enc_pk,
                                  now_unix(), keys.identity.signing));
    v1::ReleaseRootKeyShareRequest call;
    set_bytes(call.mutable_release(), release.encode());
    v1::ReleaseRootKeyShareResponse response;
    return check_rpc(call_server(session, &SessionStubs::root_key,
                                 &v1::RootKeyService::Stub::ReleaseRootKeyShare, call, &response),
                     "release your root key share to '" + recipient + "'");
}

Result<RootKeyRecovery> recover_root_key(const Session& session, MemberDirectory& directory,
                                         const crypto::SecretBuffer& passphrase) {
    const crypto::KeystoreContents& keys = session.keys();
    if (keys.root) {
        return Error(ErrorCode::failed_precondition,
                     "je sleutelopslag heeft de organisatiesleutel al / your keystore holds the "
                     "root key already");
    }
    WEERBAAR_TRY(require_coordinator_self(directory, "herstelt de organisatiesleutel",
                                          "recovers the root key"));
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<RootKeySplitState> state,
                              fetch_root_key_split(session, directory));
    if (!state) {
        return no_split();
    }
    // The server writes the audit entry before it hands the releases over.
    v1::CollectRootKeyReleasesResponse response;
    WEERBAAR_TRY(check_rpc(call_server(session, &SessionStubs::root_key,
                                       &v1::RootKeyService::Stub::CollectRootKeyReleases,
                                       v1::CollectRootKeyReleasesRequest{}, &response),
                           "collect the released root key shares"));
    RootKeyRecovery recovery;
    recovery.split_id = state->split_id;
    std::vector<crypto::SecretBuffer> plaintexts;
    for (const std::string& encoded : response.releases()) {
        // Whatever is wrong with a release, it is the one opaque error: it says nothing
        // of which check failed, as for any open.
        auto release = crypto::RootKeyShareRelease::decode(crypto::as_bytes(encoded));
        if (!release.ok() || release.value().body().recipient != session.user()) {
            return Error(ErrorCode::integrity_failure, "decryption or verification failed");
        }
        const crypto::RootKeyShareReleaseBody& body = release.value().body();
        const crypto::RootKeyShare* share = nullptr;
        for (const crypto::RootKeyShare& candidate : state->shares) {
            if (candidate.body().holder == body.holder) {
                share = &candidate;
            }
        }
        auto holder = directory.member(body.holder);
        if (share == nullptr || !holder.ok() || !is_coordinator(holder.value()) ||
            holder.value().revoked() || !holder.value().active ||
            !crypto::equal_constant_time(holder.value().certificate.body().sign_pk,
                                         body.holder_sign_pk)) {
            return Error(ErrorCode::integrity_failure, "decryption or verification failed");
        }
        WEERBAAR_ASSIGN_OR_RETURN(crypto::SecretBuffer plaintext,
                                  release.value().open(keys.identity.encryption, *share));
        plaintexts.push_back(std::move(plaintext));
        recovery.holders.push_back(body.holder);
    }
    WEERBAAR_ASSIGN_OR_RETURN(
        crypto::SigningKeyPair root,
        crypto::combine_root_key_shares(plaintexts, state->split_id, state->threshold,
                                        session.settings().root_sign_pk));
    // The keystore on disk, opened again with the passphrase: the session's keys may
    // have come from the unlock agent, and only the passphrase reseals.
    WEERBAAR_ASSIGN_OR_RETURN(crypto::KeystoreContents stored,
                              open_profile_keystore(session.profile(), passphrase));
    if (stored.identity.signing.public_key() != keys.identity.signing.public_key()) {
        return Error(ErrorCode::failed_precondition,
                     "de sleutelopslag is veranderd sinds deze opdracht begon / the keystore "
                     "changed while this command ran");
    }
    stored.root = std::move(root);
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::Bytes sealed,
                              seal_profile_keystore(stored, passphrase));
    WEERBAAR_TRY(session.profile().replace_keystore(sealed));
    return recovery;
}

}  // namespace weerbaar::client
