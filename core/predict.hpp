#pragma once
// Predicted rates from a spectrum (THEORY.md). A linear method contracts the error on a mode
// of curvature lambda by the largest root modulus of its characteristic polynomial; the loss
// then decays per step by rho^2, i.e. a slope of 2 ln rho in ln L.
#include "core/optim/optimizer.hpp"

#include <Eigen/Core>
#include <optional>

namespace ratebench {

// Largest modulus among the roots of z^p + c_1 z^(p-1) + ... + c_p, given [1, c_1, ..., c_p].
double max_root_modulus(const Eigen::VectorXd& monic);

// max over the eigenvalues of the root modulus; nullopt for methods without a constant
// recurrence (Nesterov's schedule).
template <Optimizer O>
std::optional<double> predicted_contraction(const O& optimizer, const Eigen::VectorXd& lambdas) {
    double rho = 0.0;
    for (Eigen::Index i = 0; i < lambdas.size(); ++i) {
        const auto poly = optimizer.characteristic(lambdas(i));
        if (!poly) return std::nullopt;
        rho = std::max(rho, max_root_modulus(*poly));
    }
    return rho;
}

// Slope of ln L per step for a contraction rho.
double loss_slope(double rho);

// Heavy-ball ODE e'' + gamma e' + lambda0 e = 0: loss exponent nu (L ~ e^(-nu t)); gamma below
// 2 sqrt(lambda0) is under-damped (nu = gamma), above it over-damped.
double heavy_ball_ode_exponent(double gamma, double lambda0);

// Nesterov with beta_k = (k-1)/(k+r-1), ODE window: log-log slope of the envelope between
// steps k1 and k2, -r - eta lambda0 (k2 - k1) / ln(k2 / k1).
double nesterov_ode_envelope_slope(double r, double eta, double lambda0, double k1, double k2);

// The same method at fixed eta, late: slope of ln L through the peaks near step k_mid,
// ln(1 - eta lambda0) - r / k_mid.
double nesterov_late_peak_slope(double r, double eta, double lambda0, double k_mid);

}  // namespace ratebench
