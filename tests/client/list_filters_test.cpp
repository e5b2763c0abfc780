// The list policy every front end shares: filter checks, the choices a form offers,
// and the rule that a filter never hides an integrity failure.

#include "weerbaar/client/list_filters.h"

#include <catch2/catch.hpp>

#include "weerbaar/client/case_id.h"

namespace weerbaar::client {
namespace {

CaseListEntry entry(bool verified, const std::string& status) {
    CaseListEntry out;
    out.verified = verified;
    out.status = status;
    return out;
}

void add_task(OpenedCase& opened, const std::string& title, const std::string& assignee,
              const std::string& due) {
    CaseRecord record;
    record.sequence = opened.records.size() + 1;
    record.record_id =
        crypto::Bytes(crypto::kRecordIdSize, static_cast<unsigned char>(record.sequence));
    record.author = "bram";
    record.author_role = crypto::Role::confidant;
    record.content.mutable_task()->set_title(title);
    record.content.mutable_task()->set_assignee(assignee);
    record.content.mutable_task()->set_due(due);
    opened.records.push_back(std::move(record));
}

}  // namespace

TEST_CASE("the role and status choices come from the roles and the codebook", "[list_filters]") {
    CHECK(role_choices() ==
          std::vector<std::string>{"confidant", "peer", "coordinator", "researcher"});
    for (const std::string& role : role_choices()) {
        CHECK(crypto::parse_role(role).ok());
    }
    CHECK(status_choices() == std::vector<std::string>{"intake", "in_behandeling", "doorverwezen",
                                                       "nazorg", "gesloten"});
    CHECK(settable_status_choices() ==
          std::vector<std::string>{"in_behandeling", "doorverwezen", "nazorg", "gesloten"});
}

TEST_CASE("every role has its Dutch label and an unknown role name is shown as it is",
          "[list_filters]") {
    CHECK(dutch_role_label("coordinator") == "coördinator");
    CHECK(dutch_role_label("confidant") == "vertrouwenspersoon");
    CHECK(dutch_role_label("peer") == "peer");
    CHECK(dutch_role_label("researcher") == "onderzoeker");
    CHECK(dutch_role_label("superuser") == "superuser");
}

TEST_CASE("an unknown status filter is refused, naming the field and the known statuses",
          "[list_filters]") {
    CHECK(check_case_list_filter({}).ok());
    CHECK(check_case_list_filter({std::string("nazorg")}).ok());
    const Status refused = check_case_list_filter({std::string("opgeschort")});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().code() == ErrorCode::invalid_argument);
    CHECK(refused.error().field() == "status");
    CHECK(refused.error().message() ==
          "unknown status 'opgeschort' (intake, in_behandeling, doorverwezen, nazorg, gesloten)");
}

TEST_CASE("a status filter never hides a case that failed verification", "[list_filters]") {
    std::vector<CaseListEntry> cases{entry(true, "nazorg"), entry(true, "gesloten"),
                                     entry(false, ""), entry(true, "nazorg")};
    const auto kept = filter_cases(cases, {std::string("gesloten")});
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].status == "gesloten");
    CHECK_FALSE(kept[1].verified);
    CHECK(filter_cases(cases, {}).size() == 4);
}

TEST_CASE("a due-before filter must be a real date, naming the field", "[list_filters]") {
    CHECK(check_task_filter({std::nullopt, std::string("2026-12-01")}).ok());
    const Status refused = check_task_filter({std::nullopt, std::string("volgende week")});
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field() == "due_before");
    CHECK(refused.error().message().find("--") == std::string::npos);
}

TEST_CASE(
    "tasks are gathered across cases by assignee and due date, and an unverified case "
    "is counted",
    "[list_filters]") {
    OpenedCase first;
    first.case_id = crypto::Bytes(crypto::kCaseIdSize, 1);
    add_task(first, "bellen", "carla", "2026-12-01");
    add_task(first, "schrijven", "erik", "2026-11-25");
    OpenedCase second;
    second.case_id = crypto::Bytes(crypto::kCaseIdSize, 2);
    add_task(second, "bezoeken", "carla", "2026-11-20");

    TaskList all;
    add_case_tasks(all, &first, {});
    add_case_tasks(all, nullptr, {});
    add_case_tasks(all, &second, {});
    CHECK(all.tasks.size() == 3);
    CHECK(all.unverified_cases == 1);

    TaskList carla_soon;
    const TaskFilter filter{std::string("carla"), std::string("2026-11-30")};
    add_case_tasks(carla_soon, &first, filter);
    add_case_tasks(carla_soon, nullptr, filter);
    add_case_tasks(carla_soon, &second, filter);
    REQUIRE(carla_soon.tasks.size() == 1);
    CHECK(carla_soon.tasks[0].view.task.title() == "bezoeken");
    CHECK(carla_soon.tasks[0].case_id == format_case_id(second.case_id));
    // The filter asked for carla's tasks, but the unverified case still counts.
    CHECK(carla_soon.unverified_cases == 1);
}

}  // namespace weerbaar::client
