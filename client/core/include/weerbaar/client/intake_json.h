#pragma once
// The intake file (docs/examples/intake.json, docs/codebook.md): JSON whose keys
// are the field names of weerbaar.v1.Intake. Reading validates against codebook v1
// and collects every problem, so the user fixes a file in one go rather than one
// error per attempt.

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/text_rule.h"  // kMaxFreeTextCharacters, character_count
#include "weerbaar/result.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

// Every problem found, each naming its field ("incident.types[1]: unknown code 'x'").
// Empty when the intake is valid.
[[nodiscard]] std::vector<std::string> intake_problems(const nlohmann::json& intake,
                                                       std::chrono::year_month_day today);

// Validates, then converts. invalid_argument with every problem joined by "; ".
[[nodiscard]] Result<v1::Intake> intake_from_json(const nlohmann::json& intake,
                                                  std::chrono::year_month_day today);
// Reads and parses the file; an unreadable file or bad JSON is invalid_argument too.
[[nodiscard]] Result<v1::Intake> read_intake_file(const std::filesystem::path& path,
                                                  std::chrono::year_month_day today);

// The same shape the file has; empty optional text fields are left out.
[[nodiscard]] nlohmann::json intake_to_json(const v1::Intake& intake);

// A short, one-line title for lists: office role, municipality, date, risk level.
[[nodiscard]] std::string intake_title(const v1::Intake& intake);

}  // namespace weerbaar::client
