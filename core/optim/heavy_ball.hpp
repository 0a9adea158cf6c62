#pragma once
// Polyak's heavy ball: w+ = w - eta g(w) + beta (w - w-). The first step has zero velocity.
#include "core/optim/optimizer.hpp"

namespace ratebench {

struct HeavyBall {
    struct Params {
        double eta = 0.1;   // step size
        double beta = 0.9;  // momentum
        void validate() const {
            require_param(eta > 0, "HeavyBall", "eta", eta, "must be > 0");
            require_param(beta >= 0 && beta < 1, "HeavyBall", "beta", beta, "must be in [0, 1)");
        }
    };
    Params params;
    HeavyBall() = default;
    explicit HeavyBall(Params p) : params(p) {}
    static constexpr bool gradient_at_iterate = true;

    void reset() { previous_.resize(0); }

    template <class Oracle>
    void step(Eigen::VectorXd& w, const Eigen::VectorXd& g, Oracle&&) {
        if (previous_.size() == 0) previous_ = w;
        velocity_ = params.beta * (w - previous_) - params.eta * g;
        previous_ = w;
        w += velocity_;
    }

    // e+ = (1 + beta - eta lambda) e - beta e-.
    std::optional<Eigen::VectorXd> characteristic(double lambda) const {
        return Eigen::Vector3d(1.0, -(1.0 + params.beta - params.eta * lambda), params.beta);
    }

private:
    Eigen::VectorXd previous_, velocity_;
};

static_assert(Optimizer<HeavyBall>);

}  // namespace ratebench
