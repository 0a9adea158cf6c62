#pragma once
// Figures of the series a scenario reports at scenario level, in the naming the scenarios use:
// a metric [GROUP.]PARAM=VALUE.QUANTITY is the point (VALUE, metric) of QUANTITY against PARAM,
// e.g. width.m=1000.lazy.gram_drift or sweep.beta_factor=0.5.median_slope. One figure per
// GROUP and PARAM with a series per QUANTITY (two points at least), one per QUANTITY when
// there is no GROUP (depth=2.eta_star and depth=2.s_min do not share an axis); each axis is logarithmic
// where its values are positive and span a decade, so the lazy-training quantities against
// width come out log-log. Markers as in sweep_figures.hpp (marker.PARAM.LABEL).
#include "core/result.hpp"
#include "reports/figure.hpp"

#include <vector>

namespace ratebench {

std::vector<Figure> series_figures(const ScenarioResult& result);

}  // namespace ratebench
