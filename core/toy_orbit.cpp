#include "core/toy_orbit.hpp"

#include <cmath>

namespace ratebench {

double toy_period2_stable_limit() { return std::sqrt(5.0) - 1.0; }

double toy_period2_grad_norm(double c, double eta) {
    const double rho = eta * std::abs(c);
    if (!(rho > 1.0)) return std::nan("");
    const double S = std::sqrt(1.0 + 3.0 / rho), D = std::sqrt(1.0 - 1.0 / rho);
    // |grad| at (u, u) for 1/2 (uv - 1)^2 is sqrt(2) |u| |u^2 - 1|; x = sqrt|c| u scales it by |c|^(3/2).
    auto grad = [](double u) { return std::sqrt(2.0) * std::abs(u) * std::abs(u * u - 1.0); };
    return std::pow(std::abs(c), 1.5) * 0.5 * (grad(0.5 * (S + D)) + grad(0.5 * (S - D)));
}

}  // namespace ratebench
