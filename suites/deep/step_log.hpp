#pragma once
// Every GD step's loss and gradient norm, and the checks the criterion's theorem makes on them
// (path length, rate bound, descent inequality), shared by the networks and the toys.
#include "core/deep/criterion.hpp"
#include "core/models/model.hpp"
#include "core/result.hpp"
#include "core/train.hpp"

#include <optional>
#include <vector>

namespace ratebench::deep {

// A model with the squared norm of its last gradient kept: train() evaluates the gradient at
// every iterate before calling the step observer, which reads it there.
template <Model M>
struct Recording {
    const M* model;
    mutable double last_grad_sq = 0.0;
    Eigen::Index num_params() const { return model->num_params(); }
    Eigen::VectorXd init(Stream& s) const { return model->init(s); }
    double loss(const Eigen::VectorXd& w, const Dataset& data) const { return model->loss(w, data); }
    double loss_grad(const Eigen::VectorXd& w, const Dataset& data, Eigen::VectorXd& g) const {
        const double f = model->loss_grad(w, data, g);
        last_grad_sq = g.squaredNorm();
        return f;
    }
    Eigen::MatrixXd predict(const Eigen::VectorXd& w, const Eigen::MatrixXd& X) const { return model->predict(w, X); }
    Eigen::VectorXd hvp(const Eigen::VectorXd& w, const Eigen::VectorXd& v, const Dataset& data) const {
        return model->hvp(w, v, data);
    }
};

struct StepLog {
    std::vector<double> loss, grad_sq;  // f_k and |g_k|^2 for k = 0 .. last step
    double max_distance = 0.0;          // max_k |w_k - w0|
};

// Records into log at every step (max distance from w0 included).
template <Model M>
StepObserver step_logger(const Recording<M>& model, const Eigen::VectorXd& w0, StepLog& log) {
    return [&model, &w0, &log](long, double f, const Eigen::VectorXd& at) {
        log.loss.push_back(f);
        log.grad_sq.push_back(model.last_grad_sq);
        log.max_distance = std::max(log.max_distance, (at - w0).norm());
    };
}

// Round-off: the loss is compared with bounds only above this floor. An output sums terms of
// size S (at the positive init the output bias cancels a^T h_L, of size ~A), so each residual
// carries an error of about kResidualUlps eps S and f one of 2 sqrt(f) kResidualUlps eps S,
// while a step lowers f by a fraction q (the slowest mode's 1 - (1 - eta mu)^2). Comparisons
// of f_(k+1) with f_k are meaningful while that error is below 1/kRoundOffMargin of q f:
// floor = max(1e-24 f0, (2 kRoundOffMargin kResidualUlps eps S / q)^2). Measured: softplus at
// A = 290 (q = 0.04) has f_(k+1) = f_k from f ~ 1e-22 f0; at A = 5448 (q = 2.5e-4) the descent
// inequality "fails" by round-off up to f ~ 1e-15 f0.
inline constexpr double kResidualUlps = 10.0;
inline constexpr double kRoundOffMargin = 5.0;
double roundoff_floor(double f0, double output_scale, double step_decrease);

// Metrics from the log (counts over the steps with f_k > floor): path_length, max_distance, alpha_traj, min_loss_ratio, counted_steps,
// violations.descent (with theta = 1 - eta beta / 2), steps_to_converged; with constants also
// delta, rate_factor, path_bound, violations.rate_bound; and the curve.step=K.observed /
// .rate_bound series at the trajectory's samples (at most max_points of them).
void record_step_checks(const StepLog& log, const Trajectory& t, double eta, double beta, double floor,
                        const std::optional<GdConstants>& constants, Metrics& m, std::size_t max_points = 48);

}  // namespace ratebench::deep
