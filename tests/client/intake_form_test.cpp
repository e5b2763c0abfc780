#include "weerbaar/client/intake_form.h"

#include <google/protobuf/descriptor.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "weerbaar/client/error_message.h"
#include "weerbaar/client/intake_json.h"

using namespace weerbaar;
using namespace weerbaar::client;
using namespace std::chrono;

namespace {

constexpr year_month_day kToday{year{2030}, month{6}, day{15}};

// Every leaf field of `descriptor` as a path ("reporter.name"), nested messages
// flattened: what the form must describe.
void leaf_paths(const google::protobuf::Descriptor& descriptor, const std::string& prefix,
                std::set<std::string>& out) {
    for (int i = 0; i < descriptor.field_count(); ++i) {
        const google::protobuf::FieldDescriptor& field = *descriptor.field(i);
        const std::string path = prefix.empty() ? field.name() : prefix + "." + field.name();
        if (field.type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE &&
            !field.is_repeated()) {
            leaf_paths(*field.message_type(), path, out);
        } else {
            out.insert(path);
        }
    }
}

v1::Intake example() {
    auto read = read_intake_file(WEERBAAR_EXAMPLE_INTAKE, kToday);
    REQUIRE(read.ok());
    return std::move(read).value();
}

}  // namespace

TEST_CASE("every field of v1::Intake has a form entry, and no entry names a missing field",
          "[intake_form]") {
    std::set<std::string> in_message;
    leaf_paths(*v1::Intake::descriptor(), "", in_message);
    std::set<std::string> described;
    for (const IntakeField& field : intake_form_fields()) {
        INFO(field.path);
        CHECK(described.insert(std::string(field.path)).second);  // no field twice
        CHECK(!field.label_nl.empty());
        CHECK(!field.gloss_en.empty());
        const bool coded =
            field.kind == IntakeFieldKind::one_code || field.kind == IntakeFieldKind::several_codes;
        CHECK(coded == field.code_list.has_value());
    }
    CHECK(described == in_message);
}

TEST_CASE("code fields take their label from the codebook", "[intake_form]") {
    const IntakeField* role = find_intake_field("reporter.office_role");
    REQUIRE(role != nullptr);
    CHECK(role->label_nl == embedded_codebook().description_nl(CodeList::office_role));
    CHECK(role->required);
    CHECK(!find_intake_field("referrals")->required);
    CHECK(find_intake_field("incident.types")->required);
}

TEST_CASE("reading and writing every field through the description round-trips the example",
          "[intake_form]") {
    const v1::Intake original = example();
    v1::Intake copy;
    for (const IntakeField& field : intake_form_fields()) {
        REQUIRE(set_intake_field_value(copy, field, intake_field_value(original, field)).ok());
    }
    CHECK(copy.SerializeAsString() == original.SerializeAsString());
    const auto types = std::get<std::vector<std::string>>(
        intake_field_value(original, *find_intake_field("incident.types")));
    CHECK(types == std::vector<std::string>{"bedreiging", "online_haat"});
    CHECK(std::get<bool>(intake_field_value(original, *find_intake_field("incident.repeated"))));
}

TEST_CASE("a value of the wrong kind is refused naming the field", "[intake_form]") {
    v1::Intake intake = new_intake();
    const Status status =
        set_intake_field_value(intake, *find_intake_field("incident.repeated"), std::string("ja"));
    REQUIRE(!status.ok());
    CHECK(status.error().field() == "incident.repeated");
    CHECK(
        !set_intake_field_value(intake, *find_intake_field("codebook_version"), std::string("een"))
             .ok());
}

TEST_CASE("a draft body brings back a half-filled form, and a damaged one is refused",
          "[intake_form]") {
    v1::Intake half = new_intake();
    half.mutable_reporter()->set_name("Marieke");
    half.mutable_incident()->add_types("bedreiging");
    half.mutable_incident()->set_police_report(true);
    auto restored = intake_from_draft_body(intake_draft_body(half));
    REQUIRE(restored.ok());
    CHECK(restored.value().SerializeAsString() == half.SerializeAsString());
    CHECK(restored.value().codebook_version() == kCodebookVersion);

    CHECK(!intake_from_draft_body("niet json").ok());
    // A value that no longer fits its field is left empty; the rest comes back.
    auto partly = intake_from_draft_body(R"({"reporter.name": 7, "summary": "s"})");
    REQUIRE(partly.ok());
    CHECK(partly.value().reporter().name().empty());
    CHECK(partly.value().summary() == "s");
}

TEST_CASE("every problem of an empty form maps to a field and reads Dutch first", "[intake_form]") {
    v1::Intake intake = new_intake();
    intake.mutable_incident()->set_date("2031-01-01");  // in the future
    intake.mutable_incident()->add_types("bestaat_niet");
    intake.mutable_incident()->add_types("bestaat_niet");
    intake.mutable_reporter()->set_name("x");
    intake.mutable_reporter()->set_municipality("Utrecht");
    const auto problems = intake_field_problems(intake, kToday);
    REQUIRE(!problems.empty());
    std::set<std::string> fields;
    for (const FieldProblem& problem : problems) {
        INFO(problem.field << ": " << problem.problem);
        REQUIRE(intake_field_of_problem(problem.field) != nullptr);
        fields.insert(std::string(intake_field_of_problem(problem.field)->path));
        const std::string text = intake_problem_text(problem);
        CHECK(is_bilingual(text));
        CHECK(text.rfind("ongeldig / ", 0) != 0);  // a known problem, with its own Dutch
    }
    CHECK(fields.contains("incident.date"));
    CHECK(fields.contains("incident.types"));
    CHECK(fields.contains("reporter.municipality"));
    CHECK(fields.contains("reporter.office_role"));
    CHECK(intake_problem_text({"incident.types[1]", "duplicate code 'a'"}) ==
          "dubbele code 'a' / duplicate code 'a'");
}
