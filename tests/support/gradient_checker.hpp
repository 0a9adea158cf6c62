#pragma once
// One finite-difference checker for gradients and Hessian-vector products (after Ceres'
// GradientChecker): it reports the worst error and where, rather than a bare pass/fail.
// Step per coordinate: eps^(1/3) max(|theta_i|, 1), the optimum for central differences.
#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <limits>

namespace ratebench::testing {

struct CheckReport {
    double worst_error = 0.0;      // |exact - fd| / scale, scale = max(|exact|_inf, |fd|_inf, 1e-12)
    Eigen::Index worst_index = -1;
    double exact_at_worst = 0.0;
    double fd_at_worst = 0.0;
};

inline double fd_step(double x) {
    return std::cbrt(std::numeric_limits<double>::epsilon()) * std::max(std::abs(x), 1.0);
}

inline CheckReport compare(const Eigen::VectorXd& exact, const Eigen::VectorXd& fd) {
    CheckReport r;
    // Scale from the finite entries, so that a NaN is located rather than spread everywhere.
    auto finite_max = [](const Eigen::VectorXd& x) {
        return x.unaryExpr([](double a) { return std::isfinite(a) ? std::abs(a) : 0.0; }).maxCoeff();
    };
    const double scale = std::max({finite_max(exact), finite_max(fd), 1e-12});
    for (Eigen::Index i = 0; i < exact.size(); ++i) {
        const double err = std::abs(exact(i) - fd(i)) / scale;
        // The first NaN wins and stays: a later finite error must not overwrite it.
        if (std::isnan(err) ? !std::isnan(r.worst_error) : err > r.worst_error) {
            r.worst_error = err;
            r.worst_index = i;
            r.exact_at_worst = exact(i);
            r.fd_at_worst = fd(i);
        }
    }
    return r;
}

// loss(theta) -> double; grad: the exact gradient at theta.
template <class Loss>
CheckReport check_gradient(Loss&& loss, const Eigen::VectorXd& theta, const Eigen::VectorXd& grad) {
    Eigen::VectorXd fd(theta.size());
    Eigen::VectorXd x = theta;
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
        const double h = fd_step(theta(i));
        x(i) = theta(i) + h;
        const double up = loss(x);
        x(i) = theta(i) - h;
        const double down = loss(x);
        x(i) = theta(i);
        fd(i) = (up - down) / (2 * h);
    }
    return compare(grad, fd);
}

// gradient(theta) -> VectorXd, the EXACT gradient; hv: the exact H v. Differencing the exact
// gradient along v checks the HVP independently (an FD HVP against FD would be circular).
template <class Gradient>
CheckReport check_hvp(Gradient&& gradient, const Eigen::VectorXd& theta, const Eigen::VectorXd& v,
                      const Eigen::VectorXd& hv) {
    const double h = fd_step(theta.cwiseAbs().maxCoeff()) / std::max(v.cwiseAbs().maxCoeff(), 1e-300);
    const Eigen::VectorXd fd = (gradient(Eigen::VectorXd(theta + h * v)) -
                                gradient(Eigen::VectorXd(theta - h * v))) / (2 * h);
    return compare(hv, fd);
}

}  // namespace ratebench::testing
