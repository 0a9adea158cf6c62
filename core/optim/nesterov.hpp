#pragma once
// Nesterov's accelerated gradient: y = w + beta_k (w - w-), w+ = y - eta g(y), the gradient
// taken at the look-ahead point y. beta_k is either a constant beta or, when r > 0, the
// vanishing-damping schedule beta_k = (k-1)/(k+r-1) (k = 1, 2, ...; r = 3 is the classic),
// whose ODE limit e'' + (r/t) e' + H e = 0 decays only like t^-r (Bu, Xu, Chen 2021).
#include "core/optim/optimizer.hpp"

namespace ratebench {

struct Nesterov {
    struct Params {
        double eta = 0.1;   // step size
        double beta = 0.9;  // constant momentum, used when r == 0
        double r = 0.0;     // > 0: beta_k = (k-1)/(k+r-1)
        void validate() const {
            require_param(eta > 0, "Nesterov", "eta", eta, "must be > 0");
            require_param(beta >= 0 && beta < 1, "Nesterov", "beta", beta, "must be in [0, 1)");
            require_param(r >= 0, "Nesterov", "r", r, "must be >= 0 (0: constant beta)");
        }
        bool scheduled() const { return r > 0; }
    };
    Params params;
    Nesterov() = default;
    explicit Nesterov(Params p) : params(p) {}
    static constexpr bool gradient_at_iterate = false;

    void reset() {
        previous_.resize(0);
        k_ = 1;
    }

    double momentum() const {
        return params.scheduled() ? (k_ - 1.0) / (k_ + params.r - 1.0) : params.beta;
    }

    template <class Oracle>
    void step(Eigen::VectorXd& w, const Eigen::VectorXd&, Oracle&& oracle) {
        if (previous_.size() == 0) previous_ = w;
        lookahead_ = w + momentum() * (w - previous_);
        oracle(lookahead_, grad_);
        previous_ = w;
        w = lookahead_ - params.eta * grad_;
        ++k_;
    }

    // Constant beta: e+ = (1 - eta lambda)((1 + beta) e - beta e-). The schedule has no
    // constant recurrence, hence no polynomial.
    std::optional<Eigen::VectorXd> characteristic(double lambda) const {
        if (params.scheduled()) return std::nullopt;
        const double q = 1.0 - params.eta * lambda;
        return Eigen::Vector3d(1.0, -q * (1.0 + params.beta), q * params.beta);
    }

private:
    Eigen::VectorXd previous_, lookahead_, grad_;
    long k_ = 1;
};

static_assert(Optimizer<Nesterov>);

}  // namespace ratebench
