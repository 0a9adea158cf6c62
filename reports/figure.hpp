#pragma once
// A report figure: a plot with the words that go under it, and a short name from which the
// SVG file beside report.md is named (<scenario>.<slug>.svg).
#include "core/result.hpp"
#include "reports/plot.hpp"

#include <string>
#include <vector>

namespace ratebench {

struct Figure {
    std::string slug;     // [a-z0-9.-]+
    std::string caption;
    Plot plot;
};

// A name as a piece of a slug: lower case, anything outside [a-z0-9.-] becomes '-'.
std::string slug_part(const std::string& name);

// Whether an axis for these values should be logarithmic: all finite ones positive, and
// the largest at least ten times the smallest.
bool spans_a_decade(const std::vector<double>& values);

// The values a scenario marks on figures against `parameter`: its metrics
// marker.<parameter>.<label> = value, drawn as labelled dashed lines (eta* on eta/eta*).
std::vector<VLine> marked_values(const Metrics& scenario_metrics, const std::string& parameter);

}  // namespace ratebench
