#include "weerbaar/client/case_watch.h"

#include <chrono>
#include <optional>

#include "session_rpc.h"
#include "weerbaar/client/case_id.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/record_description.h"
#include "weerbaar/client/rpc_error.h"
#include "weerbaar/client/trust_store.h"

namespace weerbaar::client {
namespace {

// A stream the server ended early (a session that expired, a watcher that fell too
// far behind) is started again, but not twice within this pause: a server that
// keeps ending it is then reported rather than retried for ever.
constexpr std::chrono::seconds kRestartPause{60};

// What is newer than `held` in the case, verified: only the newer records when a
// head with its creator is held, the whole case otherwise.
Result<OpenedCase> sync_case(const Session& session, MemberDirectory& directory,
                             crypto::ByteView case_id, const std::optional<CaseHead>& held) {
    if (held && !held->creator.empty()) {
        auto newer = read_case_after(session, directory, case_id, *held);
        if (newer.ok() || newer.error().code() != ErrorCode::integrity_failure) {
            return newer;
        }
        // Only the whole history tells a forged one from two members who wrote at
        // the same time; the full read decides, and names the record if it fails.
    }
    return open_case(session, directory, case_id);
}

}  // namespace

Status CaseWatch::run(const RecordEventHandler& on_record) {
    std::optional<std::chrono::steady_clock::time_point> last_restart;
    for (;;) {
        grpc::ClientContext context;
        const SessionToken token = SessionRpc::prepare_stream(session_, context);
        {
            std::lock_guard lock(mutex_);
            if (cancelled_) {
                return ok_status();
            }
            stream_ = &context;
        }
        auto reader =
            SessionRpc::stubs(session_).notifications->Watch(&context, v1::WatchRequest{});
        Status failed = ok_status();
        bool stopped = false;
        v1::CaseChange change;
        while (!stopped && reader->Read(&change)) {
            auto handled = on_change(change.case_id(), change.sequence(), on_record);
            if (!handled.ok()) {
                failed = handled.error();
            }
            stopped = !handled.ok() || !handled.value() || cancelled();
        }
        if (stopped) {
            context.TryCancel();
        }
        const grpc::Status status = reader->Finish();
        {
            std::lock_guard lock(mutex_);
            stream_ = nullptr;
        }
        if (!failed.ok()) {
            return failed;
        }
        if (stopped || cancelled()) {
            return ok_status();
        }
        const auto now = std::chrono::steady_clock::now();
        const bool may_restart = !last_restart || now - *last_restart >= kRestartPause;
        if (may_restart && status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
            WEERBAAR_TRY(SessionRpc::renew(session_, token));
            last_restart = now;
            continue;
        }
        if (may_restart && status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
            last_restart = now;  // fell behind: the heads of a new watch catch up
            continue;
        }
        // A server that shuts down ends its watches with UNAVAILABLE or, for one it
        // was not reading at that moment, CANCELLED (tests/server notification
        // tests). A stop we asked for returned above, so a CANCELLED here is the
        // server going away: unavailable, as the header promises, so that a caller
        // that tries again does so.
        if (status.ok() || status.error_code() == grpc::StatusCode::CANCELLED) {
            return Error(ErrorCode::unavailable, "the server ended the watch");
        }
        return error_from_rpc(status, "watch your cases");
    }
}

Result<bool> CaseWatch::on_change(const std::string& case_id_bytes, std::uint64_t sequence,
                                  const RecordEventHandler& on_record) {
    if (case_id_bytes.size() != crypto::kCaseIdSize) {
        return Error(ErrorCode::integrity_failure, "the server sent a malformed case id");
    }
    const crypto::ByteView case_id = crypto::as_bytes(case_id_bytes);
    // Fresh from disk: another command may have read or written since.
    WEERBAAR_ASSIGN_OR_RETURN(TrustStore trust, TrustStore::open(session_.profile().directory(),
                                                                 session_.keys().store_key));
    std::optional<CaseHead> held;
    if (const auto found = trust.state().cases.find(format_case_id(case_id));
        found != trust.state().cases.end()) {
        held = found->second;
    }
    if (held && sequence <= held->sequence) {
        return true;  // nothing this client has not verified already
    }
    MemberDirectory directory(session_, trust);
    // A session that ended between the server's delivery and our fetch is renewed
    // by the fetch itself (session_rpc.h).
    auto synced = sync_case(session_, directory, case_id, held);
    if (!synced.ok()) {
        const ErrorCode code = synced.error().code();
        if (code == ErrorCode::permission_denied || code == ErrorCode::not_found) {
            return true;  // removed from the case meanwhile: nothing to show
        }
        return synced.error();
    }
    const std::uint64_t after = held ? held->sequence : 0;
    for (const CaseRecord& record : synced.value().records) {
        if (record.sequence <= after) {
            continue;
        }
        const RecordEvent event{synced.value().case_id, record.sequence, record.author,
                                std::string(record_kind(record)),
                                std::string(record_kind_label(record))};
        if (!on_record(event)) {
            return false;
        }
    }
    return true;
}

void CaseWatch::cancel() {
    std::lock_guard lock(mutex_);
    cancelled_ = true;
    if (stream_ != nullptr) {
        stream_->TryCancel();
    }
}

bool CaseWatch::cancelled() {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

}  // namespace weerbaar::client
