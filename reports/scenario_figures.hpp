#pragma once
// Every figure of one scenario, in report order: the loss curves, the sweep figures derived
// from the runs, then the series the scenario reports itself.
#include "core/result.hpp"
#include "reports/figure.hpp"

#include <string>
#include <vector>

namespace ratebench {

std::vector<Figure> scenario_figures(const ScenarioResult& result);

// The SVG file written beside report.md: <scenario>.<slug>.svg.
std::string figure_file_name(const std::string& scenario, const Figure& figure);

}  // namespace ratebench
