#pragma once
// Progress and stop for work that takes long (an attachment transfer, a listing that
// reads every case), so that a front end can show how far it is and let the person
// stop it.
//
// `on_progress(done, total)` is called on the thread doing the work, after each unit
// of work (each call documents its unit: bytes, cases), with done <= total; it must
// return quickly and must not call back into the same work. A GUI posts the numbers
// to its UI thread. `stop` is checked before each unit: once a stop is requested the
// work ends within one unit (one chunk of an attachment, one case) with
// ErrorCode::cancelled, and leaves nothing half-written (no record, no file).
//
// A default LongWork reports nothing and never stops.

#include <cstdint>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>

#include "weerbaar/result.h"

namespace weerbaar::client {

using ProgressCallback = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct LongWork {
    ProgressCallback on_progress;  // may be empty
    std::stop_token stop;          // may be a token that never stops

    void report(std::uint64_t done, std::uint64_t total) const {
        if (on_progress) {
            on_progress(done, total);
        }
    }
    [[nodiscard]] bool stop_requested() const { return stop.stop_requested(); }
    // ok_status() unless a stop was requested; then cancelled, naming in English
    // the action that stopped ("upload the attachment").
    [[nodiscard]] Status check_stop(std::string_view action) const {
        if (!stop_requested()) {
            return ok_status();
        }
        return Error(ErrorCode::cancelled,
                     "gestopt op verzoek; er is niets bewaard / stopped on request: " +
                         std::string(action) + "; nothing was kept");
    }
};

}  // namespace weerbaar::client
