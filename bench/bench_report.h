#pragma once
// The figures of the client benchmarks (docs/benchmarks.md): how each is summed up
// and printed. Pure functions, no I/O but the final write.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "weerbaar/result.h"

namespace weerbaar::bench {

struct Summary {
    double min = 0;
    double median = 0;  // of an even count: the mean of the two middle values
    double max = 0;
};

// nullopt for no values.
[[nodiscard]] std::optional<Summary> summarise(std::vector<double> values);

// "100,1000,10000": positive whole numbers, comma-separated, each once, returned in
// ascending order. invalid_argument, Dutch first, naming the bad item otherwise.
[[nodiscard]] Result<std::vector<std::size_t>> parse_sizes(std::string_view text);

// A whole number from the environment variable `name` (`fallback` when it is unset
// or empty), positive unless `zero_allowed`; invalid_argument naming the variable
// otherwise.
[[nodiscard]] Result<std::size_t> count_from_environment(const char* name, std::size_t fallback,
                                                         bool zero_allowed = false);

// 1234567 -> "1,234,567", as the figures are named.
[[nodiscard]] std::string with_thousands(std::size_t number);

// One measured figure: counted runs, each paired with a no-op run just before it.
struct Figure {
    explicit Figure(std::string figure_name) : name(std::move(figure_name)) {}

    std::string name;     // "case list, 1,000 cases, cold"
    std::string command;  // the command line as run (scratch paths shortened)
    std::size_t per = 0;  // cases (or records) the work scales with; 0: not per anything
    std::string per_unit = "case";
    std::vector<double> wall;   // seconds, one per counted run
    std::vector<double> cpu;    // seconds of the CLI process (user + system)
    std::vector<double> fixed;  // seconds of the no-op run paired with each counted run
    // Why the figure has fewer runs than asked or none: "over cap (> 120 s)",
    // "failed: exit 4: ...", "not measured: ...". Empty when all went well.
    std::string problem;
    // The same signature and MAC work done in a loop in one process, seconds.
    std::optional<double> crypto_seconds;
    // What the figure is compared with besides the no-op, e.g. one ListCases call.
    std::optional<double> reference_seconds;
    std::string reference_name;
    // One SyncCases round trip when nothing changed, in one process (seconds): the
    // sync alone, without listing; compared with reference_seconds in the notes.
    std::optional<double> sync_round_trip_seconds;

    // Per pair: wall - fixed, and wall / fixed.
    [[nodiscard]] std::vector<double> beyond_fixed() const;
    [[nodiscard]] std::vector<double> ratio_to_fixed() const;
};

struct ReportHeader {
    std::string title;
    std::vector<std::string> lines;  // settings and machine, one fact a line
};

// The whole report as Markdown: the header, one table row per figure, the notes
// and every command line.
[[nodiscard]] std::string render_markdown(const ReportHeader& header,
                                          const std::vector<Figure>& figures);

// Creates the parent directory and replaces `path`; internal error if it cannot.
[[nodiscard]] Status write_report(const std::filesystem::path& path, const std::string& text);

}  // namespace weerbaar::bench
