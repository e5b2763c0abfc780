#include "weerbaar/client/unlock_agent_client.h"

#include "weerbaar/client/unlock_agent_protocol.h"

namespace weerbaar::client {
namespace {

constexpr std::string_view kDigestDomain = "weerbaar unlock agent keystore digest v1";

// One request, one reply. Nothing when no agent listens.
Result<std::optional<AgentReply>> exchange(const AgentLocation& location,
                                           const AgentRequest& request) {
    WEERBAAR_ASSIGN_OR_RETURN(std::optional<FileDescriptor> connection, connect_to_agent(location));
    if (!connection) {
        return std::optional<AgentReply>();
    }
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer frame, encode_agent_request(request));
    WEERBAAR_TRY(send_agent_frame(connection->get(), frame));
    WEERBAAR_ASSIGN_OR_RETURN(const crypto::SecretBuffer body,
                              receive_agent_frame(connection->get()));
    WEERBAAR_ASSIGN_OR_RETURN(AgentReply reply, decode_agent_reply(body.expose_secret()));
    return std::optional<AgentReply>(std::move(reply));
}

}  // namespace

crypto::Bytes keystore_digest(crypto::ByteView sealed_keystore) {
    return crypto::hash(kDigestDomain, sealed_keystore, kKeystoreDigestSize);
}

Result<std::optional<std::chrono::seconds>> hand_keys_to_agent(
    const AgentLocation& location, const crypto::KeystoreContents& contents,
    crypto::ByteView digest, std::chrono::seconds duration) {
    AgentRequest request;
    request.kind = AgentRequestKind::unlock;
    request.duration = duration;
    request.keystore_digest.assign(digest.begin(), digest.end());
    request.contents = crypto::encode_keystore_contents(contents);
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<AgentReply> reply, exchange(location, request));
    if (!reply) {
        return std::optional<std::chrono::seconds>();
    }
    if (reply->kind != AgentReplyKind::done) {
        return Error(ErrorCode::failed_precondition,
                     "de ontgrendelagent weigerde de sleutels / the unlock agent refused the keys");
    }
    return std::optional<std::chrono::seconds>(reply->remaining);
}

std::optional<crypto::KeystoreContents> keys_from_agent(const Profile& profile) {
    const auto location = agent_location(profile.directory());
    if (!location.ok()) {
        return std::nullopt;
    }
    AgentRequest request;
    request.kind = AgentRequestKind::keys;
    const auto reply = exchange(location.value(), request);
    if (!reply.ok() || !reply.value() || reply.value()->kind != AgentReplyKind::keys) {
        return std::nullopt;
    }
    const auto sealed = profile.read_keystore();
    if (!sealed.ok() || !crypto::equal_constant_time(keystore_digest(sealed.value()),
                                                     reply.value()->keystore_digest)) {
        // Keys of a keystore this profile no longer holds are of no use to anyone.
        (void)lock_agent(profile.directory());
        return std::nullopt;
    }
    auto contents = crypto::decode_keystore_contents(reply.value()->contents.expose_secret());
    if (!contents.ok()) {
        return std::nullopt;
    }
    return std::move(contents).value();
}

Result<bool> lock_agent(const std::filesystem::path& profile_directory) {
    WEERBAAR_ASSIGN_OR_RETURN(const AgentLocation location, agent_location(profile_directory));
    AgentRequest request;
    request.kind = AgentRequestKind::lock;
    WEERBAAR_ASSIGN_OR_RETURN(const std::optional<AgentReply> reply, exchange(location, request));
    if (!reply) {
        return false;
    }
    if (reply->kind != AgentReplyKind::done) {
        return Error(ErrorCode::failed_precondition,
                     "de ontgrendelagent weigerde te vergrendelen / the unlock agent refused to "
                     "lock");
    }
    return true;
}

}  // namespace weerbaar::client
