// What a front end's case view shows before and besides the network: the cached
// verified case at the remembered head (first paint), the intake under Dutch names
// and labels, and the default name of a saved attachment.
#include <catch2/catch.hpp>
#include <string>

#include "scratch_directory.h"
#include "weerbaar/client/case_cache.h"
#include "weerbaar/client/case_reader.h"
#include "weerbaar/client/codebook.h"
#include "weerbaar/client/intake_form.h"
#include "weerbaar/client/intake_view.h"
#include "weerbaar/client/text_rule.h"
#include "weerbaar/client/trust_store.h"
#include "weerbaar/crypto/keystore.h"

namespace weerbaar::client {
namespace {

using testing::ScratchDirectory;

const crypto::SecretBuffer& store_key() {
    static const auto key = [] {
        REQUIRE(crypto::initialise().ok());
        return crypto::SecretBuffer::random(crypto::kLocalStoreKeySize);
    }();
    return key;
}

OpenedCase cached_example(std::uint64_t records) {
    OpenedCase opened;
    opened.case_id = crypto::Bytes(16, 0x3c);
    opened.epoch = 1;
    opened.summary.set_case_id(std::string(16, '\x3c'));
    opened.summary.set_epoch(1);
    opened.summary.set_record_count(records);
    opened.members = {{"bram", 1}};
    opened.creator = "bram";
    for (std::uint64_t i = 1; i <= records; ++i) {
        CaseRecord record;
        record.sequence = i;
        record.record_id = crypto::Bytes(16, static_cast<std::uint8_t>(i));
        record.author = "bram";
        record.hash = crypto::Bytes(32, static_cast<std::uint8_t>(0x40 + i));
        record.content.mutable_note()->set_text("regel 1\nregel 2");
        opened.records.push_back(std::move(record));
    }
    return opened;
}

CaseHead head_of(const OpenedCase& opened) {
    const CaseRecord& newest = opened.records.back();
    return CaseHead{newest.sequence, crypto::to_hex(newest.hash), opened.epoch, opened.creator};
}

}  // namespace

TEST_CASE("the cached case is given only while its newest record is the remembered head",
          "[case-view]") {
    const ScratchDirectory scratch;
    auto trust = TrustStore::open(scratch.path(), store_key());
    REQUIRE(trust.ok());
    const OpenedCase opened = cached_example(3);
    const std::string case_hex = crypto::to_hex(opened.case_id);

    // Never read: nothing to paint.
    REQUIRE(cached_case(trust.value(), opened.case_id).ok());
    CHECK_FALSE(cached_case(trust.value(), opened.case_id).value().has_value());

    // Cached but no head remembered: not trusted.
    REQUIRE(CaseCache(trust.value().store()).put(opened).ok());
    CHECK_FALSE(cached_case(trust.value(), opened.case_id).value().has_value());

    REQUIRE(trust.value().set_case_head(case_hex, head_of(opened)).ok());
    const auto found = cached_case(trust.value(), opened.case_id);
    REQUIRE(found.ok());
    REQUIRE(found.value().has_value());
    CHECK(found.value()->records.size() == 3);
    CHECK(found.value()->records[1].content.note().text() == "regel 1\nregel 2");
    CHECK(found.value()->keys.empty());

    // The head moved on (a newer record was verified): the cached entry is stale.
    OpenedCase newer = cached_example(4);
    REQUIRE(trust.value().set_case_head(case_hex, head_of(newer)).ok());
    CHECK_FALSE(cached_case(trust.value(), opened.case_id).value().has_value());
}

TEST_CASE(
    "a cached case whose newest record differs from the head at the same sequence is not "
    "given",
    "[case-view]") {
    const ScratchDirectory scratch;
    auto trust = TrustStore::open(scratch.path(), store_key());
    REQUIRE(trust.ok());
    OpenedCase opened = cached_example(2);
    const CaseHead head = head_of(opened);
    opened.records.back().hash = crypto::Bytes(32, 0xee);  // another record 2
    REQUIRE(CaseCache(trust.value().store()).put(opened).ok());
    REQUIRE(trust.value().set_case_head(crypto::to_hex(opened.case_id), head).ok());
    CHECK_FALSE(cached_case(trust.value(), opened.case_id).value().has_value());
}

TEST_CASE("the intake shows the form's Dutch field names and codebook labels, free text made safe",
          "[case-view]") {
    v1::Intake intake;
    intake.set_codebook_version(1);
    intake.mutable_reporter()->set_name("Els\x1b[2J");
    intake.mutable_reporter()->set_office_role("statenlid");
    intake.mutable_reporter()->set_municipality("GM0363");
    intake.mutable_reporter()->set_province("noord_holland");
    intake.mutable_incident()->set_date("2026-03-01");
    intake.mutable_incident()->add_types("bedreiging");
    intake.mutable_incident()->add_types("niet_bestaand");
    intake.mutable_incident()->set_police_report(true);
    intake.mutable_incident()->set_description("eerste regel\ntweede regel\x1b[2J");
    const auto lines = intake_lines(intake);
    const auto line_of = [&lines](const std::string& path) -> const IntakeLine* {
        for (const IntakeLine& line : lines) {
            if (line.path == path) {
                return &line;
            }
        }
        return nullptr;
    };
    const auto value_of = [&line_of](const std::string& path) -> std::string {
        const IntakeLine* line = line_of(path);
        return line == nullptr ? "<absent>" : line->value;
    };
    CHECK(value_of("codebook_version") == "<absent>");
    CHECK(value_of("reporter.name") == "Els\\u{1B}[2J");
    CHECK(value_of("reporter.contact") == "<absent>");  // optional and empty: left out
    CHECK(value_of("reporter.office_role") == "Statenlid");
    CHECK(value_of("reporter.province") == "Noord-Holland");
    CHECK(value_of("incident.types") ==
          std::string(dutch_label(CodeList::incident_type, "bedreiging")) + ", niet_bestaand");
    CHECK(value_of("incident.police_report") == "ja");
    CHECK(value_of("incident.repeated") == "nee");
    CHECK(value_of("referrals") == "-");
    CHECK(value_of("incident.description") == "eerste regel\ntweede regel\\u{1B}[2J");
    // Names are the form's, so the view and the form that wrote it agree.
    for (const IntakeLine& line : lines) {
        INFO(line.path);
        const IntakeField* field = find_intake_field(line.path);
        REQUIRE(field != nullptr);
        CHECK(line.name == std::string(field->label_nl));
    }
    REQUIRE_FALSE(lines.empty());
    CHECK(lines.front().path == "reporter.name");
}

TEST_CASE("a saved attachment's default name is a safe base name, never a path", "[case-view]") {
    CHECK(safe_save_name("verslag.pdf") == "verslag.pdf");
    CHECK(safe_save_name("../../etc/passwd") == "_.._etc_passwd");
    CHECK(safe_save_name("..\\..\\boot.ini") == "_.._boot.ini");
    CHECK(safe_save_name(".bashrc") == "bashrc");
    CHECK(safe_save_name("a\x1b[2Jb") == "a_[2Jb");
    CHECK(safe_save_name("cod\xE2\x80\xAE"
                         "fdp.exe") == "cod_fdp.exe");
    CHECK(safe_save_name("") == "bijlage");
    CHECK(safe_save_name("...") == "bijlage");
    CHECK(safe_save_name(" . ") == "bijlage");
}

}  // namespace weerbaar::client
