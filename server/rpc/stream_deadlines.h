#pragma once
// Server-side deadlines for streaming calls. gRPC gives a server no deadline of
// its own (only the client's, which a stranger leaves unset), and keepalive only
// ends connections whose peer is gone, not a live client that stops sending or
// stops reading. Such a stream holds what it holds (an open file, a share of the
// member's upload quota, a download slot, a reactor) for as long as it likes.
//
// Each streaming reactor takes a Ticket and marks when it waits on the client: a
// read it started (an upload waiting for the next chunk) or a write not yet
// taken (a download or Watch the client does not read). A sweep, run by the app
// every second, cancels (ServerContext::TryCancel) every stream that has waited
// longer than its `wait` limit or lived longer than its `lifetime`; the reactor
// then ends as for a client that cancelled. The values are in
// server/domain/server_limits.h and docs/server.md ("Connections and timeouts").

#include <grpcpp/server_context.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>

namespace weerbaar::server {

class StreamDeadlines {
  public:
    using Clock = std::chrono::steady_clock;

    struct Limits {
        Clock::duration wait;      // longest wait on the client for one read or write
        Clock::duration lifetime;  // longest life of the stream; zero: no limit
    };

  private:
    struct Entry {
        grpc::CallbackServerContext* context;
        Limits limits;
        Clock::time_point started;
        // Clock ticks since the epoch when the current wait began; 0: not waiting.
        std::atomic<Clock::rep> waiting_since{0};
        // Held while the context is used or let go. Recursive: TryCancel may run
        // gRPC's callbacks (OnCancel, OnDone, and so the ticket's release) inline on
        // the sweeping thread as it returns (ApplicationCallbackExecCtx).
        std::recursive_mutex mutex;
        bool live = true;  // false once the reactor is done with the context
        bool cancelled = false;
    };

  public:
    // One stream's registration. Thread-safe; wait_started/wait_ended are two
    // atomic stores, cheap enough for every chunk. Must be destroyed (or release()d)
    // before the reactor's OnDone returns: after that the context is gone.
    class Ticket {
      public:
        Ticket() = default;
        ~Ticket() { release(); }
        Ticket(Ticket&&) noexcept = default;
        Ticket& operator=(Ticket&& other) noexcept {
            release();
            owner_ = std::exchange(other.owner_, nullptr);
            entry_ = std::move(other.entry_);
            return *this;
        }
        Ticket(const Ticket&) = delete;
        Ticket& operator=(const Ticket&) = delete;

        // Before StartRead / StartWrite.
        void wait_started();
        // In OnReadDone / OnWriteDone.
        void wait_ended();
        // Whether the sweep cancelled this stream (the reactor may say why).
        [[nodiscard]] bool cancelled() const;
        void release();

      private:
        friend class StreamDeadlines;
        Ticket(StreamDeadlines* owner, std::shared_ptr<Entry> entry)
            : owner_(owner), entry_(std::move(entry)) {}
        StreamDeadlines* owner_ = nullptr;
        std::shared_ptr<Entry> entry_;
    };

    StreamDeadlines() = default;
    StreamDeadlines(const StreamDeadlines&) = delete;
    StreamDeadlines& operator=(const StreamDeadlines&) = delete;

    // Registers the stream of `context` (not owned; valid until the ticket goes).
    [[nodiscard]] Ticket watch(grpc::CallbackServerContext* context, Limits limits);
    // Cancels every stream past a limit at `now`; returns how many it cancelled.
    // Thread-safe; never called from a reactor.
    std::size_t sweep(Clock::time_point now = Clock::now());
    // Streams registered now (for tests and status).
    [[nodiscard]] std::size_t size();

  private:
    void forget(const std::shared_ptr<Entry>& entry);

    std::mutex mutex_;
    std::list<std::shared_ptr<Entry>> entries_;
};

}  // namespace weerbaar::server
