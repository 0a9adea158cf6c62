#include "suites/relu2/rate_run.hpp"

namespace ratebench::relu2 {

bool record_window(Metrics& metrics, const std::string& name, const Trajectory& t,
                   LossWindow window) {
    const auto fit = fit_linear_rate(t.step, t.loss, t.initial_loss, window);
    if (!fit) return false;
    const std::string prefix = "window." + name + ".";
    metrics[prefix + "first_step"] = static_cast<double>(fit->first_step);
    metrics[prefix + "last_step"] = static_cast<double>(fit->last_step);
    metrics[prefix + "observed_slope"] = fit->slope;
    metrics[prefix + "intercept"] = fit->intercept;
    metrics[prefix + "r2"] = fit->r2;
    return true;
}

}  // namespace ratebench::relu2
