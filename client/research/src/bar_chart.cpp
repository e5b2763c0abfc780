#include "bar_chart.h"

#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace weerbaar::research {
namespace {

constexpr const char* kFont = "DejaVu Sans";
constexpr double kMargin = 24;

struct Colour {
    double r, g, b;
};
constexpr Colour kInk{0.10, 0.10, 0.12};
constexpr Colour kMuted{0.35, 0.35, 0.40};
constexpr Colour kGrid{0.86, 0.86, 0.88};
constexpr Colour kBar{0.12, 0.37, 0.66};  // contrast 6.5:1 on white

void set_colour(cairo_t* cr, Colour c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void set_font(cairo_t* cr, double size, bool bold = false) {
    cairo_select_font_face(cr, kFont, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& text) {
    cairo_text_extents_t extents;
    cairo_text_extents(cr, text.c_str(), &extents);
    return extents.x_advance;
}

// Draws `text` with its baseline at y; align 0 left, 0.5 centre, 1 right of x.
void draw_text(cairo_t* cr, const std::string& text, double x, double y, double align = 0) {
    cairo_move_to(cr, x - align * text_width(cr, text), y);
    cairo_show_text(cr, text.c_str());
}

// One line of the value grid; leaves the muted colour set for its label.
void grid_line(cairo_t* cr, double x0, double y0, double x1, double y1) {
    set_colour(cr, kGrid);
    cairo_set_line_width(cr, 1);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    set_colour(cr, kMuted);
}

// A round step (1, 2 or 5 times a power of ten) giving about five grid lines.
double tick_step(double max) {
    if (max <= 0) {
        return 1;
    }
    const double raw = max / 5;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0}) {
        if (raw <= m * power) {
            return m * power;
        }
    }
    return 10 * power;
}

std::string value_text(double value, bool percent) {
    char text[32];
    if (percent) {
        (void)std::snprintf(text, sizeof text, "%.0f%%", value * 100);
    } else {
        (void)std::snprintf(text, sizeof text, "%.0f", value);
    }
    return text;
}

void draw(cairo_t* cr, const BarChart& chart) {
    const double w = kChartWidth;
    const double h = kChartHeight;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);

    set_colour(cr, kInk);
    set_font(cr, 20, true);
    draw_text(cr, chart.title, kMargin, kMargin + 18);
    set_colour(cr, kMuted);
    set_font(cr, 13);
    draw_text(cr, chart.note, kMargin, kMargin + 42);

    double max = 0;
    for (double v : chart.values) {
        if (!std::isnan(v)) {
            max = std::max(max, v);
        }
    }
    if (chart.percent) {
        max = std::max(max, 0.01);
    }
    const double step = tick_step(max);
    const double top_value = std::max(step, std::ceil(max / step) * step);

    set_font(cr, 12);
    double label_width = 0;
    for (const auto& label : chart.labels) {
        label_width = std::max(label_width, text_width(cr, label));
    }

    const double plot_top = kMargin + 70;
    const std::size_t n = std::max<std::size_t>(chart.labels.size(), 1);
    if (!chart.horizontal) {
        const double left = kMargin + 56;
        const double right = w - kMargin;
        const double bottom = h - kMargin - 40;
        const double scale = (bottom - plot_top) / top_value;
        // Grid and value axis.
        const auto ticks = static_cast<int>(std::lround(top_value / step));
        for (int tick = 0; tick <= ticks; ++tick) {
            const double v = step * tick;
            const double y = bottom - v * scale;
            grid_line(cr, left, y, right, y);
            draw_text(cr, value_text(v, chart.percent), left - 8, y + 4, 1);
        }
        cairo_save(cr);
        cairo_move_to(cr, kMargin + 12, (plot_top + bottom) / 2);
        cairo_rotate(cr, -M_PI / 2);
        set_colour(cr, kInk);
        const double axis_width = text_width(cr, chart.value_axis);
        cairo_rel_move_to(cr, -axis_width / 2, 0);
        cairo_show_text(cr, chart.value_axis.c_str());
        cairo_restore(cr);

        const double slot = (right - left) / static_cast<double>(n);
        // Thin out the labels when they would overlap.
        const auto every = static_cast<std::size_t>(std::ceil((label_width + 8) / slot));
        for (std::size_t i = 0; i < chart.labels.size(); ++i) {
            const double x = left + slot * static_cast<double>(i);
            const double v = i < chart.values.size() ? chart.values[i] : NAN;
            if (!std::isnan(v)) {
                set_colour(cr, kBar);
                cairo_rectangle(cr, x + slot * 0.15, bottom - v * scale, slot * 0.7, v * scale);
                cairo_fill(cr);
                if (slot >= 34) {
                    set_colour(cr, kInk);
                    draw_text(cr, value_text(v, chart.percent), x + slot / 2,
                              bottom - v * scale - 5, 0.5);
                }
            }
            if (i % std::max<std::size_t>(every, 1) == 0) {
                set_colour(cr, kInk);
                draw_text(cr, chart.labels[i], x + slot / 2, bottom + 18, 0.5);
            }
        }
        return;
    }

    const double left = kMargin + label_width + 12;
    const double right = w - kMargin - 40;
    const double bottom = h - kMargin - 30;
    const double scale = (right - left) / top_value;
    const auto ticks = static_cast<int>(std::lround(top_value / step));
    for (int tick = 0; tick <= ticks; ++tick) {
        const double v = step * tick;
        const double x = left + v * scale;
        grid_line(cr, x, plot_top, x, bottom);
        draw_text(cr, value_text(v, chart.percent), x, bottom + 16, 0.5);
    }
    set_colour(cr, kInk);
    draw_text(cr, chart.value_axis, (left + right) / 2, h - kMargin + 4, 0.5);
    const double slot = (bottom - plot_top) / static_cast<double>(n);
    for (std::size_t i = 0; i < chart.labels.size(); ++i) {
        const double y = plot_top + slot * static_cast<double>(i);
        set_colour(cr, kInk);
        draw_text(cr, chart.labels[i], left - 8, y + slot / 2 + 4, 1);
        const double v = i < chart.values.size() ? chart.values[i] : NAN;
        if (!std::isnan(v)) {
            set_colour(cr, kBar);
            cairo_rectangle(cr, left, y + slot * 0.15, v * scale, slot * 0.7);
            cairo_fill(cr);
            set_colour(cr, kInk);
            draw_text(cr, value_text(v, chart.percent), left + v * scale + 6, y + slot / 2 + 4);
        }
    }
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

using Surface = std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)>;
using Context = std::unique_ptr<cairo_t, decltype(&cairo_destroy)>;

void draw_on(cairo_surface_t* surface, const BarChart& chart) {
    Context cr(cairo_create(surface), &cairo_destroy);
    draw(cr.get(), chart);
}

}  // namespace

std::string chart_svg(const BarChart& chart) {
    std::string bytes;
    {
        Surface surface(
            cairo_svg_surface_create_for_stream(&append, &bytes, kChartWidth, kChartHeight),
            &cairo_surface_destroy);
        cairo_svg_surface_set_document_unit(surface.get(), CAIRO_SVG_UNIT_PX);
        draw_on(surface.get(), chart);
        cairo_surface_finish(surface.get());  // the SVG is written out here
    }
    // cairo numbers its surfaces per process ("surface7"); the one surface of a chart is
    // renamed so that the same chart gives the same bytes in any process.
    const std::string id = "<g id=\"surface";
    if (const auto at = bytes.find(id); at != std::string::npos) {
        const auto digits = at + id.size();
        const auto end = bytes.find('"', digits);
        if (end != std::string::npos) {
            bytes.erase(digits, end - digits);
            bytes.insert(bytes.begin() + static_cast<std::ptrdiff_t>(digits), '1');
        }
    }
    return bytes;
}

std::string chart_png(const BarChart& chart) {
    Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, kChartWidth, kChartHeight),
                    &cairo_surface_destroy);
    draw_on(surface.get(), chart);
    std::string bytes;
    cairo_surface_write_to_png_stream(surface.get(), &append, &bytes);
    return bytes;
}

}  // namespace weerbaar::research
