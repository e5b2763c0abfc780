#include "weerbaar/client/record_content_check.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>

#include "weerbaar/client/attachment_transfer.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/text_rule.h"
#include "weerbaar/crypto/attachment_stream.h"
#include "weerbaar/crypto/certificate.h"
#include "weerbaar/crypto/record.h"

namespace weerbaar::client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

enum class Shape { text, code, date, user_name, municipality, file_name, fixed_bytes };

struct FieldRule {
    std::string_view full_name;
    Shape shape;
    bool required;
    std::size_t limit = 0;             // text: characters; fixed_bytes: the exact size
    CodeList list = CodeList::status;  // code only
};

constexpr std::size_t kFreeText = kMaxFreeTextCharacters;
constexpr std::size_t kHashSize = 32;

// One row per string or bytes field of content.proto. A field missing here is still
// held to the plain text rule, and tests/client/record_content_check_test.cpp fails.
constexpr FieldRule kRules[] = {
    {"weerbaar.v1.Reporter.name", Shape::text, true, kFreeText},
    {"weerbaar.v1.Reporter.contact", Shape::text, false, kFreeText},
    {"weerbaar.v1.Reporter.office_role", Shape::code, true, 0, CodeList::office_role},
    {"weerbaar.v1.Reporter.municipality", Shape::municipality, true},
    {"weerbaar.v1.Reporter.province", Shape::code, true, 0, CodeList::province},
    {"weerbaar.v1.Incident.date", Shape::date, true},
    {"weerbaar.v1.Incident.date_end", Shape::date, false},
    {"weerbaar.v1.Incident.types", Shape::code, true, 0, CodeList::incident_type},
    {"weerbaar.v1.Incident.channel", Shape::code, true, 0, CodeList::channel},
    {"weerbaar.v1.Incident.perpetrator", Shape::code, true, 0, CodeList::perpetrator},
    {"weerbaar.v1.Incident.risk_level", Shape::code, true, 0, CodeList::risk_level},
    {"weerbaar.v1.Incident.description", Shape::text, false, kFreeText},
    {"weerbaar.v1.Intake.referrals", Shape::code, false, 0, CodeList::referral},
    {"weerbaar.v1.Intake.summary", Shape::text, false, kFreeText},
    {"weerbaar.v1.Note.text", Shape::text, true, kFreeText},
    {"weerbaar.v1.CounsellingNote.date", Shape::date, true},
    {"weerbaar.v1.CounsellingNote.contact_kind", Shape::code, true, 0, CodeList::contact_kind},
    {"weerbaar.v1.CounsellingNote.text", Shape::text, true, kFreeText},
    {"weerbaar.v1.Task.title", Shape::text, true, kMaxTaskTitleCharacters},
    {"weerbaar.v1.Task.assignee", Shape::user_name, true},
    {"weerbaar.v1.Task.due", Shape::date, true},
    {"weerbaar.v1.StatusChange.status", Shape::code, true, 0, CodeList::status},
    {"weerbaar.v1.StatusChange.outcome", Shape::code, false, 0, CodeList::outcome},
    {"weerbaar.v1.Referral.to", Shape::code, true, 0, CodeList::referral},
    {"weerbaar.v1.Referral.note", Shape::text, false, kFreeText},
    {"weerbaar.v1.AttachmentReference.attachment_id", Shape::fixed_bytes, true,
     crypto::kAttachmentIdSize},
    {"weerbaar.v1.AttachmentReference.file_name", Shape::file_name, true},
    {"weerbaar.v1.AttachmentReference.key", Shape::fixed_bytes, true, crypto::kAttachmentKeySize},
    {"weerbaar.v1.AttachmentReference.ciphertext_hash", Shape::fixed_bytes, true, kHashSize},
    {"weerbaar.v1.Handover.from", Shape::user_name, true},
    {"weerbaar.v1.Handover.to", Shape::user_name, true},
    {"weerbaar.v1.RecordContent.supersedes", Shape::fixed_bytes, false, crypto::kRecordIdSize},
};

const FieldRule* rule_for(const FieldDescriptor& field) {
    const auto found = std::find_if(std::begin(kRules), std::end(kRules), [&](const FieldRule& r) {
        return r.full_name == field.full_name();
    });
    return found == std::end(kRules) ? nullptr : &*found;
}

Error problem(const std::string& path, std::string_view what_nl, std::string_view what_en,
              std::string_view dutch_kind = "waarde", std::string_view english_kind = "value") {
    return Error(ErrorCode::invalid_argument, "ongeldige " + std::string(dutch_kind) + " in '" +
                                                  path + "': " + std::string(what_nl) +
                                                  " / invalid " + std::string(english_kind) +
                                                  " in '" + path + "': " + std::string(what_en));
}

// A short, safe echo of a value that failed a structural rule (codes, dates, names
// are never free text, but may be anything in a hostile record).
std::string echoed(std::string_view value) {
    constexpr std::size_t kShown = 40;
    std::string shown = display_line(value.substr(0, std::min(value.size(), kShown * 4)));
    if (character_count(shown) > kShown) {
        std::size_t end = 0;
        for (std::size_t kept = 0; end < shown.size(); ++end) {
            if ((static_cast<unsigned char>(shown[end]) & 0xC0U) != 0x80U && kept++ == kShown) {
                break;
            }
        }
        shown = shown.substr(0, end) + "...";
    }
    return "'" + shown + "'";
}

bool is_municipality_code(std::string_view text) {
    return text.size() == 6 && text.starts_with("GM") &&
           std::all_of(text.begin() + 2, text.end(),
                       [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

Status check_value(const FieldRule& rule, std::string_view value, const std::string& path) {
    switch (rule.shape) {
        case Shape::text:
            return check_text(value, path, TextRule{rule.required, rule.limit});
        case Shape::file_name:
            return check_file_name(value, path);
        case Shape::fixed_bytes:
            if ((value.empty() && !rule.required) || value.size() == rule.limit) {
                return ok_status();
            }
            return problem(
                path,
                std::to_string(value.size()) + " bytes, verwacht " + std::to_string(rule.limit),
                std::to_string(value.size()) + " bytes, expected " + std::to_string(rule.limit));
        case Shape::code:
        case Shape::date:
        case Shape::user_name:
        case Shape::municipality:
            break;
    }
    // Structured values: the text rule first (so a broken byte is named as such),
    // then their form. Empty is allowed only for an optional field.
    WEERBAAR_TRY(check_text(value, path, TextRule{rule.required, kFreeText}));
    if (value.empty()) {
        return ok_status();
    }
    switch (rule.shape) {
        case Shape::code:
            if (!is_known_code(rule.list, value)) {
                const std::string list(code_list_name(rule.list));
                return problem(path, echoed(value) + " staat niet in codeboek " + list,
                               echoed(value) + " is not in codebook list " + list, "code", "code");
            }
            return ok_status();
        case Shape::date:
            if (!parse_date(value)) {
                return problem(path, echoed(value) + ", verwacht een echte datum JJJJ-MM-DD",
                               echoed(value) + ", expected a real date YYYY-MM-DD", "datum",
                               "date");
            }
            return ok_status();
        case Shape::user_name:
            if (!crypto::validate_user_name(value).ok()) {
                return problem(path, echoed(value) + " is geen gebruikersnaam",
                               echoed(value) + " is not a user name", "naam", "name");
            }
            return ok_status();
        case Shape::municipality:
            if (!is_municipality_code(value)) {
                return problem(path, echoed(value) + ", verwacht GM en 4 cijfers (CBS-code)",
                               echoed(value) + ", expected GM and 4 digits (CBS code)", "code",
                               "code");
            }
            return ok_status();
        default:
            return ok_status();
    }
}

std::string child_path(const std::string& prefix, std::string_view name) {
    return prefix.empty() ? std::string(name) : prefix + "." + std::string(name);
}

Status check_strings(const Message& message, const FieldDescriptor& field,
                     const std::string& path) {
    const Reflection& reflection = *message.GetReflection();
    // Unknown to this table: still the plain text rule for a string, nothing for bytes.
    const FieldRule* known = rule_for(field);
    if (known == nullptr && field.type() == FieldDescriptor::TYPE_BYTES) {
        return ok_status();
    }
    const FieldRule rule =
        known != nullptr ? *known : FieldRule{field.full_name(), Shape::text, false, kFreeText};
    if (!field.is_repeated()) {
        std::string scratch;
        return check_value(rule, reflection.GetStringReference(message, &field, &scratch), path);
    }
    const int count = reflection.FieldSize(message, &field);
    if (count == 0 && rule.required) {
        return problem(path, "leeg, minstens een code nodig", "empty, at least one code needed",
                       "lijst", "list");
    }
    std::set<std::string> seen;
    for (int i = 0; i < count; ++i) {
        const std::string element = path + "[" + std::to_string(i) + "]";
        std::string scratch;
        const std::string& value =
            reflection.GetRepeatedStringReference(message, &field, i, &scratch);
        // Every element is required: an empty code in a list means nothing.
        FieldRule element_rule = rule;
        element_rule.required = true;
        WEERBAAR_TRY(check_value(element_rule, value, element));
        if (rule.shape == Shape::code && !seen.insert(value).second) {
            return problem(element, echoed(value) + " staat er twee keer in",
                           echoed(value) + " is there twice", "code", "code");
        }
    }
    return ok_status();
}

// Rules that tie fields together or bound numbers, per message type.
Status check_message_rules(const Message& message, const std::string& prefix) {
    const std::string& type = message.GetDescriptor()->full_name();
    if (type == "weerbaar.v1.Intake") {
        const auto& intake = static_cast<const v1::Intake&>(message);
        if (intake.codebook_version() != kCodebookVersion) {
            return problem(child_path(prefix, "codebook_version"),
                           "moet " + std::to_string(kCodebookVersion) + " zijn",
                           "must be " + std::to_string(kCodebookVersion));
        }
        const v1::Incident& incident = intake.incident();
        if (!incident.date_end().empty() && incident.date_end() < incident.date()) {
            return problem(child_path(prefix, "incident.date_end"), "ligt voor incident.date",
                           "lies before incident.date", "datum", "date");
        }
    } else if (type == "weerbaar.v1.CounsellingNote") {
        const auto& note = static_cast<const v1::CounsellingNote&>(message);
        if (note.duration_minutes() == 0 || note.duration_minutes() > 24 * 60) {
            return problem(child_path(prefix, "duration_minutes"), "1 tot en met 1440 minuten",
                           "1 to 1440 minutes");
        }
    } else if (type == "weerbaar.v1.StatusChange") {
        const auto& change = static_cast<const v1::StatusChange&>(message);
        if (change.status() == "intake") {
            return problem(child_path(prefix, "status"), "'intake' is alleen de beginstatus",
                           "'intake' is only the initial status", "code", "code");
        }
        if ((change.status() == "gesloten") != !change.outcome().empty()) {
            return problem(child_path(prefix, "outcome"), "hoort er precies bij status gesloten",
                           "goes exactly with status gesloten", "code", "code");
        }
    } else if (type == "weerbaar.v1.AttachmentReference") {
        const auto& reference = static_cast<const v1::AttachmentReference&>(message);
        if (reference.size() > kMaxAttachmentSize) {
            return problem(child_path(prefix, "size"), "groter dan 256 MiB", "larger than 256 MiB");
        }
        if (reference.ciphertext_size() != crypto::attachment_ciphertext_size(reference.size())) {
            return problem(child_path(prefix, "ciphertext_size"), "past niet bij size",
                           "does not match size");
        }
    } else if (type == "weerbaar.v1.Handover") {
        const auto& handover = static_cast<const v1::Handover&>(message);
        if (handover.from() == handover.to()) {
            return problem(child_path(prefix, "to"), "dezelfde als 'from'", "the same as 'from'",
                           "naam", "name");
        }
    }
    return ok_status();
}

// Every field of `message`: strings and bytes by their rule, messages recursively
// (an absent one as its empty default, so its required fields are missed), and of a
// oneof only the member that is set.
Status walk(const Message& message, const std::string& prefix) {
    const google::protobuf::Descriptor& descriptor = *message.GetDescriptor();
    const Reflection& reflection = *message.GetReflection();
    for (int i = 0; i < descriptor.field_count(); ++i) {
        const FieldDescriptor& field = *descriptor.field(i);
        if (field.containing_oneof() != nullptr && !reflection.HasField(message, &field)) {
            continue;
        }
        switch (field.cpp_type()) {
            case FieldDescriptor::CPPTYPE_STRING:
                WEERBAAR_TRY(check_strings(message, field, child_path(prefix, field.name())));
                break;
            case FieldDescriptor::CPPTYPE_MESSAGE:
                if (field.is_repeated()) {
                    for (int j = 0; j < reflection.FieldSize(message, &field); ++j) {
                        WEERBAAR_TRY(
                            walk(reflection.GetRepeatedMessage(message, &field, j),
                                 child_path(prefix, field.name()) + "[" + std::to_string(j) + "]"));
                    }
                } else {
                    // The record's kind is not part of the path: a note's text is 'text'.
                    const bool body = field.containing_oneof() != nullptr &&
                                      descriptor.full_name() == "weerbaar.v1.RecordContent";
                    WEERBAAR_TRY(walk(reflection.GetMessage(message, &field),
                                      body ? prefix : child_path(prefix, field.name())));
                }
                break;
            default:
                break;  // numbers and flags: check_message_rules
        }
    }
    return check_message_rules(message, prefix);
}

}  // namespace

Status check_record_content(const v1::RecordContent& content) {
    if (content.body_case() == v1::RecordContent::BODY_NOT_SET) {
        return Error(ErrorCode::invalid_argument,
                     "record zonder bekende soort inhoud / record without a known kind of content");
    }
    return walk(content, "");
}

std::vector<std::string_view> checked_content_fields() {
    std::vector<std::string_view> names;
    for (const FieldRule& rule : kRules) {
        names.push_back(rule.full_name);
    }
    return names;
}

}  // namespace weerbaar::client
