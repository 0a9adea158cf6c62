#pragma once
// A certified lower bound alpha_cert <= alpha(w0, r) for the squared loss f = (1/n) sum e_i^2 of
// an mlp (no hidden biases, output a^T h_L + c) at Chatterjee's positive initialisation:
// W_1 = 0, every hidden weight w_h, every output weight A (THEORY.md "deep").
//
// At every w in B(w0, r) each weight moves by at most r, so |z_1| <= B_1 = r max_i |x_i|
// entrywise and |z_l| <= B_l = (w_h m_(l-1) + r sqrt(m_(l-1))) H_(l-1), H = max |sigma| on
// [-B, B]; sigma' >= s_l on [-B_l, B_l]. Then every entry of v_i = d phi(x_i) / d z_1 is at
// least u_1, with u_L = s_L (A - r), u_l = s_l (w_h - r) m_(l+1) u_(l+1), and
// |grad f|^2 / f >= |grad_W1 f|^2 / f >= (4/n) lambda_min(X X^T) m_1 u_1^2 = alpha_cert.
#include "core/activation.hpp"

#include <Eigen/Core>
#include <optional>
#include <vector>

namespace ratebench {

// Bounds of an activation on [-B, B]: max |sigma| and min sigma'.
struct ActivationBounds {
    double max_abs_value;
    double min_slope;
};
// Derived for tanh, sigmoid, softplus, cube and identity (monotone sigma, sigma' even-decreasing
// or monotone); nullopt for the others (no bound proved here).
std::optional<ActivationBounds> activation_bounds(const Activation& sigma, double B);

struct PositiveInitCertificate {
    double alpha_cert = 0.0;      // 0 when w_h <= r, A <= r or a slope bound is 0
    double lambda_min_xx = 0.0;   // a lower bound on lambda_min(X X^T) (solver round-off off), >= 0
    std::vector<double> preactivation_bound, slope_bound;  // B_l, s_l per hidden layer
};

// nullopt when no bound is derived for this activation (the criterion is then undetermined
// from below, whatever the search finds).
std::optional<PositiveInitCertificate> positive_init_certificate(const Activation& sigma,
                                                                 const Eigen::MatrixXd& X,
                                                                 const std::vector<Eigen::Index>& hidden,
                                                                 double w_h, double A, double r);

}  // namespace ratebench
