#pragma once
// k-anonymity of the microdata by full-domain generalisation plus local suppression
// (docs/research-export.md, "k-anonymity"). Sources: L. Sweeney, "Achieving
// k-anonymity privacy protection using generalization and suppression", Int. J.
// Uncertainty, Fuzziness and Knowledge-Based Systems 10(5), 2002 (the lattice of
// generalisation levels and the Precision loss measure used below); the local
// suppression step follows the sdcMicro practice of setting one key variable to
// missing in the records of small classes (Templ, Kowarik & Meindl, J. Stat. Softw.
// 67(4), 2015). Pure, thread-safe.
//
// The algorithm, for every node (period, region, office level) of the 4 x 3 x 2 lattice:
//  1. generalise every row to the node;
//  2. rows in classes of fewer than k rows: set one quasi-identifier to "*" in all of
//     them, the one that leaves the fewest rows in classes below k (none when starring
//     does not help);
//  3. remove every row still in a class below k.
// Afterwards every combination of the three published values occurs >= k times (or no
// row is published). Among the nodes whose affected rows (starred or removed) stay
// within `max_suppression` of the input, the one with the least loss wins; when none
// does, the one that removes the fewest rows. Loss (Precision): the mean over every
// cell of the three quasi-identifiers of level / top level, where a starred or removed
// cell counts 1. Ties go to the node listed first (period level, then region, then
// office, lowest first), so the choice is deterministic.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "weerbaar/result.h"

namespace weerbaar::research {

// The ungeneralised quasi-identifiers of one row.
struct QuasiIdentifiers {
    std::string quarter;       // "2025Q3"
    std::string province;      // codebook province or ""
    std::string office_group;  // bestuurder | ...
};

// Published values in the order periode, regio, ambtsgroep.
using PublishedIdentifiers = std::array<std::string, 3>;

struct Anonymisation {
    int period_level = 0, region_level = 0, office_level = 0;
    // Per input row, in input order: the published values, or nullopt when removed.
    std::vector<std::optional<PublishedIdentifiers>> rows;
    std::size_t rows_removed = 0;
    std::size_t rows_starred = 0;  // published with one value set to "*" by step 2
    double loss = 0;               // Precision loss of the chosen node, 0..1
};

// Default bound on the rows a node may affect (starred or removed), as a share of rows.
inline constexpr double kDefaultMaxSuppression = 0.05;

// invalid_argument (field "k") when k < 2; invalid_argument (field "max_suppression")
// outside [0, 1].
[[nodiscard]] Result<Anonymisation> anonymise(const std::vector<QuasiIdentifiers>& rows,
                                              std::uint32_t k,
                                              double max_suppression = kDefaultMaxSuppression);

}  // namespace weerbaar::research
