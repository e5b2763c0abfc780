#pragma once
// A logged-in session: the opened profile (settings and private keys), the channel,
// and the bearer token from challenge-response login. One per command.

#include <memory>

#include "weerbaar/client/profile.h"
#include "weerbaar/client/server_connection.h"
#include "weerbaar/crypto/keystore.h"
#include "weerbaar/v1/attachments.grpc.pb.h"
#include "weerbaar/v1/audit.grpc.pb.h"
#include "weerbaar/v1/cases.grpc.pb.h"
#include "weerbaar/v1/directory.grpc.pb.h"
#include "weerbaar/v1/notifications.grpc.pb.h"

namespace weerbaar::client {

class Session {
  public:
    // Opens the keystore with `passphrase`, connects, and logs in.
    static Result<Session> open(const Profile& profile, const crypto::SecretBuffer& passphrase);
    // The same with keys opened before (held by the unlock agent,
    // unlock_agent_client.h): no passphrase, no Argon2id. integrity_failure when they
    // belong to another user than the profile.
    static Result<Session> open_with_keys(const Profile& profile, crypto::KeystoreContents keys);

    [[nodiscard]] const ProfileSettings& settings() const { return settings_; }
    [[nodiscard]] const crypto::KeystoreContents& keys() const { return keys_; }
    [[nodiscard]] const std::string& user() const { return settings_.user; }
    [[nodiscard]] const Profile& profile() const { return profile_; }

    [[nodiscard]] v1::DirectoryService::Stub& directory() const { return *directory_; }
    [[nodiscard]] v1::CaseService::Stub& cases() const { return *cases_; }
    [[nodiscard]] v1::AuditService::Stub& audit() const { return *audit_; }
    [[nodiscard]] v1::AttachmentService::Stub& attachments() const { return *attachments_; }
    [[nodiscard]] v1::NotificationService::Stub& notifications() const { return *notifications_; }
    // Deadline and bearer token for an authenticated call.
    void prepare(grpc::ClientContext& context) const { prepare_call(context, &token_); }
    // Bearer token only: for streams that last as long as they need to (a large
    // attachment, watching for changes). The caller cancels or sets its own deadline.
    void prepare_stream(grpc::ClientContext& context) const {
        prepare_stream_call(context, token_);
    }
    // Logs in again with the keys in hand, no passphrase needed: for a command that
    // outlives its session (`watch`). Calls prepared before keep the old token.
    [[nodiscard]] Status renew_login() { return login(); }

  private:
    Session(Profile profile, ProfileSettings settings, crypto::KeystoreContents keys,
            std::shared_ptr<grpc::Channel> channel);
    [[nodiscard]] Status login();

    Profile profile_;
    ProfileSettings settings_;
    crypto::KeystoreContents keys_;
    std::shared_ptr<grpc::Channel> channel_;
    std::unique_ptr<v1::DirectoryService::Stub> directory_;
    std::unique_ptr<v1::CaseService::Stub> cases_;
    std::unique_ptr<v1::AuditService::Stub> audit_;
    std::unique_ptr<v1::AttachmentService::Stub> attachments_;
    std::unique_ptr<v1::NotificationService::Stub> notifications_;
    crypto::SecretBuffer token_;
};

}  // namespace weerbaar::client
