#pragma once
// Figures of a sweep, derived from the runs alone so that every scenario gets them without
// report code of its own. A parameter is swept when the runs' parameters take more than one
// value of it (replicate excluded). Against each swept parameter p:
//  - when the runs do not all end alike: P(converged) with Wilson 95% intervals, and the
//    late (last sampled) gradient norm, median with the range over replicates;
//  - for each fitted window W (see fit_windows.hpp): the observed slope, median and range,
//    beside the predicted slope (e.g. rate against beta);
//  - for each run metric sweep.NAME: its median and range (e.g. lazy-training quantities
//    against width); axes are logarithmic where the values are positive and span a decade.
// Runs that differ in another swept parameter form separate series. A scenario metric
// marker.P.LABEL = v marks x = v on every figure against P (e.g. marker.eta_over_eta_star.eta*).
#include "core/result.hpp"
#include "reports/figure.hpp"

#include <vector>

namespace ratebench {

// At most this many series per figure (one per combination of the other swept parameters).
inline constexpr std::size_t kMaxSweepSeries = 8;

std::vector<Figure> sweep_figures(const ScenarioResult& result);

}  // namespace ratebench
