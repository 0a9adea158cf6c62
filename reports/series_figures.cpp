#include "reports/series_figures.hpp"

#include <fmt/format.h>
#include <map>
#include <regex>

namespace ratebench {

namespace {

// (group, parameter) -> quantity -> points in order of x; the group is the quantity when none is named
using Collected = std::map<std::pair<std::string, std::string>, std::map<std::string, std::map<double, double>>>;

Collected collect(const Metrics& metrics) {
    // VALUE is a plain number and QUANTITY starts with a letter, so "beta_factor=0.85.median"
    // splits after 0.85; a value like "0.5x" is a label, not a point, and does not match.
    static const std::regex pattern(
        R"(^(?:(.*)\.)?([A-Za-z_][A-Za-z0-9_]*)=(-?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)\.([A-Za-z_].*)$)");
    Collected out;
    for (const auto& [key, value] : metrics) {
        std::smatch m;
        if (!std::regex_match(key, m, pattern)) continue;
        // Without a GROUP nothing says the quantities belong on one axis: a figure each.
        const std::string group = m[1].matched ? m[1].str() : m[4].str();
        out[{group, m[2]}][m[4]][std::stod(m[3])] = value;
    }
    return out;
}

}  // namespace

std::vector<Figure> series_figures(const ScenarioResult& result) {
    std::vector<Figure> figures;
    for (const auto& [where, quantities] : collect(result.metrics)) {
        const auto& [group, parameter] = where;
        std::vector<double> xs, ys;
        std::vector<Series> series;
        for (const auto& [quantity, points] : quantities) {
            if (points.size() < 2) continue;
            Series s;
            s.name = quantity;
            for (const auto& [x, y] : points) {
                s.x.push_back(x);
                s.y.push_back(y);
            }
            xs.insert(xs.end(), s.x.begin(), s.x.end());
            ys.insert(ys.end(), s.y.begin(), s.y.end());
            s.colour = series_colour(series.size());
            s.marker = static_cast<Marker>(1 + series.size() % 4);  // circle, square, triangle, diamond
            s.width = 1.1;
            series.push_back(std::move(s));
        }
        if (series.empty()) continue;
        const bool log_x = spans_a_decade(xs), log_y = spans_a_decade(ys);
        Plot plot;
        plot.x = {parameter, log_x, std::nullopt, std::nullopt, true};
        plot.y = {series.size() == 1 ? series[0].name : std::string("value (see legend)"), log_y, std::nullopt,
                  std::nullopt, true};
        plot.series = std::move(series);
        plot.vlines = marked_values(result.metrics, parameter);
        std::string names;
        for (const Series& s : plot.series) names += (names.empty() ? "" : ", ") + s.name;
        figures.push_back({"series-" + slug_part(group) + "-vs-" + slug_part(parameter),
                           fmt::format("{}{} against {}{}, as the scenario reports them.",
                                       group == names ? "" : group + ": ", names, parameter,
                                       log_x && log_y ? " (log-log)" : log_y ? " (log scale)" : ""),
                           std::move(plot)});
    }
    return figures;
}

}  // namespace ratebench
