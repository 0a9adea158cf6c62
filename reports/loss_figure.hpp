#pragma once
// The figure every scenario with trajectories gets: loss (log scale) against step, one curve
// per run, each fitted window shaded, the fitted line drawn over its window and the theory's
// predicted slope drawn from the fitted line's value at the window's first step. On a log
// scale a linear rate is a straight line, so the two slopes can be compared by eye.
#include "core/result.hpp"
#include "reports/figure.hpp"

#include <optional>

namespace ratebench {

// At most this many curves, spread evenly over the runs (a sweep can have thousands).
inline constexpr std::size_t kMaxLossCurves = 8;

// Nothing when no run has a positive, finite loss to draw.
std::optional<Figure> loss_figure(const ScenarioResult& result);

}  // namespace ratebench
