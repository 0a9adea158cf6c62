#pragma once
// Two-lag momentum: w+ = w - eta g(w) + b1 (w - w-) + b2 (w- - w--). Its null-space modes
// (lambda = 0) factor as (z - 1)(z^2 - b1 z - b2): with b1 + b2 = 1 they carry a double root
// at 1 and the weights can drift while the loss stalls (THEORY.md, relu2).
#include "core/optim/optimizer.hpp"

namespace ratebench {

struct TwoLagMomentum {
    struct Params {
        double eta = 0.1;  // step size
        double b1 = 0.5;   // weight of the last displacement
        double b2 = 0.3;   // weight of the one before
        void validate() const {
            require_param(eta > 0, "TwoLagMomentum", "eta", eta, "must be > 0");
            require_param(true, "TwoLagMomentum", "b1", b1, "must be finite");
            require_param(true, "TwoLagMomentum", "b2", b2, "must be finite");
        }
    };
    Params params;
    TwoLagMomentum() = default;
    explicit TwoLagMomentum(Params p) : params(p) {}
    static constexpr bool gradient_at_iterate = true;

    void reset() {
        previous_.resize(0);
        before_previous_.resize(0);
    }

    template <class Oracle>
    void step(Eigen::VectorXd& w, const Eigen::VectorXd& g, Oracle&&) {
        if (previous_.size() == 0) previous_ = w;
        if (before_previous_.size() == 0) before_previous_ = previous_;
        next_ = w - params.eta * g + params.b1 * (w - previous_) +
                params.b2 * (previous_ - before_previous_);
        before_previous_.swap(previous_);
        previous_ = w;
        w.swap(next_);
    }

    // e+ = (1 + b1 - eta lambda) e - (b1 - b2) e- - b2 e--.
    std::optional<Eigen::VectorXd> characteristic(double lambda) const {
        return Eigen::Vector4d(1.0, -(1.0 + params.b1 - params.eta * lambda),
                               params.b1 - params.b2, params.b2);
    }

private:
    Eigen::VectorXd previous_, before_previous_, next_;
};

static_assert(Optimizer<TwoLagMomentum>);

}  // namespace ratebench
