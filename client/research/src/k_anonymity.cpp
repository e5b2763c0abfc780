#include "weerbaar/research/k_anonymity.h"

#include <unordered_map>

#include "weerbaar/research/hierarchy.h"

namespace weerbaar::research {
namespace {

using ClassCounts = std::unordered_map<std::string, std::size_t>;

std::string class_key(const PublishedIdentifiers& values) {
    // The unit separator cannot occur in a code, so distinct triples give distinct keys.
    return values[0] + '\x1f' + values[1] + '\x1f' + values[2];
}

ClassCounts count_classes(const std::vector<std::optional<PublishedIdentifiers>>& rows) {
    ClassCounts counts;
    for (const auto& row : rows) {
        if (row) {
            ++counts[class_key(*row)];
        }
    }
    return counts;
}

std::size_t rows_below_k(const std::vector<std::optional<PublishedIdentifiers>>& rows,
                         std::uint32_t k) {
    const ClassCounts counts = count_classes(rows);
    std::size_t below = 0;
    for (const auto& row : rows) {
        if (row && counts.at(class_key(*row)) < k) {
            ++below;
        }
    }
    return below;
}

// Steps 1 to 3 of the header for one node; `loss` as the header defines it.
Anonymisation anonymise_at(const std::vector<QuasiIdentifiers>& input, std::uint32_t k,
                           const std::array<int, 3>& levels) {
    static constexpr std::array<int, 3> kTops{kPeriodTop, kRegionTop, kOfficeTop};
    Anonymisation result;
    result.period_level = levels[0];
    result.region_level = levels[1];
    result.office_level = levels[2];
    result.rows.reserve(input.size());
    for (const auto& row : input) {
        result.rows.emplace_back(PublishedIdentifiers{
            generalise_period(row.quarter, levels[0]), generalise_region(row.province, levels[1]),
            generalise_office(row.office_group, levels[2])});
    }

    const ClassCounts counts = count_classes(result.rows);
    std::vector<std::size_t> small;
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        if (counts.at(class_key(*result.rows[i])) < k) {
            small.push_back(i);
        }
    }

    // Step 2: the one quasi-identifier whose starring leaves the fewest rows below k.
    std::optional<std::size_t> best_column;
    std::size_t best_below = small.size();
    for (std::size_t column = 0; column < 3 && !small.empty(); ++column) {
        if (levels[column] == kTops[column]) {
            continue;  // already "*" everywhere: starring changes nothing
        }
        auto trial = result.rows;
        for (std::size_t i : small) {
            (*trial[i])[column] = std::string(kSuppressed);
        }
        const std::size_t below = rows_below_k(trial, k);
        if (below < best_below) {
            best_below = below;
            best_column = column;
        }
    }
    if (best_column) {
        for (std::size_t i : small) {
            (*result.rows[i])[*best_column] = std::string(kSuppressed);
        }
    }

    // Step 3: whatever is still below k goes.
    const ClassCounts after = count_classes(result.rows);
    std::vector<bool> starred(result.rows.size(), false);
    if (best_column) {
        for (std::size_t i : small) {
            starred[i] = true;
        }
    }
    double lost = 0;
    for (std::size_t i = 0; i < result.rows.size(); ++i) {
        auto& row = result.rows[i];
        if (after.at(class_key(*row)) < k) {
            row.reset();
            ++result.rows_removed;
            lost += 3;
            continue;
        }
        if (starred[i]) {
            ++result.rows_starred;
        }
        for (std::size_t column = 0; column < 3; ++column) {
            const bool star = starred[i] && column == *best_column;
            lost += star ? 1.0 : static_cast<double>(levels[column]) / kTops[column];
        }
    }
    result.loss = input.empty() ? 0.0 : lost / (3.0 * static_cast<double>(input.size()));
    return result;
}

}  // namespace

Result<Anonymisation> anonymise(const std::vector<QuasiIdentifiers>& rows, std::uint32_t k,
                                double max_suppression) {
    if (k < 2) {
        return Error(ErrorCode::invalid_argument, "k moet minstens 2 zijn / k must be at least 2",
                     "k");
    }
    if (!(max_suppression >= 0.0 && max_suppression <= 1.0)) {
        return Error(ErrorCode::invalid_argument,
                     "de grens voor onderdrukking ligt tussen 0 en 1 / the suppression bound "
                     "lies between 0 and 1",
                     "max_suppression");
    }
    const double allowed = max_suppression * static_cast<double>(rows.size());
    std::optional<Anonymisation> best_within;  // least loss within the bound
    std::optional<Anonymisation> best_any;     // fewest removed rows otherwise
    for (int p = 0; p <= kPeriodTop; ++p) {
        for (int r = 0; r <= kRegionTop; ++r) {
            for (int o = 0; o <= kOfficeTop; ++o) {
                Anonymisation node = anonymise_at(rows, k, {p, r, o});
                const auto affected = static_cast<double>(node.rows_removed + node.rows_starred);
                if (affected <= allowed && (!best_within || node.loss < best_within->loss)) {
                    best_within = node;
                }
                if (!best_any || node.rows_removed < best_any->rows_removed ||
                    (node.rows_removed == best_any->rows_removed && node.loss < best_any->loss)) {
                    best_any = std::move(node);
                }
            }
        }
    }
    return best_within ? std::move(*best_within) : std::move(*best_any);
}

}  // namespace weerbaar::research
