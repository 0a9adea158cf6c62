#include "core/deep/positive_init_certificate.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string_view>

namespace ratebench {

std::optional<ActivationBounds> activation_bounds(const Activation& sigma, double B) {
    const std::string_view name = sigma.name;
    // tanh and sigmoid: sigma' even and decreasing in |z|; softplus: sigma' (the logistic)
    // increasing; cube: sigma'(0) = 0; all are increasing, so max |sigma| sits at an end.
    const double ends = std::max(std::abs(sigma.value(B)), std::abs(sigma.value(-B)));
    if (name == "tanh" || name == "sigmoid") return ActivationBounds{ends, sigma.first(B)};
    if (name == "softplus") return ActivationBounds{ends, sigma.first(-B)};
    if (name == "cube") return ActivationBounds{ends, 0.0};
    if (name == "identity") return ActivationBounds{B, 1.0};
    return std::nullopt;
}

std::optional<PositiveInitCertificate> positive_init_certificate(const Activation& sigma,
                                                                 const Eigen::MatrixXd& X,
                                                                 const std::vector<Eigen::Index>& hidden,
                                                                 double w_h, double A, double r) {
    if (!activation_bounds(sigma, 0.0) || hidden.empty()) return std::nullopt;
    PositiveInitCertificate cert;
    // A lower bound on lambda_min(X X^T): the solver's eigenvalues are exact for a matrix within
    // about n eps |X X^T| of the computed one, so that much is taken off (dependent inputs then
    // certify nothing rather than a round-off-sized positive value).
    const Eigen::MatrixXd gram = X * X.transpose();
    const Eigen::VectorXd lambda =
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(gram, Eigen::EigenvaluesOnly).eigenvalues();
    const double solver_error = 4.0 * static_cast<double>(X.rows()) * std::numeric_limits<double>::epsilon() *
                                lambda.cwiseAbs().maxCoeff();
    cert.lambda_min_xx = std::max(0.0, lambda(0) - solver_error);

    double B = r * X.rowwise().norm().maxCoeff();
    for (std::size_t l = 0; l < hidden.size(); ++l) {
        if (l > 0) {
            const double m = static_cast<double>(hidden[l - 1]);
            B = (w_h * m + r * std::sqrt(m)) * activation_bounds(sigma, B)->max_abs_value;
        }
        cert.preactivation_bound.push_back(B);
        cert.slope_bound.push_back(activation_bounds(sigma, B)->min_slope);
    }
    const std::size_t L = hidden.size();
    double u = cert.slope_bound[L - 1] * std::max(A - r, 0.0);
    for (std::size_t l = L - 1; l-- > 0;)
        u = cert.slope_bound[l] * std::max(w_h - r, 0.0) * static_cast<double>(hidden[l + 1]) * u;
    const double n = static_cast<double>(X.rows());
    cert.alpha_cert = 4.0 / n * cert.lambda_min_xx * static_cast<double>(hidden[0]) * u * u;
    return cert;
}

}  // namespace ratebench
