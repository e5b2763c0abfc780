#pragma once
// NotificationService.Watch: a server stream of case ids and sequences (never more)
// for the caller's cases: first the current head of each, read from the database
// kWatchHeadsPerRead at a time as the stream drains, then every committed change
// as NotificationHub hands it over. One WatchReactor per call.
//
// Deliveries run on one thread of the service's own, not on the writer thread
// that publishes: before each delivery the caller's session is checked again (a
// read), and every kSessionCheckInterval idle watches are checked too, so a watch
// ends soon after its session expires or its member is revoked. A stream ends with
//   CANCELLED          the client cancelled,
//   UNAVAILABLE        the server is stopping (NotificationHub::close),
//   UNAUTHENTICATED    the session expired or was ended; log in and watch again,
//   PERMISSION_DENIED  the member was revoked,
//   RESOURCE_EXHAUSTED the client fell too far behind (kMaxPendingCases); watch again.

#include <chrono>
#include <memory>

#include "authenticator.h"
#include "case_registry.h"
#include "notification_hub.h"
#include "server_limits.h"
#include "stream_deadlines.h"
#include "weerbaar/v1/notifications.grpc.pb.h"

namespace weerbaar::server {

inline constexpr std::chrono::seconds kSessionCheckInterval{30};

class WatchDeliveries;

class NotificationService final : public v1::NotificationService::CallbackService {
  public:
    // Every Watch is registered with `deadlines` under `limits` (a write the client
    // does not take within limits.wait ends the stream; the session check bounds
    // its life, so limits.lifetime is usually zero).
    NotificationService(Authenticator& authenticator, CaseRegistry& registry, NotificationHub& hub,
                        StreamDeadlines& deadlines, StreamDeadlines::Limits limits,
                        std::chrono::milliseconds session_check_interval = kSessionCheckInterval,
                        std::size_t heads_per_read = kWatchHeadsPerRead);
    // Stops the delivery thread; the gRPC server must have shut down before.
    ~NotificationService() override;
    NotificationService(const NotificationService&) = delete;
    NotificationService& operator=(const NotificationService&) = delete;

    grpc::ServerWriteReactor<v1::CaseChange>* Watch(grpc::CallbackServerContext* context,
                                                    const v1::WatchRequest* request) override;

  private:
    Authenticator& authenticator_;
    CaseRegistry& registry_;
    NotificationHub& hub_;
    StreamDeadlines& deadlines_;
    const StreamDeadlines::Limits limits_;
    const std::size_t heads_per_read_;
    std::unique_ptr<WatchDeliveries> deliveries_;
};

}  // namespace weerbaar::server
