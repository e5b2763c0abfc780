// The content rules every writer applies before sealing (record_content_check.h):
// one failing case per kind of field, and a walk over content.proto that fails when
// a string or bytes field has no rule of its own.

#include "weerbaar/client/record_content_check.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <functional>
#include <set>

#include "record_examples.h"
#include "weerbaar/client/case_workflow.h"

namespace weerbaar::client {
namespace {

using namespace std::string_literals;
using testing::example_intake;
using testing::example_records;

// The content, with one change, must be refused naming `field`.
void refused(v1::RecordContent content, const std::function<void(v1::RecordContent&)>& change,
             const std::string& field) {
    change(content);
    const Status checked = check_record_content(content);
    INFO("expected a refusal naming '" << field << "'");
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.error().code() == ErrorCode::invalid_argument);
    INFO(checked.error().message());
    CHECK_THAT(checked.error().message(), Catch::Contains("'" + field + "'"));
    CHECK(checked.error().message().find('\n') == std::string::npos);
}

v1::RecordContent kind(v1::RecordContent::BodyCase body) {
    for (const v1::RecordContent& content : example_records()) {
        if (content.body_case() == body) {
            return content;
        }
    }
    FAIL("no example of that kind");
    return {};
}

}  // namespace

TEST_CASE("every example record of every kind is well formed", "[content]") {
    for (const v1::RecordContent& content : example_records()) {
        const Status checked = check_record_content(content);
        INFO(content.ShortDebugString() << ": " << (checked.ok() ? "" : checked.error().message()));
        CHECK(checked.ok());
    }
}

TEST_CASE("a note that is not UTF-8 is refused naming 'text'", "[content]") {
    const v1::RecordContent note = kind(v1::RecordContent::kNote);
    v1::RecordContent bad = note;
    bad.mutable_note()->set_text("Ze was erg ge\xEBmotioneerd.");
    const Status checked = check_record_content(bad);
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.error().message() ==
          "ongeldige tekst in 'text': geen geldige UTF-8 (sla het bestand op als UTF-8) / "
          "invalid text in 'text': not valid UTF-8");
    refused(
        note, [](auto& c) { c.mutable_note()->set_text("a\0b"s); }, "text");
    refused(
        note, [](auto& c) { c.mutable_note()->set_text(" \n "); }, "text");
    refused(
        note, [](auto& c) { c.mutable_note()->set_text(std::string(10'001, 'x')); }, "text");
}

TEST_CASE("every free-text field of the intake follows the text rule", "[content]") {
    const v1::RecordContent intake = example_intake();
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_reporter()->set_name(""); },
        "reporter.name");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_reporter()->set_contact("06\xFF"); },
        "reporter.contact");
    refused(
        intake,
        [](auto& c) { c.mutable_intake()->mutable_incident()->set_description("\xC0\x80"); },
        "incident.description");
    refused(
        intake, [](auto& c) { c.mutable_intake()->set_summary(std::string(10'001, 'x')); },
        "summary");
    v1::RecordContent no_reporter = intake;
    no_reporter.mutable_intake()->clear_reporter();
    refused(
        no_reporter, [](auto&) {}, "reporter.name");
}

TEST_CASE("codes must come from the codebook", "[content]") {
    const v1::RecordContent intake = example_intake();
    refused(
        intake,
        [](auto& c) {
            c.mutable_intake()->mutable_reporter()->set_office_role("wethouder\x1B[2J");
        },
        "reporter.office_role");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_reporter()->set_province("x"); },
        "reporter.province");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->add_types("x"); },
        "incident.types[2]");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->add_types("bedreiging"); },
        "incident.types[2]");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->clear_types(); },
        "incident.types");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->set_channel(""); },
        "incident.channel");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->set_perpetrator("?"); },
        "incident.perpetrator");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->set_risk_level("\xFF"); },
        "incident.risk_level");
    refused(
        intake, [](auto& c) { c.mutable_intake()->add_referrals("politie"); }, "referrals[1]");
    refused(
        kind(v1::RecordContent::kCounselling),
        [](auto& c) { c.mutable_counselling()->set_contact_kind("duiven"); }, "contact_kind");
    refused(
        kind(v1::RecordContent::kStatus),
        [](auto& c) { c.mutable_status()->set_status("opgeschort"); }, "status");
    refused(
        kind(v1::RecordContent::kStatus), [](auto& c) { c.mutable_status()->set_outcome("prima"); },
        "outcome");
    refused(
        kind(v1::RecordContent::kStatus), [](auto& c) { c.mutable_status()->set_status("nazorg"); },
        "outcome");
    refused(
        kind(v1::RecordContent::kStatus),
        [](auto& c) {
            c.mutable_status()->set_status("intake");
            c.mutable_status()->clear_outcome();
        },
        "status");
    refused(
        kind(v1::RecordContent::kReferral),
        [](auto& c) { c.mutable_referral()->set_to("waarzegger"); }, "to");
}

TEST_CASE("dates are real dates as YYYY-MM-DD, whatever today is", "[content]") {
    const v1::RecordContent intake = example_intake();
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->set_date("14-11-2026"); },
        "incident.date");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->set_date_end("2026-02-30"); },
        "incident.date_end");
    refused(
        intake, [](auto& c) { c.mutable_intake()->mutable_incident()->set_date_end("2026-11-01"); },
        "incident.date_end");
    refused(
        kind(v1::RecordContent::kCounselling),
        [](auto& c) { c.mutable_counselling()->set_date(""); }, "date");
    refused(
        kind(v1::RecordContent::kTask), [](auto& c) { c.mutable_task()->set_due("morgen"); },
        "due");
    v1::RecordContent far = kind(v1::RecordContent::kTask);
    far.mutable_task()->set_due("2099-01-01");  // no check depends on today's date
    CHECK(check_record_content(far).ok());
}

TEST_CASE("tasks, counselling notes and referrals keep to their limits", "[content]") {
    const v1::RecordContent task = kind(v1::RecordContent::kTask);
    refused(
        task, [](auto& c) { c.mutable_task()->set_title(""); }, "title");
    refused(
        task,
        [](auto& c) { c.mutable_task()->set_title(std::string(kMaxTaskTitleCharacters + 1, 'x')); },
        "title");
    refused(
        task,
        [](auto& c) {
            c.mutable_task()->set_title(
                "Terug\xFF"
                "bellen");
        },
        "title");
    refused(
        task, [](auto& c) { c.mutable_task()->set_assignee("Carla de Wit"); }, "assignee");
    refused(
        task, [](auto& c) { c.mutable_task()->set_assignee(""); }, "assignee");
    const v1::RecordContent counselling = kind(v1::RecordContent::kCounselling);
    refused(
        counselling, [](auto& c) { c.mutable_counselling()->set_text("\xFF"); }, "text");
    refused(
        counselling, [](auto& c) { c.mutable_counselling()->set_duration_minutes(0); },
        "duration_minutes");
    refused(
        counselling, [](auto& c) { c.mutable_counselling()->set_duration_minutes(1441); },
        "duration_minutes");
    refused(
        kind(v1::RecordContent::kReferral),
        [](auto& c) { c.mutable_referral()->set_note("ge\xEBmotioneerd"); }, "note");
    v1::RecordContent no_note = kind(v1::RecordContent::kReferral);
    no_note.mutable_referral()->clear_note();
    CHECK(check_record_content(no_note).ok());
}

TEST_CASE("attachments: a clean base name and byte fields of the right size", "[content]") {
    const v1::RecordContent attachment = kind(v1::RecordContent::kAttachment);
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_file_name("brief\xE9.pdf"); },
        "file_name");
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_file_name("../../etc/passwd"); },
        "file_name");
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_file_name(""); }, "file_name");
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_attachment_id("short"); },
        "attachment_id");
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_key(""); }, "key");
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_ciphertext_hash("x"); },
        "ciphertext_hash");
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_ciphertext_size(1); },
        "ciphertext_size");
    refused(
        attachment, [](auto& c) { c.mutable_attachment()->set_size(std::uint64_t{1} << 40); },
        "size");
}

TEST_CASE("handover names two different members, supersedes names a record", "[content]") {
    const v1::RecordContent handover = kind(v1::RecordContent::kHandover);
    refused(
        handover, [](auto& c) { c.mutable_handover()->set_to("bram"); }, "to");
    refused(
        handover, [](auto& c) { c.mutable_handover()->set_from("\xFF"); }, "from");
    refused(
        handover, [](auto& c) { c.mutable_handover()->set_to(""); }, "to");
    refused(
        kind(v1::RecordContent::kNote), [](auto& c) { c.set_supersedes("abc"); }, "supersedes");
    v1::RecordContent correction = kind(v1::RecordContent::kNote);
    correction.set_supersedes(std::string(crypto::kRecordIdSize, 'r'));
    CHECK(check_record_content(correction).ok());
}

TEST_CASE("a record without a known kind, or an intake of another codebook, is refused",
          "[content]") {
    v1::RecordContent empty;
    empty.set_supersedes(std::string(crypto::kRecordIdSize, 'r'));
    CHECK_FALSE(check_record_content(empty).ok());
    refused(
        example_intake(), [](auto& c) { c.mutable_intake()->set_codebook_version(2); },
        "codebook_version");
}

TEST_CASE("every string and bytes field of content.proto has a rule of its own", "[content]") {
    const std::vector<std::string_view> checked = checked_content_fields();
    const std::set<std::string> covered(checked.begin(), checked.end());
    const google::protobuf::FileDescriptor& file = *v1::RecordContent::descriptor()->file();
    std::set<std::string> fields;
    for (int m = 0; m < file.message_type_count(); ++m) {
        const google::protobuf::Descriptor& message = *file.message_type(m);
        REQUIRE(message.nested_type_count() == 0);  // would need walking too
        for (int f = 0; f < message.field_count(); ++f) {
            const google::protobuf::FieldDescriptor& field = *message.field(f);
            if (field.cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
                fields.insert(field.full_name());
                INFO("no rule in record_content_check.cpp for " << field.full_name());
                CHECK(covered.contains(field.full_name()));
            }
        }
    }
    // And no rule names a field that no longer exists.
    for (const std::string& name : covered) {
        INFO(name);
        CHECK(fields.contains(name));
    }
    CHECK(fields.size() >= 30);
}

TEST_CASE("the checks of the commands refuse what the content rule refuses", "[content]") {
    const std::chrono::year_month_day today{std::chrono::year{2026}, std::chrono::month{11},
                                            std::chrono::day{22}};
    v1::CounsellingNote contact = kind(v1::RecordContent::kCounselling).counselling();
    contact.set_text("ge\xEBmotioneerd");
    CHECK_THAT(check_counselling_note(contact, today).error().message(), Catch::Contains("'text'"));
    v1::Referral referral = kind(v1::RecordContent::kReferral).referral();
    referral.set_note("\xFF");
    CHECK_THAT(check_referral(referral).error().message(), Catch::Contains("'note'"));
    v1::Task task = kind(v1::RecordContent::kTask).task();
    task.set_title("\xFF");
    CHECK_THAT(check_task_fields(task, today).error().message(), Catch::Contains("'title'"));
    task = kind(v1::RecordContent::kTask).task();
    task.set_assignee("carla\n");
    CHECK_THAT(check_task_fields(task, today).error().message(), Catch::Contains("'assignee'"));
}

}  // namespace weerbaar::client
