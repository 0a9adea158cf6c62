#pragma once
// report.html: one self-contained file, readable offline and by e-mail. Plots are inline SVG,
// styles an inline <style>; there is no script, font, image or link that would make a
// network request (only links to anchors inside the page).
#include "reports/figure.hpp"
#include "reports/result_set.hpp"

#include <string>
#include <vector>

namespace ratebench {

// figures[i] are the figures of set.results[i].
std::string html_report(const ResultSet& set, const std::vector<std::vector<Figure>>& figures);

}  // namespace ratebench
