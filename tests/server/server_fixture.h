#pragma once
// The server in-process, over TLS with the pinned certificate, with members who
// hold real keys: what the service tests drive through the generated stubs.

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <string>

#include "server_instance.h"
#include "temporary_directory.h"
#include "tls_identity.h"
#include "weerbaar/crypto/audit.h"
#include "weerbaar/crypto/case_key.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/proof_of_possession.h"
#include "weerbaar/crypto/record.h"
#include "weerbaar/crypto/revocation.h"
#include "weerbaar/v1/attachments.grpc.pb.h"
#include "weerbaar/v1/audit.grpc.pb.h"
#include "weerbaar/v1/auth.grpc.pb.h"
#include "weerbaar/v1/cases.grpc.pb.h"
#include "weerbaar/v1/directory.grpc.pb.h"
#include "weerbaar/v1/notifications.grpc.pb.h"
#include "weerbaar/v1/research.grpc.pb.h"
#include "weerbaar/v1/root_key.grpc.pb.h"

namespace weerbaar::server::test {

using crypto::Bytes;

inline std::string as_string(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

inline std::uint64_t unix_seconds() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
}

// The bytes of a message as gRPC hands them over, for the generic stub's calls.
inline std::string bytes_of(grpc::ByteBuffer& buffer) {
    std::vector<grpc::Slice> slices;
    std::string bytes;
    if (!buffer.Dump(&slices).ok()) {
        return bytes;
    }
    for (const auto& slice : slices) {
        bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
    }
    return bytes;
}

// A message's bytes as one slice, for the generic stub's calls.
inline grpc::ByteBuffer buffer_of(const std::string& bytes) {
    grpc::Slice slice(bytes);
    return grpc::ByteBuffer(&slice, 1);
}

// Shuts `queue` down and takes every event left in it, which gRPC requires before a
// completion queue is destroyed.
inline void drain(grpc::CompletionQueue& queue) {
    queue.Shutdown();
    void* tag = nullptr;
    bool ok = false;
    while (queue.Next(&tag, &ok)) {
    }
}

struct Person {
    std::string user;
    crypto::Identity identity;
    Bytes certificate;
    std::string token;
};

// A base, so that libsodium is ready before any member makes a key.
struct CryptoInitialised {
    CryptoInitialised() { REQUIRE(crypto::initialise().ok()); }
};

class ServerFixture : CryptoInitialised {
  public:
    // `watch_session_check`: how often idle Watch streams check their session;
    // `pages`: SyncCases and Watch page sizes (tests of paging shrink them).
    // `stream_wait_limit`: how long a stream may wait on its client (tests of the
    // stream deadlines shorten it).
    explicit ServerFixture(std::chrono::milliseconds watch_session_check = kSessionCheckInterval,
                           PageLimits pages = {},
                           std::chrono::milliseconds stream_wait_limit = kStreamWaitLimit)
        : root_(crypto::SigningKeyPair::generate()),
          watch_session_check_(watch_session_check),
          pages_(pages),
          stream_wait_limit_(stream_wait_limit) {
        start();
    }

    // Stops the server and starts it again on the same data directory.
    void restart() {
        auth.reset();
        directory.reset();
        cases.reset();
        audit.reset();
        attachments.reset();
        notifications.reset();
        research.reset();
        root_keys.reset();
        channel_.reset();
        server_.reset();
        start();
    }

    void start() {
        ServerOptions options;
        options.data_directory = data_directory();
        options.listen = "127.0.0.1:0";
        options.watch_session_check = watch_session_check_;
        options.stream_wait_limit = stream_wait_limit_;
        options.pages = pages_;
        options.privacy_budget_millis = privacy_budget_millis;
        options.member_quota_mib = member_quota_mib;
        options.free_space_reserve_mib = free_space_reserve_mib;
        auto started = ServerInstance::start(options);
        REQUIRE(started.ok());
        server_ = std::move(started).value();

        grpc::SslCredentialsOptions tls;
        tls.pem_root_certs = server_->certificate_pem();
        grpc::ChannelArguments arguments;
        arguments.SetSslTargetNameOverride(kTlsServerName);
        arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
        arguments.SetMaxSendMessageSize(64 * 1024 * 1024);
        channel_ = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(server_->report().port),
                                             grpc::SslCredentials(tls), arguments);
        auth = v1::AuthService::NewStub(channel_);
        directory = v1::DirectoryService::NewStub(channel_);
        cases = v1::CaseService::NewStub(channel_);
        audit = v1::AuditService::NewStub(channel_);
        attachments = v1::AttachmentService::NewStub(channel_);
        notifications = v1::NotificationService::NewStub(channel_);
        research = v1::ResearchService::NewStub(channel_);
        root_keys = v1::RootKeyService::NewStub(channel_);
    }

    [[nodiscard]] const std::filesystem::path data_directory() const {
        return data_directory_override.empty() ? dir_.path() / "var" : data_directory_override;
    }
    // Another data directory for the next start() (a restored one); empty: the fixture's own.
    std::filesystem::path data_directory_override;
    [[nodiscard]] const StartupReport& report() const { return server_->report(); }
    [[nodiscard]] ServerInstance& instance() { return *server_; }
    // For calls past the generated stubs (raw bytes through grpc::GenericStub).
    [[nodiscard]] const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

    grpc::Status create_organisation(const std::string& code, Person& founder) {
        founder.certificate = issue(founder, crypto::Role::coordinator, nullptr);
        v1::CreateOrganisationRequest request;
        request.set_bootstrap_code(code);
        request.set_root_sign_pk(as_string(root_.public_key()));
        request.set_coordinator_certificate(as_string(founder.certificate));
        v1::CreateOrganisationResponse response;
        grpc::ClientContext context;
        return directory->CreateOrganisation(&context, request, &response);
    }

    // A certificate for `person`, issued by the root (issuer null) or by `issuer`.
    Bytes issue(const Person& person, crypto::Role role, const Person* issuer) {
        crypto::CertificateBody body;
        body.user = person.user;
        body.role = role;
        body.sign_pk = person.identity.signing.public_key();
        body.enc_pk = person.identity.encryption.public_key();
        body.issued = unix_seconds();
        body.issuer = issuer == nullptr ? std::string(crypto::kRootIssuer) : issuer->user;
        const auto& key = issuer == nullptr ? root_ : issuer->identity.signing;
        body.issuer_sign_pk = key.public_key();
        auto certificate = crypto::Certificate::issue(body, key);
        REQUIRE(certificate.ok());
        return certificate.value().encode();
    }

    grpc::Status request_enrolment(const Person& person, Bytes signature) {
        return request_enrolment_as(person.user, person, std::move(signature));
    }

    // A request under `user` with the keys of `holder`: a stranger asking under
    // someone else's name, or someone trying a member's keys.
    grpc::Status request_enrolment_as(const std::string& user, const Person& holder,
                                      Bytes signature) {
        const Person& person = holder;
        v1::EnrolmentRequest request;
        request.set_user(user);
        request.set_sign_pk(as_string(person.identity.signing.public_key()));
        request.set_enc_pk(as_string(person.identity.encryption.public_key()));
        request.set_signature(as_string(signature));
        v1::EnrolmentResponse response;
        grpc::ClientContext context;
        return directory->RequestEnrolment(&context, request, &response);
    }

    grpc::Status approve(const Person& approver, const Bytes& certificate) {
        v1::ApproveMemberRequest request;
        request.set_certificate(as_string(certificate));
        v1::ApproveMemberResponse response;
        grpc::ClientContext context;
        authorise(context, approver);
        return directory->ApproveMember(&context, request, &response);
    }

    // Enrols `person`, has `approver` approve them, and logs them in. A coordinator's
    // certificate is issued by the root key, everyone else's by the approver.
    void enrol(Person& person, crypto::Role role, const Person& approver) {
        REQUIRE(
            request_enrolment(person, crypto::sign_enrolment(person.identity, person.user)).ok());
        person.certificate =
            issue(person, role, role == crypto::Role::coordinator ? nullptr : &approver);
        v1::ApproveMemberRequest request;
        request.set_certificate(as_string(person.certificate));
        v1::ApproveMemberResponse response;
        grpc::ClientContext context;
        authorise(context, approver);
        const auto status = directory->ApproveMember(&context, request, &response);
        INFO(status.error_message());
        REQUIRE(status.ok());
        login(person);
    }

    void login(Person& person) {
        v1::GetChallengeRequest challenge_request;
        challenge_request.set_user(person.user);
        v1::GetChallengeResponse challenge;
        grpc::ClientContext challenge_context;
        REQUIRE(auth->GetChallenge(&challenge_context, challenge_request, &challenge).ok());
        const Bytes challenge_bytes(challenge.challenge().begin(), challenge.challenge().end());
        v1::LoginRequest request;
        request.set_user(person.user);
        request.set_challenge(challenge.challenge());
        request.set_signature(
            as_string(crypto::sign_login(person.identity.signing, person.user, challenge_bytes)));
        v1::LoginResponse response;
        grpc::ClientContext context;
        const auto status = auth->Login(&context, request, &response);
        INFO(status.error_message());
        REQUIRE(status.ok());
        person.token = response.token();
    }

    static void authorise(grpc::ClientContext& context, const Person& person) {
        context.AddMetadata("authorization", "Bearer " + person.token);
    }

    // Bootstraps an organisation with a coordinator, a confidant, a peer and a researcher.
    void populate() {
        REQUIRE(report().bootstrap_code.has_value());
        REQUIRE(create_organisation(*report().bootstrap_code, coordinator).ok());
        login(coordinator);
        enrol(confidant, crypto::Role::confidant, coordinator);
        enrol(peer, crypto::Role::peer, coordinator);
        enrol(researcher, crypto::Role::researcher, coordinator);
    }

    // As a client seals a record: naming the newest record of the case this fixture
    // stored, if any.
    Bytes seal(const Person& author, const Bytes& id, const crypto::CaseKey& key,
               std::uint32_t epoch, const std::string& text) {
        std::vector<Bytes> seen;
        if (const auto newest = newest_record_.find(id); newest != newest_record_.end()) {
            seen.push_back(newest->second);
        }
        return seal_naming(author, id, key, epoch, text, std::move(seen));
    }

    Bytes seal_naming(const Person& author, const Bytes& id, const crypto::CaseKey& key,
                      std::uint32_t epoch, const std::string& text, std::vector<Bytes> seen) {
        crypto::RecordHeader header;
        header.case_id = id;
        header.record_id = crypto::random_bytes(crypto::kRecordIdSize);
        header.epoch = epoch;
        header.author = author.user;
        header.created = unix_seconds();
        header.seen_hashes = std::move(seen);
        auto record = crypto::SealedRecord::seal(header, crypto::as_bytes(text), key,
                                                 author.identity.signing);
        REQUIRE(record.ok());
        return record.value().encode();
    }

    // The record hash of the newest record this fixture stored in the case, which
    // the next record names as seen (the server refuses one that names nothing).
    [[nodiscard]] Bytes newest_record(const Bytes& id) const {
        const auto newest = newest_record_.find(id);
        REQUIRE(newest != newest_record_.end());
        return newest->second;
    }
    // For records a test stores by other routes than create_case() and append().
    void remember_newest_record(const Bytes& id, const Bytes& encoded) {
        newest_record_[id] = crypto::record_hash(encoded);
    }

    Bytes wrap(const Bytes& id, std::uint32_t epoch, const Person& recipient,
               const crypto::CaseKey& key, const Person& granter) {
        auto wrapped = crypto::KeyWrap::create(id, epoch, recipient.user,
                                               recipient.identity.encryption.public_key(), key,
                                               granter.user, granter.identity.signing);
        REQUIRE(wrapped.ok());
        return wrapped.value().encode();
    }

    // A fresh case id for `creator` to open (crypto::derive_case_id); create_case()
    // sends the nonce it was made with.
    Bytes case_id_for(const Person& creator) {
        const Bytes nonce = crypto::random_bytes(crypto::kCaseIdNonceSize);
        Bytes id = crypto::derive_case_id(creator.identity.signing.public_key(), nonce);
        case_id_nonces_[id] = nonce;
        return id;
    }
    // The nonce case_id_for() made `id` with; empty for an id it did not make.
    [[nodiscard]] Bytes case_id_nonce(const Bytes& id) const {
        const auto found = case_id_nonces_.find(id);
        return found == case_id_nonces_.end() ? Bytes{} : found->second;
    }

    grpc::Status create_case(const Person& creator, const Bytes& id, const crypto::CaseKey& key) {
        v1::CreateCaseRequest request;
        request.set_case_id(as_string(id));
        request.set_case_id_nonce(as_string(case_id_nonce(id)));
        request.set_creator_wrap(as_string(wrap(id, 1, creator, key, creator)));
        const Bytes first = seal_naming(creator, id, key, 1, "intake", {});
        request.set_first_record(as_string(first));
        v1::CreateCaseResponse response;
        grpc::ClientContext context;
        authorise(context, creator);
        const grpc::Status status = cases->CreateCase(&context, request, &response);
        if (status.ok()) {
            remember_newest_record(id, first);
        }
        return status;
    }

    // The usual starting point: the confidant opens a case (epoch 1) and shares it
    // with the peer. Returns the case id.
    Bytes case_shared_with_peer(const crypto::CaseKey& key) {
        Bytes id = case_id_for(confidant);
        REQUIRE(create_case(confidant, id, key).ok());
        REQUIRE(share(confidant, id, wrap(id, 1, peer, key, confidant)).ok());
        return id;
    }

    grpc::Status append(const Person& author, const Bytes& id, const std::string& record) {
        v1::AppendRecordRequest request;
        request.set_case_id(as_string(id));
        request.set_record(record);
        v1::AppendRecordResponse response;
        grpc::ClientContext context;
        authorise(context, author);
        const grpc::Status status = cases->AppendRecord(&context, request, &response);
        if (status.ok()) {
            remember_newest_record(id, Bytes(record.begin(), record.end()));
        }
        return status;
    }

    grpc::Status share(const Person& granter, const Bytes& id, const Bytes& wrapped) {
        v1::ShareCaseRequest request;
        request.set_case_id(as_string(id));
        request.set_wrap(as_string(wrapped));
        v1::ShareCaseResponse response;
        grpc::ClientContext context;
        authorise(context, granter);
        return cases->ShareCase(&context, request, &response);
    }

    grpc::Status get_case(const Person& caller, const Bytes& id, v1::GetCaseResponse& response) {
        v1::GetCaseRequest request;
        request.set_case_id(as_string(id));
        grpc::ClientContext context;
        authorise(context, caller);
        return cases->GetCase(&context, request, &response);
    }

    // A revocation of `revoked`'s certificate in `revoker`'s name, signed with `key`
    // (which is not `revoker`'s own key in tests of forgeries).
    static Bytes revocation(const Person& revoked, const Person& revoker,
                            const crypto::SigningKeyPair& key) {
        auto certificate = crypto::Certificate::decode(revoked.certificate);
        REQUIRE(certificate.ok());
        crypto::RevocationBody body;
        body.user = revoked.user;
        body.certificate_hash = certificate.value().hash();
        body.revoked_at = unix_seconds();
        body.revoker = revoker.user;
        body.revoker_sign_pk = key.public_key();
        auto issued = crypto::Revocation::issue(body, key);
        REQUIRE(issued.ok());
        return issued.value().encode();
    }

    grpc::Status revoke(const Person& revoker, const Bytes& revocation,
                        v1::RevokeMemberResponse* response = nullptr) {
        v1::RevokeMemberRequest request;
        request.set_revocation(as_string(revocation));
        v1::RevokeMemberResponse ignored;
        grpc::ClientContext context;
        authorise(context, revoker);
        return directory->RevokeMember(&context, request, response ? response : &ignored);
    }

    grpc::Status rotate(const Person& caller, const Bytes& id, std::uint32_t new_epoch,
                        const std::vector<Bytes>& wraps) {
        v1::RotateCaseKeyRequest request;
        request.set_case_id(as_string(id));
        request.set_new_epoch(new_epoch);
        for (const auto& one : wraps) {
            request.add_wraps(as_string(one));
        }
        v1::RotateCaseKeyResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        return cases->RotateCaseKey(&context, request, &response);
    }

    grpc::Status unshare(const Person& caller, const Bytes& id, const std::string& user,
                         std::uint32_t new_epoch, const std::vector<Bytes>& wraps) {
        v1::UnshareCaseRequest request;
        request.set_case_id(as_string(id));
        request.set_user(user);
        request.set_new_epoch(new_epoch);
        for (const auto& one : wraps) {
            request.add_wraps(as_string(one));
        }
        v1::UnshareCaseResponse response;
        grpc::ClientContext context;
        authorise(context, caller);
        return cases->UnshareCase(&context, request, &response);
    }

    grpc::Status share_with_history(const Person& granter, const Bytes& id, const Bytes& wrapped,
                                    const std::vector<Bytes>& history) {
        v1::ShareCaseRequest request;
        request.set_case_id(as_string(id));
        request.set_wrap(as_string(wrapped));
        for (const auto& one : history) {
            request.add_history_wraps(as_string(one));
        }
        v1::ShareCaseResponse response;
        grpc::ClientContext context;
        authorise(context, granter);
        return cases->ShareCase(&context, request, &response);
    }

    grpc::Status audit_log(const Person& caller, std::uint64_t after,
                           v1::GetAuditLogResponse& response) {
        v1::GetAuditLogRequest request;
        request.set_after_sequence(after);
        grpc::ClientContext context;
        authorise(context, caller);
        return audit->GetAuditLog(&context, request, &response);
    }

    // The entries of `event` the audit log holds, as the coordinator reads it (all pages).
    std::vector<crypto::AuditEntryBody> audit_entries(crypto::AuditEvent event) {
        std::vector<crypto::AuditEntryBody> found;
        std::uint64_t after = 0;
        for (;;) {
            v1::GetAuditLogResponse page;
            REQUIRE(audit_log(coordinator, after, page).ok());
            for (const auto& one : page.entries()) {
                auto entry = crypto::AuditEntry::decode(Bytes(one.begin(), one.end()));
                REQUIRE(entry.ok());
                after = entry.value().body().sequence;
                if (entry.value().body().event == event) {
                    found.push_back(entry.value().body());
                }
            }
            if (!page.more()) {
                return found;
            }
        }
    }

    // How many entries of `event` the audit log holds.
    std::size_t audited(crypto::AuditEvent event) { return audit_entries(event).size(); }

    grpc::Status case_access_log(const Person& caller, const Bytes& id,
                                 v1::GetCaseAccessLogResponse& response) {
        v1::GetCaseAccessLogRequest request;
        request.set_case_id(as_string(id));
        grpc::ClientContext context;
        authorise(context, caller);
        return audit->GetCaseAccessLog(&context, request, &response);
    }

    grpc::Status list_cases(const Person& caller, v1::ListCasesResponse& response) {
        grpc::ClientContext context;
        authorise(context, caller);
        return cases->ListCases(&context, {}, &response);
    }

    // The standard grpc.health.v1 check, spoken through the generic stub:
    // HealthCheckRequest { service = field 1 }, where "" asks about the whole server.
    // The call's status and, when it is OK, the answer's serving status (field 1:
    // 1 SERVING, 2 NOT_SERVING).
    std::pair<grpc::StatusCode, int> health(const std::string& service = "") {
        grpc::GenericStub stub(channel_);
        const std::string encoded =
            service.empty() ? std::string()
                            : std::string("\x0a") + static_cast<char>(service.size()) + service;
        grpc::Slice slice(encoded);
        grpc::ByteBuffer request(&slice, 1);
        grpc::ByteBuffer response;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        std::promise<grpc::Status> status;
        stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request,
                       &response, [&](grpc::Status s) { status.set_value(std::move(s)); });
        const grpc::Status got = status.get_future().get();
        if (!got.ok()) {
            return {got.error_code(), 0};
        }
        const std::string bytes = bytes_of(response);
        return {grpc::StatusCode::OK,
                bytes.size() == 2 && bytes[0] == '\x08' ? static_cast<int>(bytes[1]) : -1};
    }

    bool serving(const std::string& service = "") {
        return health(service) == std::pair{grpc::StatusCode::OK, 1};
    }

    // Asks the reflection service (grpc.reflection.v1alpha, a bidirectional
    // stream) to list the services; returns the raw response bytes, in which the
    // service names stand as strings.
    std::string reflected_services() {
        grpc::GenericStub stub(channel_);
        grpc::CompletionQueue queue;
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        auto call = stub.PrepareCall(
            &context, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
        const auto step = [&queue](int* tag) {
            void* got = nullptr;
            bool ok = false;
            REQUIRE(queue.Next(&got, &ok));
            REQUIRE(got == tag);
            return ok;
        };
        int start = 0, write = 0, read = 0, done = 0, finish = 0;
        call->StartCall(&start);
        REQUIRE(step(&start));
        // ServerReflectionRequest { list_services = "*" }: field 7, length-delimited.
        call->Write(buffer_of(std::string("\x3a\x01*", 3)), &write);
        REQUIRE(step(&write));
        grpc::ByteBuffer response;
        call->Read(&response, &read);
        const bool answered = step(&read);
        call->WritesDone(&done);
        step(&done);
        grpc::Status status;
        call->Finish(&status, &finish);
        step(&finish);
        drain(queue);
        REQUIRE(answered);
        REQUIRE(status.ok());
        return bytes_of(response);
    }

    Person coordinator{"coordinator", crypto::Identity::generate(), {}, {}};
    Person confidant{"confidant", crypto::Identity::generate(), {}, {}};
    Person peer{"peer", crypto::Identity::generate(), {}, {}};
    Person researcher{"researcher", crypto::Identity::generate(), {}, {}};
    std::unique_ptr<v1::AuthService::Stub> auth;
    std::unique_ptr<v1::DirectoryService::Stub> directory;
    std::unique_ptr<v1::CaseService::Stub> cases;
    std::unique_ptr<v1::AuditService::Stub> audit;
    std::unique_ptr<v1::AttachmentService::Stub> attachments;
    std::unique_ptr<v1::NotificationService::Stub> notifications;
    std::unique_ptr<v1::ResearchService::Stub> research;
    std::unique_ptr<v1::RootKeyService::Stub> root_keys;
    // --privacy-budget as the next start() uses it.
    std::uint32_t privacy_budget_millis = kDefaultPrivacyBudgetMillis;
    // The storage limits as the next start() uses them. No reserve by default: the
    // service tests must not depend on the free space of the machine they run on.
    std::uint64_t member_quota_mib = kDefaultMemberQuotaMib;
    std::uint64_t free_space_reserve_mib = 0;

    [[nodiscard]] const crypto::SigningKeyPair& root_key() const { return root_; }

  private:
    TemporaryDirectory dir_;
    crypto::SigningKeyPair root_;
    std::chrono::milliseconds watch_session_check_;
    PageLimits pages_;
    std::chrono::milliseconds stream_wait_limit_;
    std::unique_ptr<ServerInstance> server_;
    std::shared_ptr<grpc::Channel> channel_;
    std::map<Bytes, Bytes> case_id_nonces_;
    std::map<Bytes, Bytes> newest_record_;  // case id -> record hash
};

}  // namespace weerbaar::server::test
