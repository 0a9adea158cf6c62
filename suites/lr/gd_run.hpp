#pragma once
// One GD run of the lr sweeps at a fixed eta from a given init, classified by loss and
// gradient together (core/outcome.hpp), with the sharpness of a converged run. Any model: the
// scalar chains, the matrix nets and the tanh nets share it.
#include "core/optim/gradient_descent.hpp"
#include "core/outcome.hpp"
#include "core/result.hpp"
#include "core/spectrum.hpp"
#include "core/train.hpp"

#include <cmath>
#include <vector>

namespace ratebench::lr {

// Judging thresholds of a run, relative to its initial loss L0 (every lr problem has L_min = 0)
// and to the gradient scale sqrt(2 s_min L0) (|grad| at loss L0 near the flattest minimum).
inline constexpr double kLossFloor = 1e-20;   // converged: L <= 1e-20 L0 (round-off is ~1e-30)
inline constexpr double kGradFloor = 1e-9;    // ... and |grad| <= 1e-9 scale (sqrt of the loss floor, x 10)
inline constexpr double kStallGrad = 1e-12;   // train() stops a run whose |grad| <= 1e-12 scale (a dead net)
// Stalled: late |grad|^2 <= 1e-12 (2 s_min) late L. Near a minimum |grad|^2 ~ 2 s L (bounded runs
// on orbits sit at a ratio of order 1); a depth-3 chain drawn into its origin at 2 eta* has a
// ratio of ~1e-16 after 20000 steps (|grad| ~ 1/k, L = y^2 / 2).
inline constexpr double kStallRatio = 1e-12;
inline constexpr double kBlowup = 1e12;       // diverged: L > 1e12 L0
// The nudge of THEORY.md: a run that settled at round-off on a minimum sharper than 2/eta
// leaves it after a push of this size along the top Hessian eigenvector.
inline constexpr double kNudge = 1e-10;

struct RunSettings {
    double eta;
    double s_min;        // for the gradient scale
    long max_steps;
    long tail_steps;     // late window: mean |grad| over these steps (even: a period-2 orbit's mean)
};

namespace detail {

template <Model M>
Classification run_once(const M& model, const Dataset& data, Eigen::VectorXd& theta, const RunSettings& rs,
                        double L0, double grad_scale, Trajectory& trajectory) {
    const TrainConfig config{rs.max_steps,
                             {.loss_floor = kLossFloor * L0,
                              .grad_floor = kStallGrad * grad_scale,
                              .blowup = kBlowup},
                             {.log_points = 10, .even_points = 2}};
    GradientDescent gd{{.eta = rs.eta}};
    trajectory = train(model, data, gd, theta, config);
    std::vector<double> tail_loss, tail_grad;
    Eigen::VectorXd g(theta.size());
    if (trajectory.outcome == Outcome::bounded)
        for (long k = 0; k < rs.tail_steps; ++k) {
            tail_loss.push_back(model.loss_grad(theta, data, g));
            tail_grad.push_back(g.norm());
            theta.noalias() -= rs.eta * g;
        }
    const OutcomeThresholds thresholds{.loss_floor = kLossFloor * L0,
                                       .grad_floor = kGradFloor * grad_scale,
                                       .stall_ratio = kStallRatio * 2.0 * rs.s_min,
                                       .blowup_loss = kBlowup * L0};
    return classify_outcome(trajectory.outcome, trajectory.final_loss(), trajectory.grad_norm.back(), tail_loss,
                            tail_grad, thresholds);
}

}  // namespace detail

template <Model M>
Run run_gd(const M& model, const Dataset& data, Eigen::VectorXd theta, const RunSettings& rs, Stream& lanczos) {
    Run run;
    const double L0 = model.loss(theta, data);
    const double grad_scale = std::sqrt(2.0 * rs.s_min * L0);
    Classification c = detail::run_once(model, data, theta, rs, L0, grad_scale, run.trajectory);
    Metrics& m = run.metrics;
    m["nudged"] = 0.0;
    if (c.outcome == Outcome::converged) {
        TopEigen top = top_hessian_eigen(model, theta, data, lanczos);
        if (top.value > 2.0 / rs.eta) {
            theta += kNudge * top.vector;
            m["nudged"] = 1.0;
            m["sharpness.before_nudge"] = top.value;
            Trajectory again;
            c = detail::run_once(model, data, theta, rs, L0, grad_scale, again);
            if (c.outcome == Outcome::converged) top = top_hessian_eigen(model, theta, data, lanczos);
            run.trajectory.steps += again.steps;
        }
        if (c.outcome == Outcome::converged) {
            m["sharpness"] = top.value;
            m["sharpness.residual"] = top.residual;
            m["sharpness.products"] = static_cast<double>(top.products);
            m["sharpness.lanczos"] = model.num_params() > 40;
            m["sharpness_over_s_min"] = top.value / rs.s_min;
            m["sharpness_times_eta_over_2"] = top.value * rs.eta / 2.0;
        }
    }
    run.trajectory.outcome = c.outcome;
    for (Outcome o : {Outcome::converged, Outcome::diverged, Outcome::bounded, Outcome::stalled})
        m["outcome." + std::string(to_string(o))] = c.outcome == o;
    m["outcome.unsettled"] = c.unsettled;
    m["steps"] = static_cast<double>(run.trajectory.steps);
    m["initial_loss"] = L0;
    if (std::isfinite(c.late_loss)) m["late_loss_ratio"] = c.late_loss / L0;
    if (std::isfinite(c.late_grad_norm)) m["late_grad_norm"] = c.late_grad_norm;
    return run;
}

}  // namespace ratebench::lr
