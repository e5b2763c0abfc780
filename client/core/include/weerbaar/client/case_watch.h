#pragma once
// Following changes as they happen. The server's Watch stream says only which case
// moved to which sequence; for each case whose sequence is newer than the head this
// client holds (trust.json), only what is newer is fetched and verified
// (read_case_after: keys from the signed grants, the records chained onto the held
// head), or the whole case when no head is held yet or the newer records cannot be
// placed on their own (open_case). The caller gets one event per new record. The
// content is decrypted to be verified and dropped with the case right after: an
// event carries no content.
//
// trust.json is read again before every sync, so a watch running for hours neither
// works from nor writes back a memory that other commands of the profile have
// updated meanwhile. A session that ends (after 15 minutes) is renewed, and the
// watch resumes from the server's heads, so nothing committed in between is missed.

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "weerbaar/client/session.h"

namespace grpc {
class ClientContext;
}

namespace weerbaar::client {

struct RecordEvent {
    crypto::Bytes case_id;
    std::uint64_t sequence = 0;
    std::string author;
    std::string kind;   // record_kind(): intake, note, counselling, ...
    std::string label;  // record_kind_label(): the Dutch word for the kind
};

// Returns false to stop watching.
using RecordEventHandler = std::function<bool(const RecordEvent&)>;

class CaseWatch {
  public:
    explicit CaseWatch(const Session& session) : session_(session) {}
    CaseWatch(const CaseWatch&) = delete;
    CaseWatch& operator=(const CaseWatch&) = delete;

    // Watches until `on_record` returns false or cancel() is called (both ok), or
    // until the stream ends: unavailable when the server stops or is unreachable,
    // unauthenticated / permission_denied when the session cannot be renewed (a
    // revoked member). A record that does not verify ends it with integrity_failure
    // naming the record. A case the caller lost access to meanwhile is skipped.
    [[nodiscard]] Status run(const RecordEventHandler& on_record);

    // From any thread (not from a signal handler): ends run() soon, with ok.
    void cancel();

  private:
    // Syncs one case whose head moved; false if the handler asked to stop.
    [[nodiscard]] Result<bool> on_change(const std::string& case_id, std::uint64_t sequence,
                                         const RecordEventHandler& on_record);
    [[nodiscard]] bool cancelled();

    const Session& session_;
    std::mutex mutex_;
    bool cancelled_ = false;
    grpc::ClientContext* stream_ = nullptr;  // the Watch call running, if any
};

}  // namespace weerbaar::client
