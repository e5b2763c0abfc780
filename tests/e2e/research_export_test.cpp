// The research export end to end through the real CLI and server: the research key
// made by the root holder, research records written by the confidant's client with
// every case write (and by backfill for a case from before the key), an export by the
// coordinator, opened by a researcher; a tampered package, a package sealed to
// another member, an over-budget release and k < 2 are refused and write nothing.
// No name, contact, municipality, free text or exact date of any case reaches a
// package file: the intakes carry markers, and every file is searched for them.

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_output.h"
#include "team_scenario.h"

namespace weerbaar::e2e {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What must never leave a case for research (markers in each intake).
struct Markers {
    std::string name, contact, municipality, description, summary, date;
};

Markers markers_for(int n) {
    const std::string tag = std::to_string(n);
    // Every day differs, and none is the first of a month: a quarter name or a
    // year never matches one by accident.
    return {"Naammarker" + tag + " Zwaantje",
            "contactmarker" + tag + "@voorbeeld.nl",
            "GM09" + std::to_string(10 + n),
            "VRIJETEKSTMARKER" + tag + " bedreigd bij de voordeur",
            "SAMENVATTINGMARKER" + tag,
            "2026-0" + std::to_string(2 + (n % 3)) + "-1" + std::to_string(n)};
}

fs::path write_intake(const fs::path& dir, int n) {
    const Markers m = markers_for(n);
    const json intake = {{"codebook_version", 1},
                         {"reporter",
                          {{"name", m.name},
                           {"contact", m.contact},
                           {"office_role", n % 2 == 0 ? "wethouder" : "burgemeester"},
                           {"municipality", m.municipality},
                           {"province", "utrecht"}}},
                         {"incident",
                          {{"date", m.date},
                           {"types", {"bedreiging", "online_haat"}},
                           {"channel", "sociale_media"},
                           {"perpetrator", "inwoner"},
                           {"repeated", true},
                           {"family_affected", false},
                           {"police_report", n == 1},
                           {"reported_to_employer", false},
                           {"risk_level", "middel"},
                           {"description", m.description}}},
                         {"referrals", {"politie"}},
                         {"summary", m.summary}};
    const fs::path path = dir / ("intake-" + std::to_string(n) + ".json");
    std::ofstream(path) << intake.dump(2);
    return path;
}

std::string case_id_from(const ProcessResult& opened) {
    std::string id = last_line(opened.out);
    REQUIRE(id.size() == 32);
    return id;
}

// Rows of microdata.csv by column name (no quoted commas in coded cells).
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
    std::vector<std::map<std::string, std::string>> rows;
    std::istringstream in(text);
    std::string line;
    std::vector<std::string> header;
    const auto split = [](const std::string& row) {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream cells_in(row);
        while (std::getline(cells_in, cell, ',')) {
            if (!cell.empty() && cell.back() == '\r') {
                cell.pop_back();
            }
            cells.push_back(cell);
        }
        return cells;
    };
    while (std::getline(in, line)) {
        if (header.empty()) {
            header = split(line);
            continue;
        }
        const std::vector<std::string> cells = split(line);
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) {
            row[header[i]] = cells[i];
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace

TEST_CASE("a coordinator exports research figures that a researcher opens", "[e2e][research]") {
    TeamScenario team({{"bram", "confidant"}, {"rita", "researcher"}});
    TempDir scratch;

    // A case from before the research key: only a backfill brings it in.
    const std::string early = case_id_from(team.must_succeed(
        "bram", {"case", "new", "--intake", write_intake(scratch.path(), 0).string()}));

    SECTION("only the root key holder makes the research key") {
        const ProcessResult refused = team.cli().run("bram", {"research", "setup"});
        CHECK(refused.exit_code != 0);
        CHECK(refused.err.find("organisatiesleutel") != std::string::npos);
    }

    team.must_succeed("anne", {"research", "setup"});
    for (int n = 1; n <= 4; ++n) {
        team.must_succeed("bram",
                          {"case", "new", "--intake", write_intake(scratch.path(), n).string()});
    }
    const auto export_to = [&](const std::string& name, std::vector<std::string> extra) {
        std::vector<std::string> args{
            "research", "export", "--out", (scratch.path() / name).string(),
            "--from",   "2026Q1", "--to",  "2026Q4"};
        args.insert(args.end(), extra.begin(), extra.end());
        return team.cli().run("anne", args);
    };

    SECTION("backfill brings in the case from before the key; the package verifies") {
        const ProcessResult before = export_to("before", {"--k", "2", "--epsilon", "0.5"});
        REQUIRE(before.exit_code == 0);
        CHECK(before.out.find("Zaken in de periode / cases in the period: 4") != std::string::npos);

        const ProcessResult backfill = team.must_succeed("bram", {"research", "backfill"});
        CHECK(backfill.out.find("5 van 5 zaken") != std::string::npos);

        const ProcessResult after = export_to("after", {"--k", "2", "--epsilon", "0.5"});
        INFO(after.out << after.err);
        REQUIRE(after.exit_code == 0);
        CHECK(after.out.find("cases in the period: 5") != std::string::npos);
        const fs::path package_dir = scratch.path() / "after";
        for (const char* name :
             {"microdata.csv", "datapackage.json", "codebook.json", "manifest.json", "rapport.md",
              "tabel_kerncijfers.csv", "onderzoekspakket.wbrp"}) {
            CHECK(fs::exists(package_dir / name));
        }

        // Every combination of the quasi-identifiers occurs at least k = 2 times.
        std::map<std::string, int> classes;
        const auto rows = csv_rows(read_file(package_dir / "microdata.csv"));
        for (const auto& row : rows) {
            REQUIRE(row.contains("periode"));
            ++classes[row.at("periode") + "|" + row.at("regio") + "|" + row.at("ambtsgroep")];
        }
        for (const auto& [combination, count] : classes) {
            INFO(combination);
            CHECK(count >= 2);
        }

        // Nothing that identifies a person or a case, in any file or in the package.
        for (const auto& entry : fs::directory_iterator(package_dir)) {
            const std::string bytes = read_file(entry.path());
            for (int n = 0; n <= 4; ++n) {
                const Markers m = markers_for(n);
                for (const std::string& marker :
                     {m.name, m.contact, m.municipality, m.description, m.summary, m.date}) {
                    INFO(entry.path().filename().string() << " holds " << marker);
                    CHECK(bytes.find(marker) == std::string::npos);
                }
            }
            CHECK(bytes.find(early) == std::string::npos);  // no case id either
        }

        // The researcher opens it: the same files, verified.
        const fs::path opened = scratch.path() / "opened";
        const ProcessResult open = team.must_succeed(
            "rita", {"research", "open", (package_dir / "onderzoekspakket.wbrp").string(), "--out",
                     opened.string()});
        CHECK(open.out.find("gemaakt door / made by anne") != std::string::npos);
        CHECK(open.out.find("privacy ledger, entry 2") != std::string::npos);
        CHECK(read_file(opened / "microdata.csv") == read_file(package_dir / "microdata.csv"));

        // One flipped byte anywhere (in the middle, in the exporter's name): refused as an
        // integrity failure, nothing written.
        const std::string original = read_file(package_dir / "onderzoekspakket.wbrp");
        for (const std::size_t at : {original.size() / 2, std::size_t{5}}) {
            std::string bytes = original;
            bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
            const fs::path tampered = scratch.path() / "tampered.wbrp";
            std::ofstream(tampered, std::ios::binary | std::ios::trunc) << bytes;
            const ProcessResult refused =
                team.cli().run("rita", {"research", "open", tampered.string(), "--out",
                                        (scratch.path() / "tampered-out").string()});
            INFO("byte " << at << ": " << refused.err);
            CHECK(refused.exit_code == 4);
            CHECK_FALSE(fs::exists(scratch.path() / "tampered-out"));
        }

        // A member who may not read the ledger still opens an unsealed package, and is
        // told the ledger was not checked.
        const ProcessResult by_confidant = team.must_succeed(
            "bram", {"research", "open", (package_dir / "onderzoekspakket.wbrp").string(), "--out",
                     (scratch.path() / "bram-opened" / "").string()});
        CHECK(by_confidant.err.find("niet nagegaan") != std::string::npos);
        CHECK(fs::exists(scratch.path() / "bram-opened" / "microdata.csv"));

        // Each export is in the audit log (entries with a detail line) and the chain
        // still verifies end to end.
        CHECK(team.must_succeed("anne", {"audit", "verify"}).out.find("audit chain verified") !=
              std::string::npos);

        // The ledger lists both releases; the budget they spent shows per quarter.
        const json ledger = json_output(team.cli().run("rita", {"research", "ledger", "--json"}));
        CHECK(ledger.at("entries").size() == 2);
        CHECK(ledger.at("spent").at("2026Q1") == "1.000");
    }

    SECTION("a package for a researcher is sealed to her alone") {
        const ProcessResult sealed = export_to("sealed", {"--k", "2", "--for", "rita"});
        REQUIRE(sealed.exit_code == 0);
        const fs::path package = scratch.path() / "sealed" / "onderzoekspakket.wbrp";
        CHECK(fs::exists(package));
        CHECK_FALSE(fs::exists(scratch.path() / "sealed" / "microdata.csv"));
        const ProcessResult other =
            team.cli().run("bram", {"research", "open", package.string(), "--out",
                                    (scratch.path() / "bram-out").string()});
        CHECK(other.exit_code == 3);
        CHECK_FALSE(fs::exists(scratch.path() / "bram-out"));
        team.must_succeed("rita", {"research", "open", package.string(), "--out",
                                   (scratch.path() / "rita-out").string()});
        CHECK(fs::exists(scratch.path() / "rita-out" / "microdata.csv"));
    }

    SECTION("a release beyond the budget, k below 2 and a researcher exporting are refused") {
        // A path that cannot take the package, and a period without cases, are refused
        // before any budget is spent.
        const auto spent_entries = [&] {
            return json_output(team.cli().run("anne", {"research", "ledger", "--json"}))
                .at("entries")
                .size();
        };
        const std::size_t entries = spent_entries();
        fs::create_symlink(scratch.path() / "nowhere", scratch.path() / "link");
        const ProcessResult via_link = export_to("link", {"--k", "2", "--epsilon", "0.1"});
        CHECK(via_link.exit_code == 2);
        CHECK(via_link.err.find("symbolische koppeling") != std::string::npos);
        const ProcessResult into_proc = team.cli().run(
            "anne", {"research", "export", "--out", "/proc/weerbaar-export", "--from", "2026Q1",
                     "--to", "2026Q4", "--k", "2", "--epsilon", "0.1"});
        INFO(into_proc.err);
        CHECK(into_proc.exit_code == 2);
        const ProcessResult empty = team.cli().run(
            "anne", {"research", "export", "--out", (scratch.path() / "empty").string(), "--from",
                     "2024Q1", "--to", "2024Q4", "--k", "2", "--epsilon", "0.1"});
        CHECK(empty.exit_code == 1);
        CHECK(empty.err.find("geen zaken") != std::string::npos);
        CHECK_FALSE(fs::exists(scratch.path() / "empty"));
        CHECK(spent_entries() == entries);

        REQUIRE(export_to("first", {"--k", "2", "--epsilon", "2"}).exit_code == 0);
        const ProcessResult over = export_to("over", {"--k", "2", "--epsilon", "1.5"});
        CHECK(over.exit_code == 1);
        CHECK(over.err.find("privacybudget van 2026Q1 is op") != std::string::npos);
        CHECK_FALSE(fs::exists(scratch.path() / "over"));
        // What is left may still be spent.
        CHECK(export_to("rest", {"--k", "2", "--epsilon", "1"}).exit_code == 0);

        const ProcessResult low_k = export_to("low-k", {"--k", "1"});
        CHECK(low_k.exit_code == 2);
        CHECK(low_k.err.find("k moet tussen 2 en 1000") != std::string::npos);
        CHECK_FALSE(fs::exists(scratch.path() / "low-k"));

        const ProcessResult researcher = team.cli().run(
            "rita", {"research", "export", "--out", (scratch.path() / "rita").string(), "--from",
                     "2026Q1", "--to", "2026Q4", "--k", "2"});
        CHECK(researcher.exit_code == 3);
        CHECK_FALSE(fs::exists(scratch.path() / "rita"));
    }

    SECTION("the researcher holds no case key and reads no case") {
        const json cases = json_output(team.cli().run("rita", {"case", "list", "--json"}));
        CHECK(cases.empty());
        const ProcessResult share =
            team.cli().run("bram", {"case", "share", early, "--with", "rita"});
        CHECK(share.exit_code != 0);
    }
}

}  // namespace weerbaar::e2e

namespace weerbaar::e2e {

TEST_CASE("a server that goes back to an older research key is caught", "[e2e][research]") {
    TeamScenario team({{"bram", "confidant"}});
    team.must_succeed("anne", {"research", "setup"});
    const std::string case_id = team.open_case("bram");
    // A second generation (as after a coordinator holding the key was revoked); bram's
    // next write seals to it, and his client remembers it.
    const ProcessResult again = team.cli().run("anne", {"research", "setup"});
    CHECK(again.exit_code == 1);  // not without saying so
    CHECK(again.err.find("--replace") != std::string::npos);
    CHECK(team.must_succeed("anne", {"research", "setup", "--replace"}).out.find("sleutel 2") !=
          std::string::npos);
    const ProcessResult noted =
        team.must_succeed("bram", {"case", "note", case_id, "--text", "Gebeld."});
    CHECK(noted.err.find("onderzoekscodes") == std::string::npos);

    // The operator serves generation 1 again: its secret may be with a revoked member.
    team.as_operator([](OperatorDatabase& database) {
        database.execute("DELETE FROM research_key_wraps WHERE generation = 2;");
        database.execute("DELETE FROM research_keys WHERE generation = 2;");
    });
    // The case write stands, and says the research codes were not stored.
    const ProcessResult written =
        team.must_succeed("bram", {"case", "note", case_id, "--text", "Nog eens gebeld."});
    CHECK(written.err.find("onderzoekscodes van deze zaak zijn niet bijgewerkt") !=
          std::string::npos);
    CHECK(written.err.find("teruggedraaid") != std::string::npos);
    // A backfill refuses outright: nothing is sealed to the older key.
    const ProcessResult backfill = team.cli().run("bram", {"research", "backfill"});
    CHECK(backfill.exit_code == 4);
    CHECK(backfill.err.find("teruggedraaid") != std::string::npos);
}

}  // namespace weerbaar::e2e

namespace weerbaar::e2e {

TEST_CASE("the research key goes from coordinator to coordinator, and a revoked exporter shows",
          "[e2e][research]") {
    TeamScenario team({{"bob", "coordinator"}, {"bram", "confidant"}, {"rita", "researcher"}});
    team.must_succeed("anne", {"research", "setup"});
    team.open_case("bram");
    team.open_case("bram");

    // Only coordinators give it, and only to coordinators.
    CHECK(team.cli().run("bram", {"research", "grant", "bob"}).exit_code == 3);
    CHECK(team.cli().run("anne", {"research", "grant", "bram"}).exit_code == 3);
    CHECK(team.cli().run("anne", {"research", "grant", "anne"}).exit_code == 2);
    // bob cannot export before he holds it.
    TempDir scratch;
    const auto export_by_bob = [&](const std::string& name) {
        return team.cli().run(
            "bob", {"research", "export", "--out", (scratch.path() / name).string(), "--from",
                    "2026Q4", "--to", "2026Q4", "--k", "2", "--epsilon", "0.5"});
    };
    const ProcessResult before = export_by_bob("before");
    CHECK(before.exit_code == 1);
    CHECK(before.err.find("onderzoekssleutel niet") != std::string::npos);
    team.must_succeed("anne", {"research", "grant", "bob"});
    REQUIRE(export_by_bob("after").exit_code == 0);

    // bob is revoked: his release was recorded before, so it still opens, with a warning.
    team.must_succeed("anne", {"member", "revoke", "bob"});
    const ProcessResult opened = team.must_succeed(
        "rita", {"research", "open", (scratch.path() / "after" / "onderzoekspakket.wbrp").string(),
                 "--out", (scratch.path() / "opened").string()});
    CHECK(opened.err.find("ingetrokken") != std::string::npos);
}

}  // namespace weerbaar::e2e
