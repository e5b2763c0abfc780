#pragma once
// microdata.csv: one row per published case, quasi-identifiers generalised and locally
// suppressed (k_anonymity.h), the other columns coded attributes.

#include <cstdint>
#include <string>
#include <vector>

#include "weerbaar/research/case_codes.h"
#include "weerbaar/research/k_anonymity.h"

namespace weerbaar::research {

struct MicrodataColumns {
    std::vector<std::string> incident_types, referrals;  // codebook order
};

// The header: periode, regio, ambtsgroep, type_<incident type>..., verwijzing_<referral>...,
// kanaal, dader, herhaald, aangifte, risico, status, uitkomst, duur.
[[nodiscard]] std::vector<std::string> microdata_header(const MicrodataColumns& columns);

struct Microdata {
    std::string csv;
    Anonymisation anonymisation;
};

// Rows sorted by their cells, so the order of the file tells nothing about the order of
// the cases. k >= 2 (else invalid_argument, field "k").
[[nodiscard]] Result<Microdata> microdata_csv(const std::vector<const CaseCodes*>& cases,
                                              const MicrodataColumns& columns, std::uint32_t k);

}  // namespace weerbaar::research
