#pragma once
// Runs an optimiser on a model and records a bounded trajectory: samples at log-spaced steps
// (dense early) plus evenly spaced ones (dense enough late to fit rates), whatever the budget.
#include "core/models/model.hpp"
#include "core/optim/optimizer.hpp"

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ratebench {

enum class Outcome {
    converged,  // loss reached its floor
    diverged,   // loss or gradient non-finite, or loss above blowup x L0
    bounded,    // step budget spent without converging or diverging
    stalled,    // gradient tiny but loss not at its floor: a critical point that is no minimum
};
std::string_view to_string(Outcome outcome);

struct StopRule {
    double loss_floor = 0.0;           // converged when L <= max(loss_floor, relative x L0)
    double relative_loss_floor = 0.0;
    double grad_floor = 0.0;           // stalled when |g| <= grad_floor and L is above its floor
    double blowup = 1e12;              // diverged when L > blowup x L0
};

struct SampleSchedule {
    int log_points = 200;
    int even_points = 1000;
};

struct TrainConfig {
    long max_steps = 1000;
    StopRule stop = {};  // "= {}": no -Wmissing-field-initializers for TrainConfig{steps}
    SampleSchedule samples = {};
    void validate() const;
};

// A per-sample metric beside loss, gradient norm and distance (sharpness, Gram drift, ...).
struct Probe {
    std::string name;
    std::function<double(const Eigen::VectorXd& theta)> measure;
};

struct Trajectory {
    std::vector<long> step;
    std::vector<double> loss, grad_norm, distance;  // distance = |theta_k - theta_0|
    std::vector<std::string> probe_names;
    std::vector<std::vector<double>> probe_values;  // [probe][sample]
    Outcome outcome = Outcome::bounded;
    long steps = 0;  // the last step reached (where the run stopped)
    double initial_loss = 0.0;

    std::size_t size() const { return step.size(); }
    double final_loss() const { return loss.back(); }
};

// Called at every step with the loss at the iterate: for checks that must see every step
// (a per-step bound) or a state that must be caught when it happens (the Gram at a window's
// start), without storing every step.
using StepObserver = std::function<void(long step, double loss, const Eigen::VectorXd& theta)>;

// The steps to sample for a budget of max_steps: sorted, unique, always 0 and max_steps.
std::vector<long> sample_steps(long max_steps, const SampleSchedule& schedule);

namespace detail {
void record(Trajectory& t, long step, double loss, double grad_norm, double distance,
            std::span<const Probe> probes, const Eigen::VectorXd& theta);
}

template <Model M, Optimizer O>
Trajectory train(const M& model, const Dataset& data, O& optimizer, Eigen::VectorXd& theta,
                 const TrainConfig& config, std::span<const Probe> probes = {},
                 const StepObserver& on_step = {}) {
    config.validate();
    optimizer.params.validate();
    optimizer.reset();
    auto oracle = [&](const Eigen::VectorXd& at, Eigen::VectorXd& g) {
        return model.loss_grad(at, data, g);
    };
    const Eigen::VectorXd theta0 = theta;
    const std::vector<long> samples = sample_steps(config.max_steps, config.samples);
    Trajectory t;
    for (const auto& p : probes) t.probe_names.push_back(p.name);
    t.probe_values.resize(probes.size());

    Eigen::VectorXd g(theta.size());
    std::size_t next_sample = 0;
    double floor = config.stop.loss_floor;
    for (long k = 0;; ++k) {
        const bool sample = samples[next_sample] == k;
        if (sample) ++next_sample;
        // Nesterov's look-ahead gradient is not the one at the iterate: compute that only
        // where it is recorded.
        bool have_grad = O::gradient_at_iterate || sample;
        double L = have_grad ? model.loss_grad(theta, data, g) : model.loss(theta, data);
        if (k == 0) {
            t.initial_loss = L;
            floor = std::max(floor, config.stop.relative_loss_floor * L);
        }
        if (on_step) on_step(k, L, theta);
        const double gnorm = have_grad ? g.norm() : 0.0;
        Outcome stop = Outcome::bounded;
        bool stopping = true;
        if (!std::isfinite(L) || (have_grad && !std::isfinite(gnorm)) ||
            L > config.stop.blowup * t.initial_loss)
            stop = Outcome::diverged;
        else if (L <= floor)
            stop = Outcome::converged;
        else if (have_grad && gnorm <= config.stop.grad_floor)
            stop = Outcome::stalled;
        else
            stopping = k == config.max_steps;

        if (sample || stopping) {
            if (!have_grad) L = model.loss_grad(theta, data, g);
            detail::record(t, k, L, g.norm(), (theta - theta0).norm(), probes, theta);
        }
        if (stopping) {
            t.outcome = stop;
            t.steps = k;
            return t;
        }
        optimizer.step(theta, g, oracle);
    }
}

}  // namespace ratebench
