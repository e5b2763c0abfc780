// The lifecycle rules that need no server: the latest version of an edited record,
// and a member's open tasks.

#include "weerbaar/client/case_lifecycle.h"

#include <catch2/catch.hpp>

namespace weerbaar::client {
namespace {

crypto::Bytes id_of(std::uint64_t n) {
    return crypto::Bytes(crypto::kRecordIdSize, static_cast<unsigned char>(n));
}

void add(OpenedCase& opened, const std::string& author, v1::RecordContent content) {
    CaseRecord record;
    record.sequence = opened.records.size() + 1;
    record.record_id = id_of(record.sequence);
    record.author = author;
    record.author_role = author == "carla" ? crypto::Role::peer : crypto::Role::confidant;
    record.content = std::move(content);
    opened.records.push_back(std::move(record));
}

v1::RecordContent note(const std::string& text, std::uint64_t supersedes = 0) {
    v1::RecordContent content;
    content.mutable_note()->set_text(text);
    if (supersedes != 0) {
        const crypto::Bytes target = id_of(supersedes);
        content.set_supersedes(target.data(), target.size());
    }
    return content;
}

v1::RecordContent task(const std::string& assignee, bool done, std::uint64_t supersedes = 0) {
    v1::RecordContent content;
    content.mutable_task()->set_title("Woningscan");
    content.mutable_task()->set_assignee(assignee);
    content.mutable_task()->set_due("2026-12-01");
    content.mutable_task()->set_done(done);
    if (supersedes != 0) {
        const crypto::Bytes target = id_of(supersedes);
        content.set_supersedes(target.data(), target.size());
    }
    return content;
}

OpenedCase with_intake() {
    OpenedCase opened;
    v1::RecordContent intake;
    intake.mutable_intake()->set_summary("melding");
    add(opened, "bram", intake);
    return opened;
}

}  // namespace

TEST_CASE("the latest version of a twice corrected note is the second correction", "[lifecycle]") {
    OpenedCase opened = with_intake();
    add(opened, "bram", note("een"));      // 2
    add(opened, "bram", note("twee", 2));  // 3
    add(opened, "bram", note("drie", 3));  // 4
    add(opened, "bram", note("los"));      // 5
    CHECK(latest_version(opened, 2) == 4);
    CHECK(latest_version(opened, 3) == 4);
    CHECK(latest_version(opened, 4) == 4);
    CHECK(latest_version(opened, 5) == 5);
    CHECK(latest_version(opened, 0) == 0);
    CHECK(latest_version(opened, 9) == 0);
}

TEST_CASE("a correction by someone not allowed to replace does not count as a version",
          "[lifecycle]") {
    OpenedCase opened = with_intake();
    add(opened, "bram", note("een"));      // 2
    add(opened, "daan", note("twee", 2));  // 3: daan did not write #2
    CHECK(latest_version(opened, 2) == 2);
}

TEST_CASE("a member's open tasks are the current versions assigned to them, not done",
          "[lifecycle]") {
    OpenedCase opened = with_intake();
    add(opened, "bram", task("carla", false));     // 2
    add(opened, "bram", task("daan", false));      // 3
    add(opened, "bram", task("carla", false));     // 4
    add(opened, "bram", task("daan", false, 2));   // 5: #2 reassigned to daan
    add(opened, "carla", task("carla", true, 4));  // 6: #4 done
    CHECK(open_tasks_of(opened, "carla").empty());
    const auto daan = open_tasks_of(opened, "daan");
    REQUIRE(daan.size() == 2);
    CHECK(daan[0].sequence == 5);
    CHECK(daan[1].sequence == 3);
}

}  // namespace weerbaar::client
