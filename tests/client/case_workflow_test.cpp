// The rules of case work that need no server: field checks, and the state, tasks
// and edits derived from a verified history.

#include "weerbaar/client/case_workflow.h"

#include <catch2/catch.hpp>

#include "weerbaar/client/record_description.h"

namespace weerbaar::client {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

const std::chrono::year_month_day kToday{year{2026}, month{11}, day{22}};

crypto::Bytes id_of(unsigned char n) { return crypto::Bytes(crypto::kRecordIdSize, n); }

void add(OpenedCase& opened, std::string author, v1::RecordContent content) {
    CaseRecord record;
    record.sequence = opened.records.size() + 1;
    record.record_id = id_of(static_cast<unsigned char>(record.sequence));
    // carla and daan are peers, anne a coordinator, everyone else a confidant.
    record.author_role = crypto::Role::confidant;
    if (author == "carla" || author == "daan") {
        record.author_role = crypto::Role::peer;
    } else if (author == "anne") {
        record.author_role = crypto::Role::coordinator;
    }
    record.author = std::move(author);
    record.content = std::move(content);
    opened.records.push_back(std::move(record));
}

v1::RecordContent intake() {
    v1::RecordContent content;
    content.mutable_intake()->set_summary("melding");
    return content;
}

v1::RecordContent task(const std::string& title, bool done, std::uint64_t supersedes = 0) {
    v1::RecordContent content;
    content.mutable_task()->set_title(title);
    content.mutable_task()->set_assignee("carla");
    content.mutable_task()->set_due("2026-12-01");
    content.mutable_task()->set_done(done);
    if (supersedes != 0) {
        const crypto::Bytes target = id_of(static_cast<unsigned char>(supersedes));
        content.set_supersedes(target.data(), target.size());
    }
    return content;
}

v1::RecordContent status(const std::string& code, const std::string& outcome = "") {
    v1::RecordContent content;
    content.mutable_status()->set_status(code);
    content.mutable_status()->set_outcome(outcome);
    return content;
}

v1::RecordContent note(const std::string& text, std::uint64_t supersedes = 0) {
    v1::RecordContent content;
    content.mutable_note()->set_text(text);
    if (supersedes != 0) {
        const crypto::Bytes target = id_of(static_cast<unsigned char>(supersedes));
        content.set_supersedes(target.data(), target.size());
    }
    return content;
}

OpenedCase new_case() {
    OpenedCase opened;
    opened.creator = "bram";
    opened.members = {{"bram", 1}, {"carla", 1}, {"erik", 1}, {"anne", 1}};
    add(opened, "bram", intake());
    return opened;
}

}  // namespace

TEST_CASE("a status request names a known status and an outcome exactly when closing",
          "[workflow]") {
    CHECK(check_status_request("in_behandeling", std::nullopt).ok());
    CHECK(check_status_request("gesloten", std::string("opgelost")).ok());
    const Status unknown = check_status_request("opgeschort", std::nullopt);
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().code() == ErrorCode::invalid_argument);
    CHECK_THAT(unknown.error().message(), Catch::Contains("unknown status 'opgeschort'"));
    CHECK_FALSE(check_status_request("intake", std::nullopt).ok());
    // The core names the field; the CLI's flag words are checked in tests/cli.
    const Status no_outcome = check_status_request("gesloten", std::nullopt);
    CHECK_THAT(no_outcome.error().message(), Catch::Contains("needs an outcome"));
    CHECK(no_outcome.error().field() == "outcome");
    CHECK_THAT(check_status_request("gesloten", std::string("prima")).error().message(),
               Catch::Contains("unknown outcome 'prima'"));
    const Status stray_outcome = check_status_request("nazorg", std::string("opgelost"));
    CHECK_THAT(stray_outcome.error().message(), Catch::Contains("only with status gesloten"));
    CHECK(stray_outcome.error().field() == "outcome");
    CHECK(unknown.error().field() == "status");
}

TEST_CASE("a task needs a title, an assignee and a real due date not in the past", "[workflow]") {
    v1::Task good = task("Terugbellen", false).task();
    CHECK(check_task_fields(good, kToday).ok());
    v1::Task bad = good;
    bad.set_due("2026-11-21");
    CHECK_THAT(check_task_fields(bad, kToday).error().message(), Catch::Contains("in the past"));
    bad.set_due("2026-13-01");
    CHECK_THAT(check_task_fields(bad, kToday).error().message(), Catch::Contains("real date"));
    bad.set_due("1-12-2026");
    CHECK_FALSE(check_task_fields(bad, kToday).ok());
    bad = good;
    bad.set_title("");
    CHECK_FALSE(check_task_fields(bad, kToday).ok());
    bad.set_title(std::string(kMaxTaskTitleCharacters + 1, 'x'));
    CHECK_FALSE(check_task_fields(bad, kToday).ok());
    bad = good;
    bad.set_assignee("");
    CHECK_FALSE(check_task_fields(bad, kToday).ok());
}

TEST_CASE("a counselling note has a past date, a sane duration and a known contact kind",
          "[workflow]") {
    v1::CounsellingNote contact;
    contact.set_date("2026-11-22");
    contact.set_duration_minutes(45);
    contact.set_contact_kind("telefoon");
    contact.set_text("gesprek");
    CHECK(check_counselling_note(contact, kToday).ok());
    v1::CounsellingNote bad = contact;
    bad.set_date("2026-11-23");
    CHECK_THAT(check_counselling_note(bad, kToday).error().message(), Catch::Contains("future"));
    bad = contact;
    bad.set_duration_minutes(0);
    CHECK_FALSE(check_counselling_note(bad, kToday).ok());
    bad.set_duration_minutes(kMaxContactMinutes + 1);
    CHECK_FALSE(check_counselling_note(bad, kToday).ok());
    bad = contact;
    bad.set_contact_kind("rooksignaal");
    CHECK_THAT(check_counselling_note(bad, kToday).error().message(),
               Catch::Contains("unknown contact kind 'rooksignaal'"));
    bad = contact;
    bad.set_text("");
    CHECK_FALSE(check_counselling_note(bad, kToday).ok());
}

TEST_CASE("task ids are 32 hex digits", "[workflow]") {
    CHECK(parse_task_id(std::string(32, 'a')).ok());
    CHECK_FALSE(parse_task_id(std::string(31, 'a')).ok());
    CHECK_FALSE(parse_task_id(std::string(32, 'g')).ok());
}

TEST_CASE("the state follows the last status change and the last handover", "[workflow]") {
    OpenedCase opened = new_case();
    opened.summary.set_retention_until_unix(1'900'000'000);
    CHECK(case_state(opened).status == "intake");
    CHECK(case_state(opened).confidant == "bram");
    add(opened, "bram", status("in_behandeling"));
    add(opened, "bram", status("gesloten", "opgelost"));
    v1::RecordContent handover;
    handover.mutable_handover()->set_from("bram");
    handover.mutable_handover()->set_to("erik");
    add(opened, "bram", handover);
    const CaseState state = case_state(opened);
    CHECK(state.status == "gesloten");
    CHECK(state.outcome == "opgelost");
    CHECK(state.confidant == "erik");
    CHECK(state.retention_until_unix == 1'900'000'000);
    add(opened, "erik", status("nazorg"));
    CHECK(case_state(opened).outcome.empty());
}

TEST_CASE("status changes and handovers count only from those entitled", "[workflow]") {
    OpenedCase opened = new_case();
    add(opened, "carla", status("gesloten", "opgelost"));  // a peer: ignored
    CHECK(case_state(opened).status == "intake");
    v1::RecordContent handover;
    handover.mutable_handover()->set_from("bram");
    handover.mutable_handover()->set_to("erik");
    add(opened, "carla", handover);  // a peer: ignored
    add(opened, "erik", handover);   // a confidant who is not the case's: ignored
    CHECK(case_state(opened).confidant == "bram");
    add(opened, "anne", handover);  // a coordinator: counts
    CHECK(case_state(opened).confidant == "erik");
    handover.mutable_handover()->set_from("erik");
    handover.mutable_handover()->set_to("bram");
    add(opened, "bram", handover);  // no longer the case's confidant: ignored
    CHECK(case_state(opened).confidant == "erik");
    add(opened, "erik", status("in_behandeling"));
    CHECK(case_state(opened).status == "in_behandeling");
    // Content that no client writes changes nothing either.
    handover.mutable_handover()->set_to("vreemde");  // not a member of the case
    add(opened, "erik", handover);
    add(opened, "erik", status("gesloten"));            // no outcome
    add(opened, "erik", status("intake"));              // never back to intake
    add(opened, "erik", status("nazorg", "opgelost"));  // an outcome while open
    add(opened, "erik", status("gesloten", "geheim"));  // an unknown outcome
    CHECK(case_state(opened).confidant == "erik");
    CHECK(case_state(opened).status == "in_behandeling");
}

TEST_CASE("a record is replaced by its author, a task also by its assignee or a manager",
          "[workflow]") {
    OpenedCase opened = new_case();
    add(opened, "bram", note("dinsdag"));          // 2
    add(opened, "carla", note("woensdag", 2));     // 3: carla (peer) replaces bram's note: no
    add(opened, "carla", task("Bellen", false));   // 4: by carla, for carla
    add(opened, "daan", task("Bellen", true, 4));  // 5: daan: neither author nor assignee (peer)
    CHECK(superseded_records(opened).empty());
    add(opened, "erik", task("Bellen", true, 4));  // 6: a confidant may
    const auto replaced = superseded_records(opened);
    REQUIRE(replaced.size() == 1);
    CHECK(replaced.at(id_of(4)) == 6);
}

TEST_CASE("a task's later versions replace it, its id stays the first record's", "[workflow]") {
    OpenedCase opened = new_case();
    add(opened, "bram", task("Terugbellen", false));     // 2
    add(opened, "bram", task("Brief sturen", false));    // 3
    add(opened, "carla", task("Terugbellen", true, 2));  // 4: done
    const std::vector<TaskView> tasks = case_tasks(opened);
    REQUIRE(tasks.size() == 2);
    CHECK(tasks[0].task_id == crypto::to_hex(id_of(2)));
    CHECK(tasks[0].task.done());
    CHECK(tasks[0].sequence == 4);
    CHECK(tasks[1].task_id == crypto::to_hex(id_of(3)));
    CHECK_FALSE(tasks[1].task.done());
    const auto replaced = superseded_records(opened);
    REQUIRE(replaced.size() == 1);
    CHECK(replaced.at(id_of(2)) == 4);
}

TEST_CASE("a supersedes link counts only for an earlier record of the same kind", "[workflow]") {
    OpenedCase opened = new_case();
    add(opened, "bram", note("dinsdag"));       // 2
    add(opened, "bram", task("x", false, 2));   // 3: names a note: ignored
    add(opened, "bram", note("woensdag", 5));   // 4: names a later record: ignored
    add(opened, "bram", note("donderdag", 1));  // 5: names the intake: ignored
    add(opened, "bram", note("vrijdag", 2));    // 6: valid
    const auto replaced = superseded_records(opened);
    REQUIRE(replaced.size() == 1);
    CHECK(replaced.at(id_of(2)) == 6);
    CHECK(replaced_record(opened, opened.records[2]) == nullptr);
    CHECK(replaced_record(opened, opened.records[5])->sequence == 2);
    // The task that pointed at a note is a task of its own.
    REQUIRE(case_tasks(opened).size() == 1);
    CHECK(case_tasks(opened)[0].task_id == crypto::to_hex(id_of(3)));
}

TEST_CASE("every record kind has a name, a Dutch label and a description", "[workflow]") {
    CHECK(record_kind(intake()) == "intake");
    CHECK(record_kind(task("x", false)) == "task");
    CHECK(record_kind_label(task("x", false)) == "taak");
    CHECK(describe_record(task("Bellen", true)) ==
          "[gedaan] Bellen (voor carla, uiterlijk 2026-12-01)");
    CHECK(describe_record(status("gesloten", "opgelost")) == "gesloten, uitkomst: opgelost");
    CHECK(describe_record(note("ééééé"), 2) == "éé...");
    CHECK(record_kind(v1::RecordContent{}) == "unknown");
}

}  // namespace weerbaar::client
