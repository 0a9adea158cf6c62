#include "suites/lr/tanh_s_min.hpp"

#include "core/spectrum.hpp"

#include <cmath>
#include <tuple>

namespace ratebench::lr {
namespace {

// Top Hessian eigenvalue at theta (dense from exact HVPs: two parameters).
double top_eigenvalue(const Mlp& net, const Eigen::VectorXd& theta, const Dataset& data) {
    Stream unused(0, "tanh s_min", 0, "dense path");
    return top_hessian_eigen(net, theta, data, unused).value;
}

// Golden-section steps: the bracket shrinks by 0.618 a step, 1e-12 of ln|w| after 80.
constexpr int kGoldenSteps = 80;

}  // namespace

double tanh_neuron_s_min_closed(double x, double y) {
    const double p = std::abs(x * y), u = p / std::sqrt(1.0 + p * p);
    return p * p * (1.0 - u) * (1.0 - u) / u + u;
}

SearchedSMin tanh_neuron_s_min(const Mlp& net, const Dataset& data) {
    const double x = data.X(0, 0), y = data.Y(0, 0);
    SearchedSMin out;
    auto at = [&](double log_w) {
        const double w = std::exp(log_w);
        Eigen::VectorXd theta(2);
        theta << w, y / std::tanh(w * x);  // layout: hidden weight, then output weight
        ++out.evaluations;
        return std::pair{top_eigenvalue(net, theta, data), theta};
    };
    // lambda_max -> inf as w -> 0 (a -> inf) and as w -> inf (sech^2 -> 0 while a -> y): the
    // flattest minimum lies inside [1e-4, 1e2] / |x| for |x y| in [1e-3, 1e3].
    double lo = std::log(1e-4 / std::abs(x)), hi = std::log(1e2 / std::abs(x));
    const double g = 0.5 * (std::sqrt(5.0) - 1.0);
    double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
    double fa = at(a).first, fb = at(b).first;
    for (int i = 0; i < kGoldenSteps; ++i) {
        if (fa < fb) {
            hi = b, b = a, fb = fa;
            a = hi - g * (hi - lo);
            fa = at(a).first;
        } else {
            lo = a, a = b, fa = fb;
            b = lo + g * (hi - lo);
            fb = at(b).first;
        }
    }
    std::tie(out.value, out.theta) = at(0.5 * (lo + hi));
    return out;
}

}  // namespace ratebench::lr
