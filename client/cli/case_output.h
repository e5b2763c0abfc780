#pragma once
// How cases look on stdout: Dutch labels for people, JSON for scripts.

#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "weerbaar/client/audit_log.h"
#include "weerbaar/client/case_reader.h"

namespace weerbaar::cli {

[[nodiscard]] std::string format_time(std::int64_t unix_seconds);

void print_case_list(std::ostream& out, const std::vector<client::CaseListEntry>& cases);
[[nodiscard]] nlohmann::json case_list_json(const std::vector<client::CaseListEntry>& cases);

void print_case(std::ostream& out, const client::OpenedCase& opened);
[[nodiscard]] nlohmann::json case_json(const client::OpenedCase& opened);

void print_access_log(std::ostream& out, const std::vector<client::AccessLogEntry>& entries);
[[nodiscard]] nlohmann::json access_log_json(const std::vector<client::AccessLogEntry>& entries);

}  // namespace weerbaar::cli
