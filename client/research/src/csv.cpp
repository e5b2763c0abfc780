#include "weerbaar/research/csv.h"

namespace weerbaar::research {

std::string csv_cell(std::string_view value) {
    std::string cell;
    if (!value.empty()) {
        switch (value.front()) {
            case '=':
            case '+':
            case '-':
            case '@':
            case '\t':
            case '\r':
                cell.push_back('\'');
                break;
            default:
                break;
        }
    }
    cell.append(value);
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
        return cell;
    }
    std::string quoted = "\"";
    for (char c : cell) {
        if (c == '"') {
            quoted.push_back('"');
        }
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

std::string csv_row(const std::vector<std::string>& cells) {
    std::string row;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            row.push_back(',');
        }
        row += csv_cell(cells[i]);
    }
    row += "\r\n";
    return row;
}

}  // namespace weerbaar::research
