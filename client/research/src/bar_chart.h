#pragma once
// The package's charts: one drawing routine for a bar chart, rendered on a cairo SVG
// surface and on an image surface written as PNG, so both files show the same picture.
// Text in DejaVu Sans (fonts-dejavu-core). Sizes in pixels (SVG points).

#include <string>
#include <vector>

namespace weerbaar::research {

struct BarChart {
    std::string title;       // Dutch, one line
    std::string note;        // under the title, e.g. that the figures carry noise
    std::string value_axis;  // label of the value axis
    std::vector<std::string> labels;
    std::vector<double> values;  // >= 0; NaN draws no bar (no value)
    bool horizontal = false;     // bars left to right, labels on the left (long labels)
    bool percent = false;        // values are shares 0..1, shown as percentages
};

inline constexpr int kChartWidth = 900;
inline constexpr int kChartHeight = 540;

[[nodiscard]] std::string chart_svg(const BarChart& chart);
[[nodiscard]] std::string chart_png(const BarChart& chart);

}  // namespace weerbaar::research
