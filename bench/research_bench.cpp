// bench_research: the research export's figures (docs/benchmarks.md, "Research export";
// issue 11: "export of 10,000 cases in under 10 s; suppression under 10% at k = 5").
//
//   bench_research [--out FILE] [--cases N] [--runs K] [--k K] [--epsilon E] [--package DIR]
//
// N synthetic cases (10,000 by default, synthetic_organisation.h, seed 1, 2024..2026)
// are generalised once; build_research_export then runs K times (3 by default) with
// libsodium randomness, as a release would. Figures: the export's wall time (min /
// median / max), the generalisation's time, rows in the period, removed and starred
// rows and the suppression rate, the generalisation chosen, and the noise scale per
// table. --package writes the last run's files to DIR for a look at the charts.
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench_report.h"
#include "weerbaar/research/research_export.h"
#include "weerbaar/research/synthetic_organisation.h"

namespace {

using namespace weerbaar;
using namespace weerbaar::research;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string fixed(double value, const char* format) {
    char text[64];
    (void)std::snprintf(text, sizeof text, format, value);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"bench_research: the research export's time and suppression"};
    std::string out;
    std::size_t case_count = 10000;
    int runs = 3;
    std::uint32_t k = 5;
    double epsilon = 1.0;
    std::string package_dir;
    app.add_option("--out", out, "markdown file for the table");
    app.add_option("--cases", case_count, "synthetic cases")->check(CLI::Range(1, 10000000));
    app.add_option("--runs", runs, "runs of the export")->check(CLI::Range(1, 100));
    app.add_option("--k", k, "k of the microdata")->check(CLI::Range(2, 1000));
    app.add_option("--epsilon", epsilon, "epsilon of the release")->check(CLI::Range(0.001, 100.0));
    app.add_option("--package", package_dir, "write the last run's files here");
    CLI11_PARSE(app, argc, argv);

    const std::string codebook_path = WEERBAAR_CODEBOOK_JSON;
    std::ifstream in(codebook_path, std::ios::binary);
    const std::string codebook_bytes{std::istreambuf_iterator<char>(in), {}};
    auto codebook = codebook_from_json(codebook_bytes);
    if (!codebook.ok()) {
        (void)std::fprintf(stderr, "bench_research: %s: %s\n", codebook_path.c_str(),
                           codebook.error().message().c_str());
        return 1;
    }

    auto start = Clock::now();
    const auto facts = synthetic_cases(case_count, 1, 2024, 3);
    const double generate_seconds = seconds_since(start);
    start = Clock::now();
    std::vector<CaseCodes> cases;
    cases.reserve(facts.size());
    for (const auto& f : facts) {
        cases.push_back(generalise(f));
    }
    const double generalise_seconds = seconds_since(start);

    ExportSettings settings;
    settings.from_period = "2024Q1";
    settings.to_period = "2026Q4";
    settings.k = k;
    settings.epsilon_millis = static_cast<std::uint32_t>(std::lround(epsilon * 1000));
    settings.exporter = "bench";
    settings.created_unix = 1'790'000'000;

    SodiumRandom random;
    std::vector<double> times;
    std::optional<ResearchExport> last;
    for (int run = 0; run < runs; ++run) {
        start = Clock::now();
        auto result = build_research_export(cases, settings, codebook.value(), random);
        times.push_back(seconds_since(start));
        if (!result.ok()) {
            (void)std::fprintf(stderr, "bench_research: %s\n", result.error().message().c_str());
            return 1;
        }
        last = std::move(result).value();
    }
    const auto summary = *bench::summarise(times);
    const ExportReport& report = last->report;
    const double in_period = static_cast<double>(report.rows_in_period);
    const auto rate = [&](std::size_t rows) {
        return fixed(in_period > 0 ? 100.0 * static_cast<double>(rows) / in_period : 0, "%.2f%%");
    };
    std::size_t bytes = 0;
    for (const auto& [name, content] : last->files) {
        bytes += content.size();
    }

    std::string table = "# Research export (bench_research)\n\n";
    table += "- " + bench::with_thousands(case_count) +
             " synthetic cases (seed 1, 2024Q1..2026Q4), k = " + std::to_string(k) +
             ", epsilon = " + fixed(settings.epsilon_millis / 1000.0, "%.3f") + ", " +
             std::to_string(runs) + " runs, libsodium randomness\n\n";
    table += "| figure | value |\n|---|---|\n";
    table += "| build_research_export, s (min / median / max) | " + fixed(summary.min, "%.3f") +
             " / " + fixed(summary.median, "%.3f") + " / " + fixed(summary.max, "%.3f") + " |\n";
    table += "| generating the cases, s | " + fixed(generate_seconds, "%.3f") + " |\n";
    table += "| generalise() of every case, s | " + fixed(generalise_seconds, "%.3f") + " |\n";
    table += "| rows in the period | " + bench::with_thousands(report.rows_in_period) + " |\n";
    table += "| rows removed (suppressed) | " + bench::with_thousands(report.rows_suppressed) +
             " (" + rate(report.rows_suppressed) + ") |\n";
    table += "| rows with one value set to * | " + bench::with_thousands(report.rows_starred) +
             " (" + rate(report.rows_starred) + ") |\n";
    table += "| suppression rate (removed + starred) | " +
             rate(report.rows_suppressed + report.rows_starred) + " |\n";
    table += "| generalisation (periode / regio / ambtsgroep) | " + report.period_level + " / " +
             report.region_level + " / " + report.office_level + " |\n";
    table += "| information loss (Precision) | " + fixed(report.information_loss, "%.3f") + " |\n";
    for (const auto& [name, scale] : report.noise_scale_per_table) {
        table += "| noise, " + name + " | " + scale + " |\n";
    }
    table += "| package size, bytes | " + bench::with_thousands(bytes) + " |\n";
    std::fputs(table.c_str(), stdout);

    if (!out.empty()) {
        if (auto written = bench::write_report(out, table); !written.ok()) {
            (void)std::fprintf(stderr, "bench_research: %s\n", written.error().message().c_str());
            return 1;
        }
    }
    if (!package_dir.empty()) {
        std::filesystem::create_directories(package_dir);
        for (const auto& [name, content] : last->files) {
            std::ofstream file(std::filesystem::path(package_dir) / name, std::ios::binary);
            file.write(content.data(), static_cast<std::streamsize>(content.size()));
            if (!file) {
                (void)std::fprintf(stderr, "bench_research: cannot write %s\n", name.c_str());
                return 1;
            }
        }
    }
    return 0;
}
