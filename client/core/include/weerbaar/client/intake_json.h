#pragma once
// The intake (docs/examples/intake.json, docs/codebook.md), as a message and as a
// JSON file whose keys are the field names of weerbaar.v1.Intake. Validation works
// on the message itself, so a GUI form that fills a v1::Intake gets the same checks
// as the file, and collects every problem with its field, so the person fixes all
// of them in one go (a form marks each field). Reading a file checks its shape
// (types, unknown keys) and then the message.
//
// Pure functions, no network; safe from any thread.

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

// One problem with one field: a path into v1::Intake ("reporter.name",
// "incident.types[1]") and what is wrong with it ("unknown code 'x'").
struct FieldProblem {
    std::string field;
    std::string problem;
};

// Every problem of the message against codebook v1 and the text rule (text_rule.h),
// in field order; empty when valid. `today` bounds the incident date.
[[nodiscard]] std::vector<FieldProblem> intake_field_problems(const v1::Intake& intake,
                                                              std::chrono::year_month_day today);
// The same as one Status: invalid_argument "intake invalid: <field>: <problem>; ...",
// with the first problem's field as Error::field.
[[nodiscard]] Status check_intake(const v1::Intake& intake, std::chrono::year_month_day today);

// Every problem of a file, each as "<field>: <problem>" ("incident.types[1]: unknown
// code 'x'"): its shape first, then the message's. Empty when the intake is valid.
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
