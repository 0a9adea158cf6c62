#pragma once
// The fitted windows a run reports in its metrics (a convention of the scenario side):
// window.W.first_step, window.W.last_step, window.W.observed_slope (per step, of ln L),
// window.W.intercept (ln L of the fitted line at step 0) and, when the theory predicts one,
// window.W.predicted_slope. A window missing any of the first four is not drawn.
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ratebench {

struct FitWindow {
    std::string name;
    double first_step, last_step;
    double observed_slope, intercept;
    std::optional<double> predicted_slope;

    // ln L of the fitted line at `step`.
    double fitted_log_loss(double step) const { return intercept + observed_slope * step; }
};

// The complete windows in a run's metrics, ordered by name.
std::vector<FitWindow> fit_windows(const Metrics& metrics);

}  // namespace ratebench
