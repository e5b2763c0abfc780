#pragma once
// One row of the case list: the core's overview of a case (case_overview.h) and its
// text as the list shows it, made once on the worker thread so that the model
// answers data() by handing out shared strings, without work per call.
//
// Threading: made on any thread (make_case_row), then moved to the UI thread; a
// QString is implicitly shared with an atomic count, so a row may change threads.

#include <QString>

#include "weerbaar/client/case_overview.h"

namespace weerbaar::desktop {

struct CaseRow {
    client::CaseOverview overview;
    QString case_hex;      // 32 hex, the key of the row
    QString title;         // verified title, or a marker naming the case id
    QString status_label;  // Dutch codebook label (or the integrity marker)
    QString confidant;
    QString last_change;        // local time, "yyyy-MM-dd HH:mm"
    QString retention;          // local date "yyyy-MM-dd", or empty
    QString open_tasks;         // the count as text
    QString quarantine_notice;  // the core's words (what happened, what to do)
    // Set on the UI thread: a change arrived since the case was last opened here.
    bool changed = false;
    // The notice column: what is the matter with the row, in words (never colour
    // alone), and as a tooltip what to do about it. set_notice() keeps them current.
    QString notice;
    QString notice_tooltip;
};

// The row of `overview`. Any thread.
[[nodiscard]] CaseRow make_case_row(client::CaseOverview overview);
// Makes the notice of `row` again from its overview and `changed`. Any thread.
void set_notice(CaseRow& row);

}  // namespace weerbaar::desktop
