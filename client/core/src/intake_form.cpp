#include "weerbaar/client/intake_form.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>
#include <vector>

#include "weerbaar/client/error_message.h"

namespace weerbaar::client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

IntakeField coded(std::string_view path, IntakeFieldKind kind, CodeList list) {
    // The codebook's description of the list is the label, so the form and
    // docs/codebook.md say the same.
    return IntakeField{path,
                       kind,
                       list,
                       kind == IntakeFieldKind::one_code || path == "incident.types",
                       embedded_codebook().description_nl(list),
                       embedded_codebook().description_en(list)};
}

std::vector<IntakeField> build_fields() {
    using enum IntakeFieldKind;
    return {
        {"codebook_version", codebook_version, std::nullopt, true, "Codeboekversie",
         "Codebook version"},
        {"reporter.name", text, std::nullopt, true, "Naam van de melder", "Name of the reporter"},
        {"reporter.contact", text, std::nullopt, false, "Contactgegevens (telefoon, e-mail)",
         "Contact details (phone, e-mail)"},
        coded("reporter.office_role", one_code, CodeList::office_role),
        {"reporter.municipality", municipality_code, std::nullopt, true,
         "Gemeente (CBS-code: GM en 4 cijfers)", "Municipality (CBS code: GM and 4 digits)"},
        coded("reporter.province", one_code, CodeList::province),
        {"incident.date", date, std::nullopt, true, "Datum van het incident (begin)",
         "Date of the incident (start)"},
        {"incident.date_end", optional_date, std::nullopt, false, "Einddatum (bij een periode)",
         "End date (for a period)"},
        coded("incident.types", several_codes, CodeList::incident_type),
        coded("incident.channel", one_code, CodeList::channel),
        coded("incident.perpetrator", one_code, CodeList::perpetrator),
        {"incident.repeated", yes_no, std::nullopt, false, "Het gebeurde vaker",
         "It happened repeatedly"},
        {"incident.family_affected", yes_no, std::nullopt, false, "Gezin of naasten geraakt",
         "Family or relatives affected"},
        {"incident.police_report", yes_no, std::nullopt, false, "Aangifte gedaan",
         "Reported to the police"},
        {"incident.reported_to_employer", yes_no, std::nullopt, false,
         "Gemeld bij de werkgever (griffie, gemeente)",
         "Reported to the employer (clerk, municipality)"},
        coded("incident.risk_level", one_code, CodeList::risk_level),
        {"incident.description", long_text, std::nullopt, false, "Wat er gebeurde",
         "What happened"},
        coded("referrals", several_codes, CodeList::referral),
        {"summary", long_text, std::nullopt, false, "Samenvatting", "Summary"},
    };
}

// The message holding the field's last path element, and that element's
// descriptor; nullptr when the path does not name a field of v1::Intake. `mutable_`
// creates nested messages on the way (a setter), otherwise they are read as they are.
struct Located {
    const Message* message = nullptr;
    Message* mutable_message = nullptr;
    const FieldDescriptor* descriptor = nullptr;
};

Located locate(const Message& root, Message* mutable_root, std::string_view path) {
    Located at{&root, mutable_root, nullptr};
    while (true) {
        const std::size_t dot = path.find('.');
        const std::string name(path.substr(0, dot));
        const FieldDescriptor* descriptor = at.message->GetDescriptor()->FindFieldByName(name);
        if (descriptor == nullptr) {
            return {};
        }
        if (dot == std::string_view::npos) {
            at.descriptor = descriptor;
            return at;
        }
        if (descriptor->type() != FieldDescriptor::TYPE_MESSAGE || descriptor->is_repeated()) {
            return {};
        }
        if (at.mutable_message != nullptr) {
            at.mutable_message =
                at.mutable_message->GetReflection()->MutableMessage(at.mutable_message, descriptor);
            at.message = at.mutable_message;
        } else {
            at.message = &at.message->GetReflection()->GetMessage(*at.message, descriptor);
        }
        path.remove_prefix(dot + 1);
    }
}

Error wrong_value(const IntakeField& field) {
    return Error(ErrorCode::invalid_argument,
                 "waarde past niet bij dit veld / value does not fit this field",
                 std::string(field.path));
}

// Dutch for the English problems of intake_field_problems (intake_json.cpp), by
// their fixed opening; the rest of the English (a code, a number) is carried over.
struct ProblemWording {
    std::string_view english_prefix;
    std::string_view dutch_prefix;
};
constexpr std::array kProblemWordings{
    ProblemWording{"must be a CBS code", "moet een CBS-code zijn: GM en 4 cijfers"},
    ProblemWording{"must be a real date", "moet een bestaande datum zijn (JJJJ-MM-DD)"},
    ProblemWording{"must hold at least one code", "kies er minstens één"},
    ProblemWording{"lies in the future", "ligt in de toekomst"},
    ProblemWording{"lies before", "ligt vóór de datum van het incident"},
    ProblemWording{"unknown code ", "onbekende code "},
    ProblemWording{"duplicate code ", "dubbele code "},
    ProblemWording{"must be ", "moet dit zijn: "},
};

}  // namespace

std::span<const IntakeField> intake_form_fields() {
    static const std::vector<IntakeField> fields = build_fields();
    return fields;
}

const IntakeField* find_intake_field(std::string_view path) {
    const auto fields = intake_form_fields();
    const auto found = std::find_if(fields.begin(), fields.end(),
                                    [&](const IntakeField& field) { return field.path == path; });
    return found == fields.end() ? nullptr : &*found;
}

const IntakeField* intake_field_of_problem(std::string_view problem_field) {
    return find_intake_field(problem_field.substr(0, problem_field.find('[')));
}

v1::Intake new_intake() {
    v1::Intake intake;
    intake.set_codebook_version(kCodebookVersion);
    return intake;
}

IntakeFieldValue intake_field_value(const v1::Intake& intake, const IntakeField& field) {
    const Located at = locate(intake, nullptr, field.path);
    if (at.descriptor == nullptr) {
        return std::string();
    }
    const Reflection& reflection = *at.message->GetReflection();
    const FieldDescriptor& descriptor = *at.descriptor;
    switch (field.kind) {
        case IntakeFieldKind::codebook_version:
            return std::to_string(reflection.GetUInt32(*at.message, &descriptor));
        case IntakeFieldKind::yes_no:
            return reflection.GetBool(*at.message, &descriptor);
        case IntakeFieldKind::several_codes: {
            std::vector<std::string> codes;
            const int size = reflection.FieldSize(*at.message, &descriptor);
            for (int i = 0; i < size; ++i) {
                codes.push_back(reflection.GetRepeatedString(*at.message, &descriptor, i));
            }
            return codes;
        }
        default:
            return reflection.GetString(*at.message, &descriptor);
    }
}

Status set_intake_field_value(v1::Intake& intake, const IntakeField& field,
                              const IntakeFieldValue& value) {
    const Located at = locate(intake, &intake, field.path);
    if (at.descriptor == nullptr) {
        return wrong_value(field);
    }
    Message& message = *at.mutable_message;
    const Reflection& reflection = *message.GetReflection();
    const FieldDescriptor* descriptor = at.descriptor;
    switch (field.kind) {
        case IntakeFieldKind::codebook_version: {
            const auto* text = std::get_if<std::string>(&value);
            std::uint32_t version = 0;
            if (text == nullptr ||
                std::from_chars(text->data(), text->data() + text->size(), version).ec !=
                    std::errc{}) {
                return wrong_value(field);
            }
            reflection.SetUInt32(&message, descriptor, version);
            return ok_status();
        }
        case IntakeFieldKind::yes_no: {
            const auto* flag = std::get_if<bool>(&value);
            if (flag == nullptr) {
                return wrong_value(field);
            }
            reflection.SetBool(&message, descriptor, *flag);
            return ok_status();
        }
        case IntakeFieldKind::several_codes: {
            const auto* codes = std::get_if<std::vector<std::string>>(&value);
            if (codes == nullptr) {
                return wrong_value(field);
            }
            reflection.ClearField(&message, descriptor);
            for (const std::string& code : *codes) {
                reflection.AddString(&message, descriptor, code);
            }
            return ok_status();
        }
        default: {
            const auto* text = std::get_if<std::string>(&value);
            if (text == nullptr) {
                return wrong_value(field);
            }
            reflection.SetString(&message, descriptor, *text);
            return ok_status();
        }
    }
}

std::string intake_problem_text(const FieldProblem& problem) {
    if (is_bilingual(problem.problem)) {
        return problem.problem;  // the text rule's problems carry their Dutch already
    }
    for (const ProblemWording& wording : kProblemWordings) {
        if (problem.problem.starts_with(wording.english_prefix)) {
            // A code or number after a fixed opening ("unknown code 'x'") is kept.
            const bool keeps_rest = wording.english_prefix.ends_with(' ');
            return std::string(wording.dutch_prefix) +
                   (keeps_rest ? problem.problem.substr(wording.english_prefix.size()) : "") +
                   " / " + problem.problem;
        }
    }
    return "ongeldig / " + problem.problem;
}

std::string intake_draft_body(const v1::Intake& intake) {
    nlohmann::json body = nlohmann::json::object();
    for (const IntakeField& field : intake_form_fields()) {
        std::visit([&](const auto& value) { body[std::string(field.path)] = value; },
                   intake_field_value(intake, field));
    }
    return body.dump();
}

Result<v1::Intake> intake_from_draft_body(std::string_view body) {
    const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        return Error(ErrorCode::invalid_argument,
                     "concept van de intake is beschadigd / intake draft is damaged");
    }
    v1::Intake intake = new_intake();
    for (const IntakeField& field : intake_form_fields()) {
        const auto found = parsed.find(std::string(field.path));
        if (found == parsed.end()) {
            continue;
        }
        IntakeFieldValue value;
        if (found->is_string()) {
            value = found->get<std::string>();
        } else if (found->is_boolean()) {
            value = found->get<bool>();
        } else if (found->is_array() &&
                   std::all_of(found->begin(), found->end(),
                               [](const nlohmann::json& item) { return item.is_string(); })) {
            value = found->get<std::vector<std::string>>();
        } else {
            continue;
        }
        // A value that no longer fits (the form changed) is left empty, not refused:
        // the rest of what was typed still comes back.
        (void)set_intake_field_value(intake, field, value);
    }
    return intake;
}

}  // namespace weerbaar::client
