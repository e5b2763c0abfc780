#pragma once
// The core's only way to the server. Private to client/core (this header is not
// installed with the public ones): front ends call the core's functions, which
// verify what the server sends, and never a stub. Tests that must act as a hostile
// client use the test-only library (client/core/testing).
//
// Every unary call goes through unary(), the one place where a call gets its
// deadline and bearer token and where a session that ended is renewed: the call is
// retried once with the new token. Retrying is safe for every call, writes
// included, because the server checks the token before it does anything
// (server/src/authenticator.cpp), so a refused call changed nothing.
//
// Thread-safe: see session.h.

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <memory>

#include "weerbaar/client/session.h"
#include "weerbaar/v1/attachments.grpc.pb.h"
#include "weerbaar/v1/audit.grpc.pb.h"
#include "weerbaar/v1/cases.grpc.pb.h"
#include "weerbaar/v1/directory.grpc.pb.h"
#include "weerbaar/v1/notifications.grpc.pb.h"
#include "weerbaar/v1/research.grpc.pb.h"
#include "weerbaar/v1/root_key.grpc.pb.h"

namespace weerbaar::client {

// gRPC stubs are thread-safe; these are made once per session and never replaced.
struct SessionStubs {
    std::unique_ptr<v1::DirectoryService::Stub> directory;
    std::unique_ptr<v1::CaseService::Stub> cases;
    std::unique_ptr<v1::AuditService::Stub> audit;
    std::unique_ptr<v1::AttachmentService::Stub> attachments;
    std::unique_ptr<v1::NotificationService::Stub> notifications;
    std::unique_ptr<v1::ResearchService::Stub> research;
    std::unique_ptr<v1::RootKeyService::Stub> root_key;
};

// A bearer token as one call used it; shared so that a renewal never frees the
// bytes a running call still reads.
using SessionToken = std::shared_ptr<const crypto::SecretBuffer>;

class SessionRpc {
  public:
    using UnaryCall = std::function<grpc::Status(const SessionStubs&, grpc::ClientContext&)>;

    // Runs `call` with a fresh context (deadline kCallDeadline, the current token).
    // On UNAUTHENTICATED it renews the login and runs `call` once more with a fresh
    // context; when the renewal itself fails, the first refusal is returned.
    [[nodiscard]] static grpc::Status unary(const Session& session, const UnaryCall& call);

    // For long streams (an attachment, a watch): the current token and no deadline.
    // Returns the token used, for renew().
    [[nodiscard]] static SessionToken prepare_stream(const Session& session,
                                                     grpc::ClientContext& context);

    // Logs in again, unless the token in use is no longer `refused` (another thread
    // renewed it meanwhile). One login at a time per session.
    [[nodiscard]] static Status renew(const Session& session, const SessionToken& refused);

    [[nodiscard]] static const SessionStubs& stubs(const Session& session);

    // The token now in use (for a test that replaces it: client/core/testing).
    [[nodiscard]] static SessionToken current_token(const Session& session);
    static void replace_token(const Session& session, crypto::SecretBuffer token);
};

// One unary call through SessionRpc::unary, e.g.
//   call_server(session, &SessionStubs::cases, &v1::CaseService::Stub::GetCase, request, &response)
template <typename Stub, typename Request, typename Response>
[[nodiscard]] grpc::Status call_server(const Session& session,
                                       std::unique_ptr<Stub> SessionStubs::*stub,
                                       grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                    const Request&, Response*),
                                       const Request& request, Response* response) {
    return SessionRpc::unary(session, [&](const SessionStubs& stubs, grpc::ClientContext& context) {
        return ((*(stubs.*stub)).*method)(&context, request, response);
    });
}

}  // namespace weerbaar::client
