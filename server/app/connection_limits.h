#pragma once
// How long and how many: the gRPC transport settings that keep a stranger from
// hoarding connections, streams or descriptors. Every value is in docs/server.md
// ("Connections and timeouts") with its reason; change both together.

#include <chrono>

namespace weerbaar::server {

// A TCP connection must finish its TLS handshake within this, or it is closed:
// a connection that never says anything holds a descriptor only this long.
inline constexpr std::chrono::seconds kHandshakeTimeout{10};
// A connection with no call for this long is closed (HTTP/2 GOAWAY); gRPC clients
// reconnect by themselves on their next call.
inline constexpr std::chrono::seconds kMaxConnectionIdle{60};
// The server pings a connection that has been quiet this long and closes it when
// no answer comes within kKeepaliveTimeout: a Watch or transfer whose client
// vanished (laptop lid closed, network gone) ends instead of waiting for ever.
inline constexpr std::chrono::seconds kKeepaliveTime{60};
inline constexpr std::chrono::seconds kKeepaliveTimeout{20};
// Clients may ping no more often than this without data; the second ping too
// early closes the connection (keepalive enforcement).
inline constexpr std::chrono::seconds kMinClientPingInterval{30};
inline constexpr int kMaxPingStrikes = 2;
// Calls in progress on one connection.
inline constexpr int kMaxConcurrentStreamsPerConnection = 64;

// The listener check: a fresh TLS connection to the server's own port every
// kListenerCheckInterval. After kListenerCheckFailures failures in a row (each
// waiting up to kListenerCheckTimeout) the listener is taken for lost (gRPC 1.51
// stops accepting for good once accept() fails with EMFILE) and the process exits
// with status 1, so that its supervisor (systemd Restart=on-failure) restarts it.
inline constexpr std::chrono::seconds kListenerCheckInterval{5};

// How often stalled streams are looked for (stream_deadlines.h): a stream ends at
// most this long after its limit. A sweep takes a lock and reads two clocks per
// open stream.
inline constexpr std::chrono::seconds kStreamDeadlineSweepInterval{1};
inline constexpr std::chrono::seconds kListenerCheckTimeout{5};
inline constexpr int kListenerCheckFailures = 3;

// How often the calls of the last interval are logged as one summary line
// (call_statistics.h), in place of a line per call.
inline constexpr std::chrono::seconds kCallSummaryInterval{60};

// How often the running server rewrites DIR/status (server_status.h): what
// `weerbaar-server status` shows is at most this old.
inline constexpr std::chrono::seconds kStatusInterval{60};

}  // namespace weerbaar::server
