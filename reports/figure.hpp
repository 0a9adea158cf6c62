#pragma once
// A report figure: a plot with the words that go under it, and a short name from which the
// SVG file beside report.md is named (<scenario>.<slug>.svg).
#include "reports/plot.hpp"

#include <string>

namespace ratebench {

struct Figure {
    std::string slug;     // [a-z0-9.-]+
    std::string caption;
    Plot plot;
};

}  // namespace ratebench
