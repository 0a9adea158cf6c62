#include "suites/deep/step_log.hpp"

#include "suites/deep/problem.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace ratebench::deep {

double roundoff_floor(double f0, double output_scale, double step_decrease) {
    const double root = 2.0 * kRoundOffMargin * kResidualUlps * std::numeric_limits<double>::epsilon() *
                        output_scale / step_decrease;
    return std::max(kRoundOffFloor * f0, root * root);
}

void record_step_checks(const StepLog& log, const Trajectory& t, double eta, double beta, double floor,
                        const std::optional<GdConstants>& constants, Metrics& m, std::size_t max_points) {
    const double f0 = log.loss.front();
    m["roundoff_floor_ratio"] = floor / f0;
    const double theta = 1.0 - beta * eta / 2.0;
    m["theta"] = theta;
    double path = 0.0, alpha_traj = INFINITY, min_ratio = INFINITY;
    long descent_violations = 0, counted = 0, converged_at = -1, rate_violations = 0;
    const double log_factor = constants ? std::log(constants->rate_factor) : 0.0;
    for (std::size_t k = 0; k < log.loss.size(); ++k) {
        const double f = log.loss[k];
        min_ratio = std::min(min_ratio, f / f0);
        if (converged_at < 0 && f <= kConvergedRatio * f0) converged_at = static_cast<long>(k);
        const bool has_next = k + 1 < log.loss.size();
        if (has_next) path += eta * std::sqrt(log.grad_sq[k]);
        if (!(f > floor)) continue;
        ++counted;
        alpha_traj = std::min(alpha_traj, log.grad_sq[k] / f);
        if (has_next && log.loss[k + 1] > f - eta * theta * log.grad_sq[k]) ++descent_violations;
        if (constants && std::log(f / f0) > static_cast<double>(k) * log_factor) ++rate_violations;
    }
    m["path_length"] = path;
    m["max_distance"] = log.max_distance;
    m["alpha_traj"] = alpha_traj;
    m["min_loss_ratio"] = min_ratio;
    m["counted_steps"] = static_cast<double>(counted);
    m["violations.descent"] = static_cast<double>(descent_violations);
    if (converged_at >= 0) m["steps_to_converged"] = static_cast<double>(converged_at);
    if (constants) {
        m["delta"] = constants->delta;
        m["rate_factor"] = constants->rate_factor;
        m["path_bound"] = constants->path_bound;
        m["violations.rate_bound"] = static_cast<double>(rate_violations);
    }
    const std::size_t stride = std::max<std::size_t>(1, t.size() / max_points);
    for (std::size_t i = 0; i < t.size(); i += stride) {
        const std::string key = "curve.step=" + std::to_string(t.step[i]) + ".";
        m[key + "observed"] = t.loss[i] / f0;
        if (constants) m[key + "rate_bound"] = std::pow(constants->rate_factor, static_cast<double>(t.step[i]));
    }
}

}  // namespace ratebench::deep
