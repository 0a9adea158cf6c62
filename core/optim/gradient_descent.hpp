#pragma once
// Gradient descent: w+ = w - eta g(w).
#include "core/optim/optimizer.hpp"

namespace ratebench {

struct GradientDescent {
    struct Params {
        double eta = 0.1;  // step size
        void validate() const { require_param(eta > 0, "GradientDescent", "eta", eta, "must be > 0"); }
    };
    Params params;
    GradientDescent() = default;
    explicit GradientDescent(Params p) : params(p) {}
    static constexpr bool gradient_at_iterate = true;

    void reset() {}

    template <class Oracle>
    void step(Eigen::VectorXd& w, const Eigen::VectorXd& g, Oracle&&) {
        w.noalias() -= params.eta * g;
    }

    // e+ = (1 - eta lambda) e.
    std::optional<Eigen::VectorXd> characteristic(double lambda) const {
        return Eigen::Vector2d(1.0, -(1.0 - params.eta * lambda));
    }
};

static_assert(Optimizer<GradientDescent>);

}  // namespace ratebench
