// `weerbaar research ...`: the research compartment and the anonymised export
// (docs/research-export.md). Checks that need no server run before the passphrase
// is asked.
#include <iomanip>
#include <iostream>
#include <tuple>

#include "command_session.h"
#include "commands.h"
#include "weerbaar/client/calendar_date.h"
#include "weerbaar/client/display_text.h"
#include "weerbaar/client/research_compartment.h"
#include "weerbaar/client/research_export.h"

namespace weerbaar::cli {
namespace {

double percent(std::size_t part, std::size_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

Status run_research_setup(const std::filesystem::path& directory, bool replace) {
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const std::uint32_t generation,
                              client::create_research_key(open.session, members, replace));
    std::cout << "Onderzoekssleutel " << generation
              << " gemaakt en door de organisatiesleutel ondertekend / research key " << generation
              << " made and certified by the root key.\n"
              << "Vanaf nu legt elke schrijvende client de onderzoekscodes van een zaak vast; "
                 "'weerbaar research backfill' doet dat voor bestaande zaken / from now on every "
                 "writing client records a case's research codes; 'research backfill' does it for "
                 "existing cases."
              << std::endl;
    if (generation > 1) {
        std::cout << "Geef de nieuwe sleutel opnieuw aan de andere coördinatoren met 'research "
                     "grant', en laat de leden 'research backfill' doen / give the new key to the "
                     "other coordinators again, and have members run 'research backfill'."
                  << std::endl;
    }
    return ok_status();
}

Status run_research_grant(const std::filesystem::path& directory, const std::string& user) {
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_TRY(client::grant_research_key(open.session, members, user));
    std::cout << "Onderzoekssleutel gegeven aan / research key given to " << user << std::endl;
    return ok_status();
}

Status run_research_backfill(const std::filesystem::path& directory) {
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::BackfillReport report,
                              client::research_backfill(open.session, members));
    std::cout << "Onderzoekscodes vastgelegd voor " << report.stored << " van " << report.cases
              << " zaken / research codes stored for " << report.stored << " of " << report.cases
              << " cases";
    if (report.unverified > 0) {
        std::cout << "; " << report.unverified
                  << " niet geverifieerd en overgeslagen / failed verification, skipped";
    }
    if (report.without_intake > 0) {
        std::cout << "; " << report.without_intake
                  << " zonder bruikbare intake / without a usable intake";
    }
    std::cout << std::endl;
    return ok_status();
}

Status run_research_export(const std::filesystem::path& directory,
                           const ResearchExportOptions& options) {
    client::ResearchExportRequest request;
    std::tie(request.from_period, request.to_period) =
        client::complete_research_period(options.from, options.to, client::local_today());
    request.k = options.k;
    if (options.epsilon) {
        WEERBAAR_ASSIGN_OR_RETURN(request.epsilon_millis, client::parse_epsilon(*options.epsilon));
    }
    request.out = options.out;
    request.for_researcher = options.for_researcher;
    WEERBAAR_TRY(client::check_research_export_request(request));
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::ResearchExportResult result,
                              client::export_research(open.session, members, request));
    const research::ExportReport& report = result.report;
    std::cout << "Pakket / package: " << client::display_line(result.package.string()) << "\n"
              << "Periode / period: " << request.from_period << " - " << request.to_period
              << ", k = " << request.k
              << ", epsilon = " << client::format_epsilon(request.epsilon_millis) << "\n"
              << "Zaken in de periode / cases in the period: " << report.rows_in_period
              << ", gepubliceerd / published: " << report.rows_published
              << ", onderdrukt / suppressed: " << report.rows_suppressed << " (" << std::fixed
              << std::setprecision(1) << percent(report.rows_suppressed, report.rows_in_period)
              << "%), met een kenmerk op * / starred: " << report.rows_starred << " ("
              << percent(report.rows_starred, report.rows_in_period) << "%)\n"
              << "Generalisatie / generalisation: periode " << report.period_level << ", regio "
              << report.region_level << ", ambt " << report.office_level << "\n";
    for (const auto& [table, scale] : report.noise_scale_per_table) {
        std::cout << "Ruis / noise " << table << ": " << scale << "\n";
    }
    std::cout << "Onderzoeksrecords gelezen / research records read: "
              << result.records_read + result.records_unusable
              << " (vergelijk met het aantal zaken van het team / compare with the team's cases)\n";
    if (result.records_unusable > 0) {
        std::cout << "Niet bruikbare onderzoeksrecords / unusable research records: "
                  << result.records_unusable
                  << " (oudere sleutel of onbekende codes; 'research backfill' vernieuwt ze)\n";
    }
    std::cout << "Privacylogboek / privacy ledger: regel " << result.ledger_sequence
              << ", manifest " << result.manifest_hash
              << ", kleinste resterende budget over de kwartalen / least budget left over the "
                 "quarters: "
              << client::format_epsilon(result.budget_left_millis) << std::endl;
    return ok_status();
}

Status run_research_open(const std::filesystem::path& directory,
                         const std::filesystem::path& package, const std::filesystem::path& out) {
    // Before the passphrase: a missing file is a typo to fix first.
    if (std::error_code error; !std::filesystem::is_regular_file(package, error)) {
        return Error(ErrorCode::not_found,
                     "pakket '" + package.string() + "' niet gevonden / package not found",
                     "package");
    }
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::OpenedResearchPackage opened,
                              client::open_research_package(open.session, members, package, out));
    std::cout << "Pakket geverifieerd / package verified: gemaakt door / made by "
              << opened.exporter
              << (opened.encrypted ? ", versleuteld voor jou / sealed to you" : "") << "\n"
              << "Periode / period: " << opened.from_period << " - " << opened.to_period
              << ", k = " << opened.k
              << ", epsilon = " << client::format_epsilon(opened.epsilon_millis) << "\n"
              << opened.files.size() << " bestanden in / files in "
              << client::display_line(out.string()) << std::endl;
    if (opened.exporter_revoked) {
        std::cerr << "let op / warning: de maker van dit pakket is sindsdien ingetrokken; het "
                     "privacylogboek noemt het wel / its exporter has been revoked since; the "
                     "privacy ledger names it"
                  << std::endl;
    }
    if (!opened.ledger_checked) {
        std::cerr
            << "let op / warning: alleen coördinatoren en onderzoekers lezen het "
               "privacylogboek; of dit pakket erin staat is niet nagegaan / only coordinators "
               "and researchers read the privacy ledger: not checked"
            << std::endl;
    } else if (opened.ledger_sequence == 0) {
        std::cerr << "let op / warning: het privacylogboek noemt dit pakket niet; vraag de "
                     "coördinator ernaar / the privacy ledger does not name this package"
                  << std::endl;
    } else {
        std::cout
            << "Vastgelegd in het privacylogboek, regel / recorded in the privacy ledger, entry "
            << opened.ledger_sequence << std::endl;
    }
    return ok_status();
}

Status run_research_ledger(const std::filesystem::path& directory, bool json) {
    WEERBAAR_ASSIGN_OR_RETURN(CommandSession open, open_command_session(directory));
    client::MemberDirectory members(open.session, open.trust);
    WEERBAAR_ASSIGN_OR_RETURN(const client::PrivacyLedgerView ledger,
                              client::privacy_ledger(open.session, members));
    if (json) {
        nlohmann::json out;
        out["budget_per_quarter"] = client::format_epsilon(ledger.budget_millis_per_quarter);
        out["entries"] = nlohmann::json::array();
        for (const client::PrivacyLedgerLine& line : ledger.entries) {
            out["entries"].push_back({{"sequence", line.sequence},
                                      {"exporter", line.exporter},
                                      {"time", line.time},
                                      {"from", line.from_period},
                                      {"to", line.to_period},
                                      {"k", line.k},
                                      {"epsilon", client::format_epsilon(line.epsilon_millis)},
                                      {"manifest", line.manifest_hash}});
        }
        out["spent"] = nlohmann::json::object();
        for (const auto& [quarter, spent] : ledger.spent_millis) {
            out["spent"][quarter] = client::format_epsilon(spent);
        }
        print_json(out);
        return ok_status();
    }
    std::cout << "Budget per kwartaal / budget per quarter: epsilon "
              << client::format_epsilon(ledger.budget_millis_per_quarter) << "\n";
    for (const client::PrivacyLedgerLine& line : ledger.entries) {
        std::cout << line.sequence << "  " << line.from_period << "-" << line.to_period
                  << "  k=" << line.k << "  epsilon=" << client::format_epsilon(line.epsilon_millis)
                  << "  " << line.exporter << "  manifest " << line.manifest_hash.substr(0, 16)
                  << "\n";
    }
    for (const auto& [quarter, spent] : ledger.spent_millis) {
        std::cout << quarter << ": besteed / spent " << client::format_epsilon(spent) << "\n";
    }
    std::cout << std::flush;
    return ok_status();
}

}  // namespace weerbaar::cli
