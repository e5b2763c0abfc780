#include "bench_report.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>

namespace weerbaar::bench {
namespace {

std::string format(const char* pattern, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, pattern, value);
    return buffer;
}

std::string seconds(double value) { return format("%.3f", value); }

Result<std::size_t> parse_count(std::string_view text, std::string_view what,
                                bool zero_allowed = false) {
    std::size_t value = 0;
    const char* end = text.data() + text.size();
    const auto parsed = std::from_chars(text.data(), end, value);
    if (text.empty() || parsed.ec != std::errc() || parsed.ptr != end ||
        (value == 0 && !zero_allowed)) {
        const std::string shown(text);
        return Error(ErrorCode::invalid_argument,
                     "ongeldig getal '" + shown + "' in " + std::string(what) +
                         " / invalid number '" + shown + "' in " + std::string(what) +
                         ": a whole number" + (zero_allowed ? "" : " above 0") + " is expected");
    }
    return value;
}

// "a / b" for the "× something" columns.
std::string ratio_cell(const std::optional<Summary>& ratio) {
    return ratio ? format("%.2f", ratio->median) : "";
}

}  // namespace

std::optional<Summary> summarise(std::vector<double> values) {
    if (values.empty()) {
        return std::nullopt;
    }
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
    return Summary{values.front(), median, values.back()};
}

Result<std::vector<std::size_t>> parse_sizes(std::string_view text) {
    std::set<std::size_t> sizes;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        WEERBAAR_ASSIGN_OR_RETURN(const std::size_t size,
                                  parse_count(text.substr(start, comma - start), "BENCH_SIZES"));
        if (!sizes.insert(size).second) {
            return Error(ErrorCode::invalid_argument,
                         "grootte " + std::to_string(size) +
                             " staat twee keer in BENCH_SIZES / size " + std::to_string(size) +
                             " is listed twice in BENCH_SIZES");
        }
        start = comma + 1;
    }
    return std::vector<std::size_t>(sizes.begin(), sizes.end());
}

Result<std::size_t> count_from_environment(const char* name, std::size_t fallback,
                                           bool zero_allowed) {
    const char* text = std::getenv(name);
    if (text == nullptr || *text == '\0') {
        return fallback;
    }
    return parse_count(text, name, zero_allowed);
}

std::string with_thousands(std::size_t number) {
    std::string digits = std::to_string(number);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) {
        digits.insert(static_cast<std::size_t>(at), ",");
    }
    return digits;
}

std::vector<double> Figure::beyond_fixed() const {
    std::vector<double> values;
    for (std::size_t i = 0; i < wall.size() && i < fixed.size(); ++i) {
        values.push_back(wall[i] - fixed[i]);
    }
    return values;
}

std::vector<double> Figure::ratio_to_fixed() const {
    std::vector<double> values;
    for (std::size_t i = 0; i < wall.size() && i < fixed.size(); ++i) {
        if (fixed[i] > 0) {
            values.push_back(wall[i] / fixed[i]);
        }
    }
    return values;
}

std::string render_markdown(const ReportHeader& header, const std::vector<Figure>& figures) {
    std::string text = "# " + header.title + "\n\n";
    for (const std::string& line : header.lines) {
        text += "- " + line + "\n";
    }
    text +=
        "\n| figure | runs | wall s: min / median / max | cpu s | no-op s | beyond no-op s "
        "| x no-op | ms per unit | x crypto | x reference | note |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|\n";
    for (const Figure& figure : figures) {
        const auto wall = summarise(figure.wall);
        const auto cpu = summarise(figure.cpu);
        const auto fixed = summarise(figure.fixed);
        const auto beyond = summarise(figure.beyond_fixed());
        const auto ratio = summarise(figure.ratio_to_fixed());
        std::string per_unit;
        std::string crypto;
        std::string reference;
        if (beyond && figure.per > 0) {
            per_unit = format("%.3f", beyond->median * 1000.0 / static_cast<double>(figure.per)) +
                       " /" + figure.per_unit;
        }
        if (beyond && figure.crypto_seconds && *figure.crypto_seconds > 0) {
            crypto = format("%.1f", beyond->median / *figure.crypto_seconds);
        }
        if (beyond && figure.reference_seconds && *figure.reference_seconds > 0) {
            reference = format("%.1f", beyond->median / *figure.reference_seconds);
        }
        text +=
            "| " + figure.name + " | " + std::to_string(figure.wall.size()) + " | " +
            (wall ? seconds(wall->min) + " / " + seconds(wall->median) + " / " + seconds(wall->max)
                  : std::string("-")) +
            " | " + (cpu ? seconds(cpu->median) : "") + " | " +
            (fixed ? seconds(fixed->median) : "") + " | " +
            (beyond ? seconds(beyond->median) : "") + " | " + ratio_cell(ratio) + " | " + per_unit +
            " | " + crypto + " | " + reference + " | " + figure.problem + " |\n";
    }
    text +=
        "\nColumns: *wall* is the whole `weerbaar` process, from spawn to exit; *cpu* its "
        "user and system time (median; the server's is not in it); *no-op* the "
        "fixed cost measured just before each run (median); *beyond no-op* and *x no-op* are "
        "taken pair by pair, then the median; *ms per unit* is beyond no-op divided by the "
        "cases (or records); *x crypto* is beyond no-op over the same signature and MAC "
        "checks done in a loop in one process; *x reference* is beyond no-op over the "
        "figure's reference.\n";
    bool any_reference = false;
    for (const Figure& figure : figures) {
        if (figure.crypto_seconds || figure.reference_seconds || figure.sync_round_trip_seconds) {
            if (!any_reference) {
                text += "\nBaselines in one process:\n\n";
                any_reference = true;
            }
            if (figure.crypto_seconds) {
                text += "- " + figure.name + ": crypto loop " + seconds(*figure.crypto_seconds) +
                        " s\n";
            }
            if (figure.reference_seconds) {
                text += "- " + figure.name + ": " + figure.reference_name + " " +
                        seconds(*figure.reference_seconds) + " s\n";
            }
            if (figure.sync_round_trip_seconds) {
                text += "- " + figure.name +
                        ": one SyncCases round trip with nothing changed (in one process, "
                        "median) " +
                        seconds(*figure.sync_round_trip_seconds) + " s";
                if (figure.reference_seconds && *figure.reference_seconds > 0) {
                    char ratio[32];
                    std::snprintf(ratio, sizeof ratio, "%.2f",
                                  *figure.sync_round_trip_seconds / *figure.reference_seconds);
                    text += std::string(", ") + ratio + " x one ListCases round trip";
                }
                text += "\n";
            }
        }
    }
    text +=
        "\nCommands (each with WEERBAAR_PASSPHRASE set; $BENCH is the run's scratch "
        "directory):\n\n";
    for (const Figure& figure : figures) {
        if (!figure.command.empty()) {
            text += "- " + figure.name + ": `" + figure.command + "`\n";
        }
    }
    return text;
}

Status write_report(const std::filesystem::path& path, const std::string& text) {
    std::error_code error;
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path(), error);
    }
    std::ofstream out(path, std::ios::trunc);
    out << text;
    out.flush();
    if (error || !out) {
        return Error(
            ErrorCode::internal,
            "kan '" + path.string() + "' niet schrijven / cannot write '" + path.string() + "'");
    }
    return ok_status();
}

}  // namespace weerbaar::bench
