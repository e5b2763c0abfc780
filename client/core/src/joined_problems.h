#pragma once
// Joins the problems a validation found into the one line an error carries.

#include <string>
#include <vector>

namespace weerbaar::client {

[[nodiscard]] inline std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) {
            out += "; ";
        }
        out += part;
    }
    return out;
}

}  // namespace weerbaar::client
