#pragma once
// report.md: the report for a code-hosting site. The same tables as report.html; figures are
// links to the SVG files written beside it (figure_file_name).
#include "reports/figure.hpp"
#include "reports/result_set.hpp"

#include <string>
#include <vector>

namespace ratebench {

// figures[i] are the figures of set.results[i].
std::string markdown_report(const ResultSet& set, const std::vector<std::vector<Figure>>& figures);

}  // namespace ratebench
