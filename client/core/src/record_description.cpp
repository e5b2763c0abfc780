#include "weerbaar/client/record_description.h"

#include "weerbaar/client/codebook.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/intake_json.h"
#include "weerbaar/crypto/bytes.h"

namespace weerbaar::client {
namespace {

// Cuts at a code point boundary so a shortened UTF-8 text stays valid.
std::string shortened(const std::string& text, std::size_t max_text) {
    if (max_text == 0 || character_count(text) <= max_text) {
        return text;
    }
    std::size_t kept = 0;
    std::size_t end = 0;
    for (; end < text.size(); ++end) {
        const bool starts_code_point = (static_cast<unsigned char>(text[end]) & 0xC0U) != 0x80U;
        if (starts_code_point && kept++ == max_text) {
            break;
        }
    }
    return text.substr(0, end) + "...";
}

std::string label(CodeList list, const std::string& code) {
    return std::string(dutch_label(list, code));
}

std::string describe_task(const v1::Task& task) {
    return std::string(task.done() ? "[gedaan] " : "[open] ") + task.title() + " (voor " +
           task.assignee() + ", uiterlijk " + task.due() + ")";
}

std::string describe_status(const v1::StatusChange& change) {
    std::string text = label(CodeList::status, change.status());
    if (!change.outcome().empty()) {
        text += ", uitkomst: " + label(CodeList::outcome, change.outcome());
    }
    return text;
}

std::string describe_attachment(const v1::AttachmentReference& attachment) {
    return attachment.file_name() + " (" + std::to_string(attachment.size()) + " bytes, id " +
           crypto::to_hex(crypto::as_bytes(attachment.attachment_id())) + ")";
}

std::string describe_handover(const v1::Handover& handover) {
    return handover.from() + " -> " + handover.to() +
           (handover.previous_keeps_access() ? ""
                                             : "; " + handover.from() + " heeft geen toegang meer");
}

// The description before it is made printable.
std::string describe(const v1::RecordContent& content, std::size_t max_text);

}  // namespace

std::string_view record_kind(const v1::RecordContent& content) {
    switch (content.body_case()) {
        case v1::RecordContent::kIntake:
            return "intake";
        case v1::RecordContent::kNote:
            return "note";
        case v1::RecordContent::kCounselling:
            return "counselling";
        case v1::RecordContent::kTask:
            return "task";
        case v1::RecordContent::kStatus:
            return "status";
        case v1::RecordContent::kReferral:
            return "referral";
        case v1::RecordContent::kAttachment:
            return "attachment";
        case v1::RecordContent::kHandover:
            return "handover";
        case v1::RecordContent::BODY_NOT_SET:
            break;
    }
    return "unknown";
}

std::string_view record_kind_label(const v1::RecordContent& content) {
    switch (content.body_case()) {
        case v1::RecordContent::kIntake:
            return "melding";
        case v1::RecordContent::kNote:
            return "notitie";
        case v1::RecordContent::kCounselling:
            return "gesprek";
        case v1::RecordContent::kTask:
            return "taak";
        case v1::RecordContent::kStatus:
            return "status";
        case v1::RecordContent::kReferral:
            return "doorverwijzing";
        case v1::RecordContent::kAttachment:
            return "bijlage";
        case v1::RecordContent::kHandover:
            return "overdracht";
        case v1::RecordContent::BODY_NOT_SET:
            break;
    }
    return "onbekend soort record";
}

std::string describe_record(const v1::RecordContent& content, std::size_t max_text) {
    return display_line(describe(content, max_text));
}

std::string describe_record_text(const v1::RecordContent& content, std::size_t max_text) {
    return display_text(describe(content, max_text));
}

namespace {

std::string describe(const v1::RecordContent& content, std::size_t max_text) {
    switch (content.body_case()) {
        case v1::RecordContent::kIntake:
            return intake_title(content.intake());
        case v1::RecordContent::kNote:
            return shortened(content.note().text(), max_text);
        case v1::RecordContent::kCounselling: {
            const v1::CounsellingNote& note = content.counselling();
            return note.date() + ", " + std::to_string(note.duration_minutes()) + " min, " +
                   label(CodeList::contact_kind, note.contact_kind()) + ": " +
                   shortened(note.text(), max_text);
        }
        case v1::RecordContent::kTask:
            return describe_task(content.task());
        case v1::RecordContent::kStatus:
            return describe_status(content.status());
        case v1::RecordContent::kReferral: {
            const std::string to = label(CodeList::referral, content.referral().to());
            const std::string& note = content.referral().note();
            return note.empty() ? to : to + ": " + shortened(note, max_text);
        }
        case v1::RecordContent::kAttachment:
            return describe_attachment(content.attachment());
        case v1::RecordContent::kHandover:
            return describe_handover(content.handover());
        case v1::RecordContent::BODY_NOT_SET:
            break;
    }
    return "(niet te tonen met deze versie)";
}

}  // namespace

std::string_view record_kind(const CaseRecord& record) {
    return record.quarantined ? "quarantined" : record_kind(record.content);
}

std::string_view record_kind_label(const CaseRecord& record) {
    return record.quarantined ? "IN QUARANTAINE" : record_kind_label(record.content);
}

std::string quarantine_notice(const CaseRecord& record) {
    // The author's own signature holds, so this names who wrote it; the case is
    // fine otherwise, and the coordinator is who can take it up with that member.
    return display_line("onleesbaar record van '" + record.author +
                        "', genegeerd: " + record.quarantine_reason +
                        "; meld dit bij de coördinator / unreadable record by '" + record.author +
                        "', ignored; report it to the coordinator");
}

}  // namespace weerbaar::client
