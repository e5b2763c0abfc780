#include "weerbaar/client/intake_view.h"

#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/intake_form.h"

namespace weerbaar::client {
namespace {

std::string label(CodeList list, const std::string& code) {
    return display_line(dutch_label(list, code));
}

std::string shown_value(const IntakeField& field, const IntakeFieldValue& value) {
    if (const bool* flag = std::get_if<bool>(&value)) {
        return *flag ? "ja" : "nee";
    }
    if (const auto* codes = std::get_if<std::vector<std::string>>(&value)) {
        std::string out;
        for (const std::string& code : *codes) {
            if (!out.empty()) {
                out += ", ";
            }
            out += field.code_list ? label(*field.code_list, code) : display_line(code);
        }
        return out.empty() ? "-" : out;
    }
    const std::string& text = std::get<std::string>(value);
    if (field.code_list) {
        return label(*field.code_list, text);
    }
    // Only free text keeps its line breaks; a date or a code stays on one line.
    return field.kind == IntakeFieldKind::long_text ? display_text(text) : display_line(text);
}

}  // namespace

std::vector<IntakeLine> intake_lines(const v1::Intake& intake) {
    std::vector<IntakeLine> lines;
    for (const IntakeField& field : intake_form_fields()) {
        if (field.kind == IntakeFieldKind::codebook_version) {
            continue;
        }
        const IntakeFieldValue value = intake_field_value(intake, field);
        if (const auto* text = std::get_if<std::string>(&value);
            text != nullptr && text->empty() && !field.required) {
            continue;  // an optional field left empty
        }
        lines.push_back(
            {std::string(field.path), std::string(field.label_nl), shown_value(field, value)});
    }
    return lines;
}

}  // namespace weerbaar::client
