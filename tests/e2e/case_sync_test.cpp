// fetch_case_changes (client/core case_sync.h) against the real server: the pages
// folded into one answer, only what changed after a version, and a server that
// went back in time (restored from a backup) answered with a full resync.

#include "weerbaar/client/case_sync.h"

#include <catch2/catch.hpp>
#include <set>

#include "member_core.h"
#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

std::set<crypto::Bytes> ids_of(const client::CaseChanges& changes) {
    std::set<crypto::Bytes> ids;
    for (const auto& changed : changes.changed) {
        ids.insert(crypto::Bytes(changed.case_id().begin(), changed.case_id().end()));
    }
    return ids;
}

}  // namespace

TEST_CASE("fetch_case_changes gives what changed since a version, and a reset after a restore",
          "[e2e][sync]") {
    REQUIRE(crypto::initialise().ok());
    TeamScenario team({{"bram", "confidant"}, {"carla", "peer"}});
    const crypto::Bytes first = case_key_column(team.open_case("bram"));
    const std::string second_hex = team.open_case("bram");
    const crypto::Bytes second = case_key_column(second_hex);

    std::uint64_t version = 0;
    {
        MemberCore bram(team.cli(), "bram");
        auto all = client::fetch_case_changes(bram.session(), 0);
        INFO((all.ok() ? std::string() : all.error().message()));
        REQUIRE(all.ok());
        CHECK(ids_of(all.value()) == std::set<crypto::Bytes>{first, second});
        CHECK(all.value().removed.empty());
        CHECK_FALSE(all.value().reset);
        CHECK(all.value().version > 0);
        version = all.value().version;

        auto nothing = client::fetch_case_changes(bram.session(), version);
        REQUIRE(nothing.ok());
        CHECK(nothing.value().changed.empty());
        CHECK(nothing.value().version == version);
    }

    team.must_succeed("bram", {"case", "share", second_hex, "--with", "carla"});
    team.must_succeed("carla", {"case", "note", second_hex, "--text", "Gebeld."});
    {
        MemberCore bram(team.cli(), "bram");
        auto changed = client::fetch_case_changes(bram.session(), version);
        REQUIRE(changed.ok());
        REQUIRE(changed.value().changed.size() == 1);
        CHECK(crypto::Bytes(changed.value().changed[0].case_id().begin(),
                            changed.value().changed[0].case_id().end()) == second);
        CHECK(changed.value().changed[0].record_count() == 2);
        CHECK(changed.value().version > version);
        version = changed.value().version;
    }

    // The operator puts back an older copy of the database: its change version is
    // behind what bram's client last saw.
    team.as_operator(
        [](OperatorDatabase& db) { db.execute("UPDATE sync_state SET version = 1;"); });
    MemberCore bram(team.cli(), "bram");
    auto restored = client::fetch_case_changes(bram.session(), version);
    REQUIRE(restored.ok());
    CHECK(restored.value().reset);
    CHECK(ids_of(restored.value()) == std::set<crypto::Bytes>{first, second});
    CHECK(restored.value().version < version);
}

}  // namespace weerbaar::e2e
