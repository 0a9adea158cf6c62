#pragma once
// An upper bound alpha_up >= alpha(x0, r) = inf over B(x0, r) of rho = |grad f|^2 / f: the
// smallest rho found by projected descent on rho with restarts. Every point evaluated lies in
// the ball, so every value is an upper bound; the search only makes it tighter.
// grad rho = (2 H g - rho g) / f (g = grad f, H the Hessian): one exact HVP per step.
#include "core/models/model.hpp"
#include "core/rng.hpp"

#include <cmath>
#include <limits>

namespace ratebench {

struct RatioSearchConfig {
    int restarts = 4;    // starts: x0, then random points at radius r, r/2, ... (cycling)
    int steps = 60;      // accepted or rejected steps per start
    void validate() const;
};

struct RatioSearchResult {
    double alpha_up = std::numeric_limits<double>::infinity();
    Eigen::VectorXd at;       // where it was found
    double rho_at_center = 0.0;
    long hvps = 0;
};

namespace detail {
// x projected onto the ball B(center, r).
Eigen::VectorXd project_to_ball(const Eigen::VectorXd& x, const Eigen::VectorXd& center, double r);
// A point at distance `radius` from center in a uniformly random direction.
Eigen::VectorXd random_point_at(const Eigen::VectorXd& center, double radius, Stream& stream);
}  // namespace detail

template <Model M>
RatioSearchResult search_ratio_minimum(const M& model, const Dataset& data, const Eigen::VectorXd& x0, double r,
                                       Stream& stream, const RatioSearchConfig& config = {}) {
    config.validate();
    RatioSearchResult result;
    Eigen::VectorXd g;
    // rho at x, +inf where f = 0 (rho is defined where f > 0; the infimum is unaffected).
    auto rho_at = [&](const Eigen::VectorXd& x) {
        const double f = model.loss_grad(x, data, g);
        const double rho = f > 0 ? g.squaredNorm() / f : std::numeric_limits<double>::infinity();
        if (rho < result.alpha_up) {
            result.alpha_up = rho;
            result.at = x;
        }
        return std::pair{f, rho};
    };
    result.rho_at_center = rho_at(x0).second;
    for (int s = 0; s < config.restarts; ++s) {
        Eigen::VectorXd x = s == 0 ? x0 : detail::random_point_at(x0, r / static_cast<double>(1 << ((s - 1) % 3)), stream);
        auto [f, rho] = rho_at(x);
        double step = r / 4.0;
        for (int k = 0; k < config.steps && std::isfinite(rho) && step > 1e-14 * r; ++k) {
            model.loss_grad(x, data, g);
            const Eigen::VectorXd Hg = model.hvp(x, g, data);
            ++result.hvps;
            const Eigen::VectorXd direction = (2.0 * Hg - rho * g) / f;
            const double norm = direction.norm();
            if (!(norm > 0) || !std::isfinite(norm)) break;
            // Normalised step with a trust length: grown after a success, halved after a failure.
            for (; step > 1e-14 * r; step *= 0.5) {
                const Eigen::VectorXd trial = detail::project_to_ball(x - step / norm * direction, x0, r);
                const auto [f_trial, rho_trial] = rho_at(trial);
                if (rho_trial < rho) {
                    x = trial;
                    f = f_trial;
                    rho = rho_trial;
                    step *= 1.5;
                    break;
                }
            }
        }
    }
    return result;
}

}  // namespace ratebench
