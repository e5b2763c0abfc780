#include "root_key_registry.h"

#include <memory>
#include <set>

#include "server_limits.h"
#include "unix_time.h"
#include "weerbaar/crypto/root_key_share.h"

namespace weerbaar::server {
namespace {

constexpr std::string_view kShareWhat = "a root key share";

Error no_split() {
    return Error(ErrorCode::failed_precondition,
                 "the root key has not been split yet: a holder of the root key splits it");
}

Result<crypto::Bytes> organisation_root(StorageReader& reader) {
    WEERBAAR_ASSIGN_OR_RETURN(auto root,
                              reader.read([](Storage& storage) { return storage.root_sign_pk(); }));
    if (!root.has_value()) {
        return Error(ErrorCode::failed_precondition, "no organisation yet");
    }
    return *std::move(root);
}

// What the writer needs of one checked share.
struct CheckedShare {
    std::string holder;
    crypto::Bytes holder_enc_pk;
    std::uint32_t number = 0;
    crypto::Bytes encoded;
};

Status check_request_shape(const RootKeySplitRequest& request) {
    if (request.split_id.size() != crypto::kRootKeySplitIdSize) {
        return Error(ErrorCode::invalid_argument, "a split id is 16 bytes");
    }
    if (request.shares.size() < crypto::kMinRootKeyShareThreshold ||
        request.shares.size() > crypto::kMaxRootKeyShares) {
        return Error(ErrorCode::invalid_argument, "a split has 2 to 255 shares");
    }
    if (request.threshold < crypto::kMinRootKeyShareThreshold ||
        request.threshold > request.shares.size()) {
        return Error(ErrorCode::invalid_argument,
                     "the threshold must be at least 2 and at most the number of shares");
    }
    if (request.root_signature.size() != crypto::kSignatureSize) {
        return Error(ErrorCode::invalid_argument, "the root signature is 64 bytes");
    }
    return ok_status();
}

// Decodes and checks one share against the request and the caller; the share's
// recipient is checked inside the write.
Result<CheckedShare> check_share(const crypto::Bytes& encoded, const RootKeySplitRequest& request,
                                 const Caller& caller, const crypto::Bytes& root) {
    if (encoded.size() > kMaxRootKeyShareBytes) {
        return Error(ErrorCode::invalid_argument, "root key share too large");
    }
    auto share = crypto::RootKeyShare::decode(encoded);
    if (!share.ok()) {
        return Error(ErrorCode::invalid_argument, "root key share does not decode");
    }
    const auto& body = share.value().body();
    if (body.split_id != request.split_id || body.threshold != request.threshold ||
        body.share_count != request.shares.size() || body.created != request.created ||
        body.root_sign_pk != root) {
        return Error(ErrorCode::invalid_argument,
                     "the root key share for " + body.holder + " is not of this split");
    }
    if (body.splitter != caller.user || body.splitter_sign_pk != caller.sign_pk) {
        return Error(ErrorCode::invalid_argument, "root key shares must be signed by the caller");
    }
    if (!share.value().verify_signature().ok()) {
        return Error(ErrorCode::invalid_argument, "a root key share's signature does not verify");
    }
    return CheckedShare{body.holder, body.holder_enc_pk, body.number, encoded};
}

std::string split_detail(const crypto::Bytes& split_id) {
    return "split=" + crypto::to_hex(split_id);
}

// The caller's share of the current split, decoded; permission_denied when they hold none.
Result<crypto::RootKeyShare> share_of(Storage& storage, const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(const auto shares, storage.root_key_shares());
    for (const RootKeyShareRow& row : shares) {
        if (row.holder == user) {
            auto share = crypto::RootKeyShare::decode(row.share);
            if (!share.ok()) {
                return Error(ErrorCode::internal, "a stored root key share does not decode");
            }
            return share;
        }
    }
    return Error(ErrorCode::permission_denied,
                 "only a coordinator holding a share of the current split may release one");
}

}  // namespace

RootKeyRegistry::RootKeyRegistry(StorageReader& reader, GroupCommitWriter& writer,
                                 AuditTrail& audit)
    : reader_(reader), writer_(writer), audit_(audit) {}

void RootKeyRegistry::split(const Caller& caller, const RootKeySplitRequest& request, Done done) {
    if (auto allowed = require_coordinator(caller, "split the root key"); !allowed.ok()) {
        return done(allowed.error());
    }
    if (auto shaped = check_request_shape(request); !shaped.ok()) {
        return done(shaped.error());
    }
    auto root = organisation_root(reader_);
    if (!root.ok()) {
        return done(root.error());
    }
    const auto share_count = static_cast<std::uint8_t>(request.shares.size());
    // Only a holder of the root key can have signed this: a coordinator without it
    // cannot replace the shares that would let the organisation recover it.
    if (!crypto::verify_root_key_split(root.value(), request.split_id,
                                       static_cast<std::uint8_t>(request.threshold), share_count,
                                       request.created, caller.user, request.root_signature)
             .ok()) {
        return done(Error(ErrorCode::permission_denied,
                          "only a holder of the root key may split it: the split is not signed "
                          "by the organisation's root key"));
    }
    auto shares = std::make_shared<std::vector<CheckedShare>>();
    std::set<std::string> holders;
    std::set<std::uint32_t> numbers;
    for (const auto& encoded : request.shares) {
        auto share = check_share(encoded, request, caller, root.value());
        if (!share.ok()) {
            return done(share.error());
        }
        if (!holders.insert(share.value().holder).second ||
            !numbers.insert(share.value().number).second) {
            return done(
                Error(ErrorCode::invalid_argument, "one share per coordinator, each number once"));
        }
        shares->push_back(std::move(share).value());
    }
    auto write = [this, user = caller.user, sign_pk = caller.sign_pk, request,
                  shares](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        std::vector<RootKeyShareRow> rows;
        for (const CheckedShare& share : *shares) {
            WEERBAAR_TRY(check_coordinator_recipient(storage, share.holder, share.holder_enc_pk,
                                                     kShareWhat));
            rows.push_back(RootKeyShareRow{share.holder, share.number, share.encoded});
        }
        WEERBAAR_TRY(storage.replace_root_key_split(
            RootKeySplitRow{
                request.split_id, request.threshold, static_cast<std::uint32_t>(rows.size()), user,
                static_cast<std::int64_t>(request.created), request.root_signature, unix_now()},
            rows));
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::root_key_split,
                                user,
                                {},
                                {},
                                split_detail(request.split_id) +
                                    " threshold=" + std::to_string(request.threshold) +
                                    " shares=" + std::to_string(rows.size())}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), status_done(std::move(done)));
}

Result<RootKeySplitView> RootKeyRegistry::current_split(const Caller& caller) {
    WEERBAAR_TRY(require_coordinator(caller, "read the root key shares"));
    return reader_.read([&](Storage& storage) -> Result<RootKeySplitView> {
        WEERBAAR_TRY(require_active_member(storage, caller.user));
        RootKeySplitView view;
        WEERBAAR_ASSIGN_OR_RETURN(auto split, storage.root_key_split());
        if (!split.has_value()) {
            return view;
        }
        view.split_id = std::move(split->split_id);
        view.threshold = split->threshold;
        view.splitter = std::move(split->splitter);
        view.created = static_cast<std::uint64_t>(split->created);
        WEERBAAR_ASSIGN_OR_RETURN(auto shares, storage.root_key_shares());
        for (auto& share : shares) {
            view.shares.push_back(std::move(share.share));
        }
        return view;
    });
}

void RootKeyRegistry::release(const Caller& caller, const crypto::Bytes& encoded, Done done) {
    if (auto allowed = require_coordinator(caller, "release a root key share"); !allowed.ok()) {
        return done(allowed.error());
    }
    if (encoded.size() > kMaxRootKeyShareBytes) {
        return done(Error(ErrorCode::invalid_argument, "root key share release too large"));
    }
    auto decoded = crypto::RootKeyShareRelease::decode(encoded);
    if (!decoded.ok()) {
        return done(Error(ErrorCode::invalid_argument, "root key share release does not decode"));
    }
    const auto& body = decoded.value().body();
    if (body.holder != caller.user || body.holder_sign_pk != caller.sign_pk) {
        return done(Error(ErrorCode::invalid_argument,
                          "a root key share is released by its holder, the caller"));
    }
    if (!decoded.value().verify_signature().ok()) {
        return done(Error(ErrorCode::invalid_argument,
                          "the root key share release's signature does not verify"));
    }
    auto write = [this, user = caller.user, sign_pk = caller.sign_pk, encoded,
                  release = std::make_shared<crypto::RootKeyShareRelease>(
                      std::move(decoded).value())](Storage& storage) -> Result<std::uint64_t> {
        WEERBAAR_TRY(require_current_key(storage, user, sign_pk));
        WEERBAAR_ASSIGN_OR_RETURN(auto split, storage.root_key_split());
        if (!split.has_value()) {
            return no_split();
        }
        WEERBAAR_ASSIGN_OR_RETURN(const crypto::RootKeyShare share, share_of(storage, user));
        const auto& carried = release->body();
        const auto& held = share.body();
        if (carried.split_id != split->split_id || carried.split_id != held.split_id ||
            carried.number != held.number || carried.commitment != held.commitment) {
            return Error(ErrorCode::failed_precondition,
                         "the release is not of your share of the current split: read the "
                         "split again");
        }
        WEERBAAR_TRY(check_coordinator_recipient(storage, carried.recipient,
                                                 carried.recipient_enc_pk, kShareWhat));
        WEERBAAR_TRY(storage.put_root_key_release(
            split->split_id, RootKeyReleaseRow{user, carried.recipient, encoded, unix_now()}));
        WEERBAAR_TRY(audit_.append(storage, AuditEvent{crypto::AuditEvent::root_key_share_released,
                                                       user,
                                                       carried.recipient,
                                                       {},
                                                       split_detail(split->split_id)}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write), status_done(std::move(done)));
}

void RootKeyRegistry::collect(const Caller& caller, ReleasesDone done) {
    if (auto allowed = require_coordinator(caller, "recover the root key"); !allowed.ok()) {
        return done(allowed.error());
    }
    // A write may run twice (group_commit_writer.h): it fills `collected` afresh.
    auto collected = std::make_shared<std::vector<crypto::Bytes>>();
    auto write = [this, user = caller.user, collected](Storage& storage) -> Result<std::uint64_t> {
        collected->clear();
        WEERBAAR_TRY(require_active_member(storage, user));
        WEERBAAR_ASSIGN_OR_RETURN(auto split, storage.root_key_split());
        if (!split.has_value()) {
            return no_split();
        }
        WEERBAAR_ASSIGN_OR_RETURN(auto releases, storage.root_key_releases_to(user));
        if (releases.size() < split->threshold) {
            return Error(ErrorCode::failed_precondition,
                         std::to_string(releases.size()) + " of the " +
                             std::to_string(split->threshold) +
                             " shares needed have been released to you");
        }
        for (auto& release : releases) {
            collected->push_back(std::move(release.release));
        }
        WEERBAAR_TRY(audit_.append(
            storage, AuditEvent{crypto::AuditEvent::root_key_recovered,
                                user,
                                {},
                                {},
                                split_detail(split->split_id) +
                                    " releases=" + std::to_string(collected->size())}));
        return std::uint64_t{0};
    };
    writer_.submit(std::move(write),
                   [collected, done = std::move(done)](Result<std::uint64_t> result) {
                       if (!result.ok()) {
                           return done(result.error());
                       }
                       done(std::move(*collected));
                   });
}

}  // namespace weerbaar::server
