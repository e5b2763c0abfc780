#pragma once
// The intake as a form: one description per field of v1::Intake, in the order a
// person fills them in, from which a front end builds its widgets instead of coding
// each field by hand. A new field in the message without an entry here fails
// tests/client/intake_form_test.cpp, so the form cannot silently fall behind.
//
// Values are read from and written to a v1::Intake through the description (by
// protobuf reflection), so the form, its draft and the validation (intake_json.h
// intake_field_problems) all work on the same message.
//
// Pure functions; the descriptions live until the program ends. Any thread.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "weerbaar/client/codebook.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/result.h"
#include "weerbaar/v1/content.pb.h"

namespace weerbaar::client {

// What kind of input a field takes, and so which widget shows it.
enum class IntakeFieldKind {
    codebook_version,   // fixed at kCodebookVersion: shown, never typed
    text,               // one line
    long_text,          // several lines (line breaks kept)
    date,               // YYYY-MM-DD, required
    optional_date,      // YYYY-MM-DD or empty
    one_code,           // one code of `code_list`
    several_codes,      // any number of codes of `code_list`, in codebook order
    yes_no,             // a flag; unset means no
    municipality_code,  // CBS code, "GM" + 4 digits
};

struct IntakeField {
    std::string_view path;  // as FieldProblem::field names it: "reporter.office_role"
    IntakeFieldKind kind;
    std::optional<CodeList> code_list;  // for one_code and several_codes
    bool required;                      // intake_field_problems refuses it empty
    std::string_view label_nl;          // the codebook's list description where it has one
    std::string_view gloss_en;
};

// A field's value: std::string for text, dates, one code, a municipality code and
// the codebook version (decimal); std::vector<std::string> for several codes; bool
// for yes/no.
using IntakeFieldValue = std::variant<std::string, std::vector<std::string>, bool>;

// Every field of v1::Intake (nested messages flattened), in form order.
[[nodiscard]] std::span<const IntakeField> intake_form_fields();
// The field with this path, or nullptr.
[[nodiscard]] const IntakeField* find_intake_field(std::string_view path);
// The field a problem concerns: "incident.types[1]" -> incident.types; nullptr when
// none does.
[[nodiscard]] const IntakeField* intake_field_of_problem(std::string_view problem_field);

// An empty intake of the current codebook version: what a new form starts from.
[[nodiscard]] v1::Intake new_intake();

[[nodiscard]] IntakeFieldValue intake_field_value(const v1::Intake& intake,
                                                  const IntakeField& field);
// invalid_argument (naming the field) when `value` holds the wrong alternative for
// the field's kind, or a version that is not a number. Codes are not checked here:
// intake_field_problems does that for the whole form.
[[nodiscard]] Status set_intake_field_value(v1::Intake& intake, const IntakeField& field,
                                            const IntakeFieldValue& value);

// A problem as a person reads it at its field: Dutch first, then " / " and the
// core's English ("onbekende code 'x' / unknown code 'x'"). Without the path.
[[nodiscard]] std::string intake_problem_text(const FieldProblem& problem);

// A form being filled in, as the body of a draft (draft_store.h, kind "intake"):
// JSON of every described field. Reading it back takes what fits the description
// and leaves the rest empty, so a draft from an older form still restores; it does
// not validate (a draft may be half done). invalid_argument when it is not JSON.
[[nodiscard]] std::string intake_draft_body(const v1::Intake& intake);
[[nodiscard]] Result<v1::Intake> intake_from_draft_body(std::string_view body);

}  // namespace weerbaar::client
