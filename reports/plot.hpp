#pragma once
// A small plotting module: a Plot is data (axes, series, shaded bands, marked values) and
// render_svg draws it as a figure in the style of a paper: framed axes, outward ticks,
// decades on log axes, a legend placed where it hides the fewest points. Every report figure
// (loss curves, sweeps against eta/eta*, rates against beta, log-log against width) is a Plot,
// so they all look alike.
#include <optional>
#include <string>
#include <vector>

namespace ratebench {

enum class LineStyle { solid, dashed, dotted, none };
enum class Marker { none, circle, square, triangle, diamond };

struct Series {
    std::string name;  // legend text; empty: left out of the legend
    std::vector<double> x, y;
    std::vector<double> y_lo, y_hi;  // error bars: empty, or one pair per point
    std::string colour = "#000000";
    LineStyle line = LineStyle::solid;
    double width = 1.5;
    double opacity = 1.0;
    Marker marker = Marker::none;
};

// A shaded range of x, e.g. the window a rate was fitted in.
struct Band {
    double x_lo, x_hi;
    std::string name;  // legend text (bands of one name share one entry)
};

// A marked value of x, drawn as a dashed vertical line with its label, e.g. eta*.
struct VLine {
    double x;
    std::string label;
};

struct Axis {
    std::string label;
    bool log = false;
    std::optional<double> min, max;  // fixed ends; otherwise from the data
    bool pad = false;                 // leave room beyond the end ticks (scatter plots)
};

struct Plot {
    Axis x, y;
    std::vector<Series> series;
    std::vector<Band> bands;
    std::vector<VLine> vlines;
};

// The SVG of a plot. `id` must be unique in a document holding several plots (it names the
// clip path). standalone adds the XML namespace a .svg file needs; inline SVG in HTML5 does
// not, which keeps the report free of any URL.
std::string render_svg(const Plot& plot, const std::string& id, bool standalone);

// Colour-blind-safe series colours (Okabe and Ito, then wine), cycled.
const std::string& series_colour(std::size_t index);

}  // namespace ratebench
