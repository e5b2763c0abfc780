#pragma once
// How cases look on stdout: Dutch labels for people, JSON for scripts.

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "weerbaar/client/audit_log.h"
#include "weerbaar/client/case_lifecycle.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/case_workflow.h"
#include "weerbaar/client/list_filters.h"

namespace weerbaar::cli {

[[nodiscard]] std::string format_time(std::int64_t unix_seconds);

void print_case_list(std::ostream& out, const std::vector<client::CaseListEntry>& cases);
[[nodiscard]] nlohmann::json case_list_json(const std::vector<client::CaseListEntry>& cases);

void print_case(std::ostream& out, const client::OpenedCase& opened);
[[nodiscard]] nlohmann::json case_json(const client::OpenedCase& opened);

// Every record in order, with what replaced what, then the case's state: status,
// outcome and retention deadline.
void print_timeline(std::ostream& out, const client::OpenedCase& opened);
[[nodiscard]] nlohmann::json timeline_json(const client::OpenedCase& opened);

// The open tasks `user` leaves behind in each case (nothing when there are none),
// with the command that gives each to someone else.
void print_left_tasks(std::ostream& out, const std::string& user,
                      const std::vector<client::LeftTasks>& left);

using client::CaseTask;
// People see the open tasks; JSON holds done ones too, with their state.
void print_task_list(std::ostream& out, const std::vector<CaseTask>& tasks,
                     std::size_t unverified_cases);
[[nodiscard]] nlohmann::json task_list_json(const std::vector<CaseTask>& tasks);

void print_access_log(std::ostream& out, const std::vector<client::AccessLogEntry>& entries);
[[nodiscard]] nlohmann::json access_log_json(const std::vector<client::AccessLogEntry>& entries);

}  // namespace weerbaar::cli
