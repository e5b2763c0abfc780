#pragma once
// The research export (docs/research-export.md): a coordinator holding the research key
// reads every case's research record (research_compartment.h), never a case, and writes
// one signed package of k-anonymous microdata, noisy aggregate tables, charts, the
// codebook and a Frictionless Data Package manifest (client/research). The release's
// privacy budget is spent in the server's signed, append-only privacy ledger before a
// byte is written, so a release beyond the budget is refused and leaves nothing.
// A researcher opens the package with open_research_package.
//
// Threading: as the rest of the core (client_api.h); every call may wait on the
// network and, for the export, on the disk.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/client/long_work.h"
#include "weerbaar/client/member_directory.h"
#include "weerbaar/client/session.h"
#include "weerbaar/research/research_export.h"

namespace weerbaar::client {

// The name of the package file in an export's directory.
inline constexpr std::string_view kResearchPackageName = "onderzoekspakket.wbrp";

struct ResearchExportRequest {
    std::string from_period;                    // "2025Q1"
    std::string to_period;                      // "2026Q4", not before from_period
    std::uint32_t k = 5;                        // 2 .. 1000
    std::uint32_t epsilon_millis = 1000;        // epsilon x 1000: 1 .. 100000
    std::filesystem::path out;                  // a directory that does not exist yet, or is empty
    std::optional<std::string> for_researcher;  // encrypt the package to this researcher
};

// The period an export covers when none is given: the eight quarters up to and
// including the last full quarter before `today` ("2024Q4", "2026Q3" on 2026-12-01).
[[nodiscard]] std::pair<std::string, std::string> default_research_period(
    std::chrono::year_month_day today);

// The period as the person gave it, completed: both ends empty gives the default; one
// end given gives eight quarters from it or up to it ("--to 2020Q1" alone is 2018Q2 to
// 2020Q1). Given ends are kept as typed (check_research_export_request checks them).
[[nodiscard]] std::pair<std::string, std::string> complete_research_period(
    const std::string& from, const std::string& to, std::chrono::year_month_day today);

// Checks that need no server, each refusal naming its field ("from_period",
// "to_period", "k", "epsilon", "out", "for"), Dutch first.
[[nodiscard]] Status check_research_export_request(const ResearchExportRequest& request);
// "1", "0.5", "1.25" -> 1000, 500, 1250; at most three decimals, 0.001 .. 100.
// invalid_argument with field "epsilon" otherwise.
[[nodiscard]] Result<std::uint32_t> parse_epsilon(std::string_view text);
[[nodiscard]] std::string format_epsilon(std::uint32_t epsilon_millis);  // 1250 -> "1.250"

struct ResearchExportResult {
    std::filesystem::path package;         // out / kResearchPackageName
    std::vector<std::string> files;        // plain files written beside it (none with a researcher)
    research::ExportReport report;         // generalisation, suppression, noise per table
    std::size_t records_read = 0;          // research records that opened and verified
    std::size_t records_unusable = 0;      // signed by a member but not usable (left out, counted)
    std::uint64_t ledger_sequence = 0;     // the privacy ledger entry of this release
    std::string manifest_hash;             // hex, as in the ledger and the audit log
    std::uint32_t budget_left_millis = 0;  // the least budget left over the release's quarters
};

// The whole export. Refusals: permission_denied (not a coordinator),
// failed_precondition (no research key, or the caller does not hold it),
// resource_exhausted (the release would exceed the privacy budget of a quarter:
// nothing written), already_exists (field "out": the directory holds files),
// integrity_failure (a research record, its author or the ledger does not verify:
// the server or a forger, nothing written). `work`: progress in records read.
[[nodiscard]] Result<ResearchExportResult> export_research(const Session& session,
                                                           MemberDirectory& directory,
                                                           const ResearchExportRequest& request,
                                                           const LongWork& work = {});

struct OpenedResearchPackage {
    std::string exporter;
    std::uint64_t created = 0;  // unix seconds, the exporter's clock
    bool encrypted = false;
    std::vector<std::string> files;  // written to the output directory
    std::string from_period, to_period;
    std::uint32_t k = 0;
    std::uint32_t epsilon_millis = 0;
    std::string manifest_hash;          // hex
    std::uint64_t ledger_sequence = 0;  // the ledger entry naming this manifest; 0: none found
    bool ledger_checked = false;        // false: the caller may not read the ledger
    bool exporter_revoked = false;      // signed before the exporter was revoked (ledger names it)
};

// `weerbaar research open`: verifies the exporter (a coordinator whose certificate
// chains to the pinned root), the package signature, decrypts it when it is sealed
// to the caller, checks every file against the signed manifest (name, size, hash),
// looks the manifest up in the privacy ledger (coordinators and researchers), and only
// then writes the files to `out` (a directory that does not exist yet or is empty).
// Any altered byte is the one opaque integrity_failure and writes nothing; so is a
// package of a revoked coordinator that the ledger does not name.
[[nodiscard]] Result<OpenedResearchPackage> open_research_package(
    const Session& session, MemberDirectory& directory, const std::filesystem::path& package,
    const std::filesystem::path& out);

struct PrivacyLedgerLine {
    std::uint64_t sequence = 0;
    std::string exporter;
    std::uint64_t time = 0;
    std::string from_period, to_period;
    std::uint32_t k = 0;
    std::uint32_t epsilon_millis = 0;
    std::string manifest_hash;  // hex
};
struct PrivacyLedgerView {
    std::vector<PrivacyLedgerLine> entries;  // verified, in order
    std::uint32_t budget_millis_per_quarter = 0;
    std::map<std::string, std::uint32_t> spent_millis;  // quarter -> epsilon spent
};
// The ledger, each entry's signature checked against its exporter's certified key and
// the chain checked from entry 1 (integrity_failure otherwise). Coordinators and
// researchers.
[[nodiscard]] Result<PrivacyLedgerView> privacy_ledger(const Session& session,
                                                       MemberDirectory& directory);

}  // namespace weerbaar::client
