#pragma once
// rapport.md: the export's report for a reader of the package, in Dutch.

#include <string>

#include "weerbaar/research/research_export.h"

namespace weerbaar::research {

[[nodiscard]] std::string report_markdown(const ExportReport& report,
                                          const ExportSettings& settings,
                                          std::uint32_t codebook_version);

}  // namespace weerbaar::research
