#include "reports/plot.hpp"

#include "reports/axis_ticks.hpp"
#include "reports/escape.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fmt/format.h>
#include <limits>

namespace ratebench {

namespace {

// Figure geometry in SVG user units (pixels at 100%): about a single-column paper figure.
constexpr double kWidth = 600, kHeight = 380;
constexpr double kLeft = 80, kRight = 18, kTop = 14, kBottom = 54;
constexpr double kPlotW = kWidth - kLeft - kRight, kPlotH = kHeight - kTop - kBottom;
constexpr double kTickFont = 12, kLabelFont = 14, kLegendFont = 12;
constexpr double kLegendRow = 18, kLegendSwatch = 30;
const char* const kFont = "DejaVu Sans, Helvetica, Arial, sans-serif";

bool usable(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

// Data range of everything drawn along one axis, or nothing when there is no usable value.
struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v, bool log) {
        if (!usable(v, log)) return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool empty() const { return lo > hi; }
};

AxisScale scale_for(const Axis& axis, Range range) {
    if (axis.min) range.lo = *axis.min;
    if (axis.max) range.hi = *axis.max;
    if (range.empty()) range = axis.log ? Range{1, 10} : Range{0, 1};
    AxisScale scale = axis.log ? log_axis(range.lo, range.hi) : linear_axis(range.lo, range.hi);
    if (axis.pad) {
        // Widen the drawn range beyond the end ticks so that points there clear the frame.
        auto t = [&](double v) { return axis.log ? std::log10(v) : v; };
        auto inv = [&](double v) { return axis.log ? std::pow(10.0, v) : v; };
        const double margin = 0.03 * (t(scale.hi) - t(scale.lo));
        scale.lo = inv(t(scale.lo) - margin);
        scale.hi = inv(t(scale.hi) + margin);
    }
    return scale;
}

// Maps data coordinates onto the plot area.
struct Frame {
    AxisScale x, y;
    double t(const AxisScale& a, double v) const { return a.log ? std::log10(v) : v; }
    double px(double v) const {
        return kLeft + (t(x, v) - t(x, x.lo)) / (t(x, x.hi) - t(x, x.lo)) * kPlotW;
    }
    double py(double v) const {
        return kTop + kPlotH - (t(y, v) - t(y, y.lo)) / (t(y, y.hi) - t(y, y.lo)) * kPlotH;
    }
};

std::string dash_attributes(LineStyle line, double width) {
    switch (line) {
        case LineStyle::dashed: return fmt::format(" stroke-dasharray=\"{:.1f} {:.1f}\"", 4 * width, 2.5 * width);
        case LineStyle::dotted:
            return fmt::format(" stroke-dasharray=\"0.1 {:.1f}\" stroke-linecap=\"round\"", 2.2 * width);
        default: return "";
    }
}

std::string marker_svg(Marker marker, double x, double y, const std::string& colour) {
    const double r = 3.6;
    switch (marker) {
        case Marker::circle:
            return fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{:.1f}\" fill=\"{}\"/>", x, y, r, colour);
        case Marker::square:
            return fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>",
                               x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7, colour);
        case Marker::triangle:
            return fmt::format("<path d=\"M{:.1f},{:.1f}L{:.1f},{:.1f}L{:.1f},{:.1f}Z\" fill=\"{}\"/>", x,
                               y - r * 1.1, x + r, y + r * 0.7, x - r, y + r * 0.7, colour);
        case Marker::diamond:
            return fmt::format("<path d=\"M{:.1f},{:.1f}L{:.1f},{:.1f}L{:.1f},{:.1f}L{:.1f},{:.1f}Z\" fill=\"{}\"/>",
                               x, y - r * 1.2, x + r, y, x, y + r * 1.2, x - r, y, colour);
        case Marker::none: return "";
    }
    return "";
}

// Tick labels: minus signs typeset as U+2212; log labels as 10 with a raised exponent.
std::string tick_label(const Tick& tick) {
    auto minus = [](std::string s) {
        if (!s.empty() && s[0] == '-') s.replace(0, 1, "\u2212");
        return s;
    };
    if (tick.exponent)
        return fmt::format("10<tspan dy=\"-7\" font-size=\"{:.0f}\">{}</tspan>", kTickFont * 0.8,
                           minus(std::to_string(*tick.exponent)));
    return minus(tick.label);
}

// A polyline through the usable points, broken where a point is not drawable.
std::string series_path(const Series& s, const Frame& f) {
    std::string d;
    bool pen_down = false;
    for (std::size_t i = 0; i < s.x.size(); ++i) {
        if (!usable(s.x[i], f.x.log) || !usable(s.y[i], f.y.log)) {
            pen_down = false;
            continue;
        }
        d += fmt::format("{}{:.1f},{:.1f}", pen_down ? "L" : "M", f.px(s.x[i]), f.py(s.y[i]));
        pen_down = true;
    }
    return d;
}

struct LegendEntry {
    std::string name;
    const Series* series = nullptr;  // null: a band swatch
};

std::vector<LegendEntry> legend_entries(const Plot& plot) {
    std::vector<LegendEntry> entries;
    for (const Series& s : plot.series)
        if (!s.name.empty()) entries.push_back({s.name, &s});
    std::vector<std::string> band_names;
    for (const Band& b : plot.bands)
        if (!b.name.empty() && std::find(band_names.begin(), band_names.end(), b.name) == band_names.end()) {
            band_names.push_back(b.name);
            entries.push_back({b.name, nullptr});
        }
    return entries;
}

// The legend goes in the corner of the plot area that covers the fewest drawn points
// (straight segments and error bars are sampled too, so a fitted line counts where it runs).
std::array<double, 2> legend_corner(const Plot& plot, const Frame& f, double w, double h) {
    const double inset = 8;
    const std::array<std::array<double, 2>, 4> corners{{{kLeft + kPlotW - w - inset, kTop + inset},
                                                        {kLeft + inset, kTop + inset},
                                                        {kLeft + kPlotW - w - inset, kTop + kPlotH - h - inset},
                                                        {kLeft + inset, kTop + kPlotH - h - inset}}};
    std::array<int, 4> covered{};
    auto count = [&](double x, double y) {
        for (std::size_t c = 0; c < corners.size(); ++c)
            covered[c] += x >= corners[c][0] && x <= corners[c][0] + w && y >= corners[c][1] &&
                          y <= corners[c][1] + h;
    };
    for (const Series& s : plot.series)
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!usable(s.x[i], f.x.log) || !usable(s.y[i], f.y.log)) continue;
            count(f.px(s.x[i]), f.py(s.y[i]));
            if (!s.y_lo.empty() && usable(s.y_lo[i], f.y.log) && usable(s.y_hi[i], f.y.log))
                for (int k = 0; k <= 16; ++k)
                    count(f.px(s.x[i]), f.py(s.y_lo[i]) + k / 16.0 * (f.py(s.y_hi[i]) - f.py(s.y_lo[i])));
            if (i + 1 < s.x.size() && usable(s.x[i + 1], f.x.log) && usable(s.y[i + 1], f.y.log))
                for (int k = 1; k < 16; ++k) {
                    const double a = k / 16.0;
                    count((1 - a) * f.px(s.x[i]) + a * f.px(s.x[i + 1]),
                          (1 - a) * f.py(s.y[i]) + a * f.py(s.y[i + 1]));
                }
        }
    const auto best = std::min_element(covered.begin(), covered.end()) - covered.begin();
    return corners[best];
}

std::string legend_svg(const Plot& plot, const Frame& f) {
    const auto entries = legend_entries(plot);
    if (entries.empty()) return "";
    std::size_t longest = 0;
    for (const auto& e : entries) longest = std::max(longest, e.name.size());
    // DejaVu Sans averages about 0.6 em per character.
    const double w = kLegendSwatch + 16 + 0.6 * kLegendFont * longest;
    const double h = kLegendRow * entries.size() + 8;
    const auto [x0, y0] = legend_corner(plot, f, w, h);
    std::string out = fmt::format(
        "<g class=\"legend\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
        "fill=\"#ffffff\" fill-opacity=\"0.92\" stroke=\"#b0b0b0\" stroke-width=\"0.8\"/>",
        x0, y0, w, h);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const double y = y0 + 4 + kLegendRow * (i + 0.5);
        const double sx = x0 + 6;
        if (const Series* s = entries[i].series) {
            if (s->line != LineStyle::none)
                out += fmt::format("<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
                                   "stroke-width=\"{:.1f}\" stroke-opacity=\"{:.2f}\"{}/>",
                                   sx, y, sx + kLegendSwatch - 4, y, s->colour, s->width, s->opacity,
                                   dash_attributes(s->line, s->width));
            out += marker_svg(s->marker, sx + (kLegendSwatch - 4) / 2, y, s->colour);
        } else {
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"10\" fill=\"#000000\" "
                               "fill-opacity=\"0.09\"/>",
                               sx, y - 5, kLegendSwatch - 4);
        }
        out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" dominant-baseline=\"central\">{}</text>",
                           sx + kLegendSwatch + 2, y, html_escape(entries[i].name));
    }
    return out + "</g>";
}

std::string axes_svg(const Frame& f, const Plot& plot) {
    std::string grid, ticks;
    const double bottom = kTop + kPlotH;
    for (const Tick& t : f.x.ticks) {
        const double x = f.px(t.value);
        const bool major = !t.label.empty();
        if (major && t.value != f.x.lo && t.value != f.x.hi)
            grid += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>", x, kTop, bottom);
        ticks += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\"/>", x, bottom,
                             bottom + (major ? 6 : 3));
        if (major)
            ticks += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" stroke=\"none\">{}</text>", x,
                                 bottom + 20, tick_label(t));
    }
    for (const Tick& t : f.y.ticks) {
        const double y = f.py(t.value);
        const bool major = !t.label.empty();
        if (major && t.value != f.y.lo && t.value != f.y.hi)
            grid += fmt::format("<line x1=\"{1:.1f}\" y1=\"{0:.1f}\" x2=\"{2:.1f}\" y2=\"{0:.1f}\"/>", y, kLeft,
                                kLeft + kPlotW);
        ticks += fmt::format("<line x1=\"{1:.1f}\" y1=\"{0:.1f}\" x2=\"{2:.1f}\" y2=\"{0:.1f}\"/>", y,
                             kLeft - (major ? 6 : 3), kLeft);
        if (major)
            ticks += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"end\" dominant-baseline=\"central\" "
                                 "stroke=\"none\">{}</text>",
                                 kLeft - 9, y + (t.exponent ? 2 : 0), tick_label(t));
    }
    return fmt::format("<g stroke=\"#e4e4e4\" stroke-width=\"0.8\">{}</g>", grid) +
           fmt::format("<g stroke=\"#000000\" stroke-width=\"1\" font-size=\"{:.0f}\" fill=\"#000000\">{}</g>",
                       kTickFont, ticks) +
           fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"middle\" font-size=\"{:.0f}\">{}</text>",
                       kLeft + kPlotW / 2, kHeight - 10, kLabelFont, html_escape(plot.x.label)) +
           fmt::format("<text transform=\"translate({:.1f},{:.1f}) rotate(-90)\" text-anchor=\"middle\" "
                       "font-size=\"{:.0f}\">{}</text>",
                       18.0, kTop + kPlotH / 2, kLabelFont, html_escape(plot.y.label));
}

}  // namespace

const std::string& series_colour(std::size_t index) {
    static const std::array<std::string, 8> palette{"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                    "#E69F00", "#56B4E9", "#000000", "#882255"};
    return palette[index % palette.size()];
}

std::string render_svg(const Plot& plot, const std::string& id, bool standalone) {
    Range xr, yr;
    for (const Series& s : plot.series)
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!usable(s.x[i], plot.x.log) || !usable(s.y[i], plot.y.log)) continue;
            xr.add(s.x[i], plot.x.log);
            yr.add(s.y[i], plot.y.log);
            if (!s.y_lo.empty()) {
                yr.add(s.y_lo[i], plot.y.log);
                yr.add(s.y_hi[i], plot.y.log);
            }
        }
    for (const Band& b : plot.bands) {
        xr.add(b.x_lo, plot.x.log);
        xr.add(b.x_hi, plot.x.log);
    }
    for (const VLine& v : plot.vlines) xr.add(v.x, plot.x.log);
    const Frame f{scale_for(plot.x, xr), scale_for(plot.y, yr)};

    std::string out = fmt::format(
        "<svg{} class=\"plot\" viewBox=\"0 0 {:.0f} {:.0f}\" width=\"{:.0f}\" height=\"{:.0f}\" "
        "font-family=\"{}\" font-size=\"{:.0f}\">",
        standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "", kWidth, kHeight, kWidth, kHeight, kFont,
        kTickFont);
    out += fmt::format("<rect width=\"{:.0f}\" height=\"{:.0f}\" fill=\"#ffffff\"/>", kWidth, kHeight);
    out += fmt::format("<clipPath id=\"{}-area\"><rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" "
                       "height=\"{:.1f}\"/></clipPath>",
                       id, kLeft, kTop, kPlotW, kPlotH);
    out += axes_svg(f, plot);
    out += fmt::format("<g clip-path=\"url(#{}-area)\">", id);
    for (const Band& b : plot.bands)
        if (usable(b.x_lo, f.x.log) && usable(b.x_hi, f.x.log))
            out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#000000\" "
                               "fill-opacity=\"0.06\"/>",
                               f.px(b.x_lo), kTop, std::max(0.5, f.px(b.x_hi) - f.px(b.x_lo)), kPlotH);
    for (const VLine& v : plot.vlines)
        if (usable(v.x, f.x.log))
            out += fmt::format("<line x1=\"{0:.1f}\" y1=\"{1:.1f}\" x2=\"{0:.1f}\" y2=\"{2:.1f}\" stroke=\"#555555\" "
                               "stroke-width=\"1\" stroke-dasharray=\"5 3\"/>",
                               f.px(v.x), kTop, kTop + kPlotH);
    for (const Series& s : plot.series) {
        if (!s.y_lo.empty())
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                if (!usable(s.x[i], f.x.log) || !usable(s.y_lo[i], f.y.log) || !usable(s.y_hi[i], f.y.log))
                    continue;
                const double x = f.px(s.x[i]), lo = f.py(s.y_lo[i]), hi = f.py(s.y_hi[i]);
                out += fmt::format("<path d=\"M{0:.1f},{1:.1f}V{2:.1f}M{3:.1f},{1:.1f}H{4:.1f}M{3:.1f},{2:.1f}H{4:.1f}\" "
                                   "stroke=\"{5}\" stroke-width=\"1\" fill=\"none\"/>",
                                   x, lo, hi, x - 3, x + 3, s.colour);
            }
        if (s.line != LineStyle::none) {
            const std::string d = series_path(s, f);
            if (!d.empty())
                out += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{:.1f}\" "
                                   "stroke-opacity=\"{:.2f}\" stroke-linejoin=\"round\"{}/>",
                                   d, s.colour, s.width, s.opacity, dash_attributes(s.line, s.width));
        }
        if (s.marker != Marker::none)
            for (std::size_t i = 0; i < s.x.size(); ++i)
                if (usable(s.x[i], f.x.log) && usable(s.y[i], f.y.log))
                    out += marker_svg(s.marker, f.px(s.x[i]), f.py(s.y[i]), s.colour);
    }
    out += "</g>";
    // Labels of marked values sit just inside the top of the frame, right of their line.
    for (const VLine& v : plot.vlines)
        if (usable(v.x, f.x.log))
            out += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"#333333\">{}</text>", f.px(v.x) + 4, kTop + 14,
                               html_escape(v.label));
    out += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"none\" "
                       "stroke=\"#000000\" stroke-width=\"1\"/>",
                       kLeft, kTop, kPlotW, kPlotH);
    out += fmt::format("<g font-size=\"{:.0f}\">{}</g>", kLegendFont, legend_svg(plot, f));
    return out + "</svg>";
}

}  // namespace ratebench
