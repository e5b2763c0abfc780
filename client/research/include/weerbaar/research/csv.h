#pragma once
// CSV as the package writes it: RFC 4180 (comma, CRLF line ends, a cell with a comma,
// double quote, CR or LF in double quotes with inner quotes doubled), UTF-8, and no
// cell a spreadsheet would execute: one starting with '=', '+', '-', '@', a tab or a
// carriage return gets a leading apostrophe, as OWASP "CSV Injection"
// (https://owasp.org/www-community/attacks/CSV_Injection) advises. The package holds
// only codes and counts, so this is defence in depth. Pure, thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace weerbaar::research {

// One cell: neutralised, then quoted when it needs to be.
[[nodiscard]] std::string csv_cell(std::string_view value);

// One record of cells, ending in CRLF.
[[nodiscard]] std::string csv_row(const std::vector<std::string>& cells);

}  // namespace weerbaar::research
