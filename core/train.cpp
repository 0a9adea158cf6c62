#include "core/train.hpp"

#include <algorithm>
#include <cmath>

namespace ratebench {

std::string_view to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::converged: return "converged";
        case Outcome::diverged: return "diverged";
        case Outcome::bounded: return "bounded";
        case Outcome::stalled: return "stalled";
    }
    return "?";
}

void TrainConfig::validate() const {
    auto require = [](bool ok, const char* field, double value, const char* rule) {
        require_param(ok, "TrainConfig", field, value, rule);
    };
    require(max_steps >= 0, "max_steps", static_cast<double>(max_steps), "must be >= 0");
    require(stop.loss_floor >= 0, "loss_floor", stop.loss_floor, "must be >= 0");
    require(stop.relative_loss_floor >= 0, "relative_loss_floor", stop.relative_loss_floor,
            "must be >= 0");
    require(stop.grad_floor >= 0, "grad_floor", stop.grad_floor, "must be >= 0");
    require(stop.blowup > 1, "blowup", stop.blowup, "must be > 1");
    require(samples.log_points >= 0, "log_points", samples.log_points, "must be >= 0");
    require(samples.even_points >= 1, "even_points", samples.even_points, "must be >= 1");
}

std::vector<long> sample_steps(long max_steps, const SampleSchedule& schedule) {
    std::vector<long> steps{0, max_steps};
    if (max_steps > 1 && schedule.log_points > 1) {
        const double top = std::log(static_cast<double>(max_steps));
        for (int i = 0; i < schedule.log_points; ++i)
            steps.push_back(std::lround(std::exp(top * i / (schedule.log_points - 1))));
    }
    const long stride = std::max(1L, (max_steps + schedule.even_points - 1) / schedule.even_points);
    for (long k = stride; k < max_steps; k += stride) steps.push_back(k);
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    return steps;
}

namespace detail {

void record(Trajectory& t, long step, double loss, double grad_norm, double distance,
            std::span<const Probe> probes, const Eigen::VectorXd& theta) {
    t.step.push_back(step);
    t.loss.push_back(loss);
    t.grad_norm.push_back(grad_norm);
    t.distance.push_back(distance);
    for (std::size_t j = 0; j < probes.size(); ++j)
        t.probe_values[j].push_back(probes[j].measure(theta));
}

}  // namespace detail
}  // namespace ratebench
