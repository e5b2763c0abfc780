// The case list row and the task agenda every front end shows, derived from the
// verified case: a filter never hides a case that failed verification, and overdue
// tasks come first.

#include "weerbaar/client/case_overview.h"

#include <catch2/catch.hpp>

#include "record_examples.h"
#include "weerbaar/client/case_id.h"

namespace weerbaar::client {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

CaseRecord& append(OpenedCase& opened, v1::RecordContent content, std::int64_t stored_unix) {
    CaseRecord record;
    record.sequence = opened.records.size() + 1;
    record.record_id =
        crypto::Bytes(crypto::kRecordIdSize, static_cast<unsigned char>(record.sequence));
    record.author = "bram";
    record.author_role = crypto::Role::confidant;
    record.stored_unix = stored_unix;
    record.content = std::move(content);
    opened.records.push_back(std::move(record));
    return opened.records.back();
}

v1::RecordContent task(const std::string& title, const std::string& assignee,
                       const std::string& due, bool done = false) {
    v1::RecordContent content;
    content.mutable_task()->set_title(title);
    content.mutable_task()->set_assignee(assignee);
    content.mutable_task()->set_due(due);
    content.mutable_task()->set_done(done);
    return content;
}

OpenedCase example_case() {
    OpenedCase opened;
    opened.case_id = crypto::Bytes(crypto::kCaseIdSize, 7);
    opened.creator = "bram";
    append(opened, testing::example_intake(), 1000);
    append(opened, task("bellen", "carla", "2026-12-01"), 3000);
    append(opened, task("verslag", "carla", "2026-12-02"), 2000);
    append(opened, task("klaar", "daan", "2026-11-01", true), 2500);
    return opened;
}

CaseTask case_task(const std::string& title, const std::string& due, bool done = false) {
    CaseTask out;
    out.case_id = "c";
    out.view.task = task(title, "carla", due, done).task();
    return out;
}

}  // namespace

TEST_CASE("the overview of a verified case: title, status, confidant, open tasks, last change",
          "[case_overview]") {
    OpenedCase opened = example_case();
    v1::RecordContent status;
    status.mutable_status()->set_status("in_behandeling");
    append(opened, status, 2200);

    const CaseOverview overview = overview_of(opened);
    CHECK(overview.case_id == format_case_id(opened.case_id));
    CHECK(overview.verified);
    CHECK(overview.title == "wethouder, GM0344, 2026-11-14, risico hoog");
    CHECK(overview.status == "in_behandeling");
    CHECK(overview.status_label == "in behandeling");
    CHECK(overview.confidant == "bram");
    CHECK(overview.open_tasks == 2);  // the done task does not count
    CHECK(overview.open_task_assignees == std::vector<std::string>{"carla"});
    // The newest stored record, not the last in order.
    CHECK(overview.last_change_unix == 3000);
    CHECK(overview.retention_until_unix == 0);
    CHECK(overview.quarantined == 0);
    CHECK(overview.quarantine_notice.empty());
}

TEST_CASE("the overview counts quarantined records and says what to do", "[case_overview]") {
    OpenedCase opened = example_case();
    CaseRecord& bad = append(opened, {}, 4000);
    bad.author = "daan";
    bad.quarantined = true;
    bad.quarantine_reason = "onbekende sleutel / unknown key";
    const CaseOverview overview = overview_of(opened);
    CHECK(overview.quarantined == 1);
    CHECK(overview.quarantine_notice.find("daan") != std::string::npos);
    CHECK(overview.quarantine_notice.find("meld dit bij de co") != std::string::npos);
}

TEST_CASE("a title with a line break or a bidi override is made safe to show", "[case_overview]") {
    OpenedCase opened = example_case();
    opened.records.front().content.mutable_intake()->mutable_reporter()->set_municipality(
        "Ut\nrecht\xE2\x80\xAE");
    const CaseOverview overview = overview_of(opened);
    CHECK(overview.title.find('\n') == std::string::npos);
    CHECK(overview.title.find("\\u{202E}") != std::string::npos);
}

TEST_CASE("an unverified case carries only its id and the server's time", "[case_overview]") {
    v1::CaseSummary summary;
    summary.set_case_id(std::string(crypto::kCaseIdSize, '\x09'));
    summary.set_updated_unix(5000);
    const CaseOverview overview = unverified_overview(summary);
    CHECK_FALSE(overview.verified);
    CHECK(overview.case_id == "09090909090909090909090909090909");
    CHECK(overview.last_change_unix == 5000);
    CHECK(overview.title.empty());
}

TEST_CASE("the status and mine filters keep matching cases and never hide an unverified one",
          "[case_overview]") {
    const CaseOverview mine = overview_of(example_case());  // confidant bram, tasks of carla
    const CaseOverview broken = unverified_overview({});
    CHECK(keeps_case(mine, {}));
    CHECK(keeps_case(mine, {std::string("intake"), std::nullopt}));
    CHECK_FALSE(keeps_case(mine, {std::string("gesloten"), std::nullopt}));
    CHECK(keeps_case(mine, {std::nullopt, std::string("bram")}));        // confidant
    CHECK(keeps_case(mine, {std::nullopt, std::string("carla")}));       // open task
    CHECK_FALSE(keeps_case(mine, {std::nullopt, std::string("daan")}));  // only a done task
    CHECK(keeps_case(broken, {std::string("gesloten"), std::string("daan")}));
    CHECK(never_hidden(broken));
    CHECK_FALSE(never_hidden(mine));
}

TEST_CASE("the agenda puts overdue tasks first, then by due date, and leaves out done ones",
          "[case_overview]") {
    const std::chrono::year_month_day today{year(2026), month(11), day(20)};
    std::vector<CaseTask> tasks{
        case_task("later", "2026-12-05"),          case_task("zonder", ""),
        case_task("te laat", "2026-11-19"),        case_task("vandaag", "2026-11-20"),
        case_task("al klaar", "2026-11-01", true), case_task("lang te laat", "2026-10-01")};
    const auto agenda = task_agenda(tasks, today);
    std::vector<std::string> titles;
    for (const CaseTask& t : agenda) {
        titles.push_back(t.view.task.title());
    }
    CHECK(titles ==
          std::vector<std::string>{"lang te laat", "te laat", "vandaag", "later", "zonder"});
    CHECK(is_overdue(tasks[2].view.task, today));
    CHECK_FALSE(is_overdue(tasks[3].view.task, today));  // due today is not late yet
    CHECK_FALSE(is_overdue(tasks[4].view.task, today));  // done
    CHECK_FALSE(is_overdue(tasks[1].view.task, today));  // no date
}

}  // namespace weerbaar::client
