#pragma once
// Figures of a sweep, derived from the runs alone so that every scenario gets them without
// report code of its own. A parameter is swept when it takes several values among the runs of
// one replicate and is not fixed by a coarser swept parameter and the replicate (beta by
// beta_factor). Against each swept parameter p:
//  - when the runs do not all end alike: P(converged) with Wilson 95% intervals, and the
//    late (last sampled) gradient norm, median with the range over replicates;
//  - for each fitted window W (see fit_windows.hpp): the observed slope, median and range,
//    beside the predicted slope (e.g. rate against beta).
// The x axis is logarithmic where its values are positive and span a decade. Runs that differ
// in another swept parameter form separate series. A scenario metric marker.P.LABEL = v marks
// x = v on every figure against P (e.g. marker.eta_over_eta_star.eta* = 1).
#include "core/result.hpp"
#include "reports/figure.hpp"

#include <vector>

namespace ratebench {

// At most this many series per figure (one per combination of the other swept parameters).
inline constexpr std::size_t kMaxSweepSeries = 8;

std::vector<Figure> sweep_figures(const ScenarioResult& result);

}  // namespace ratebench
