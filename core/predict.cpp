#include "core/predict.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>

namespace ratebench {

double max_root_modulus(const Eigen::VectorXd& monic) {
    const Eigen::Index p = monic.size() - 1;
    if (p < 1) return 0.0;
    if (p == 1) return std::abs(monic(1));
    // Companion matrix: its eigenvalues are the roots.
    Eigen::MatrixXd C = Eigen::MatrixXd::Zero(p, p);
    C.row(0) = -monic.tail(p).transpose();
    C.bottomLeftCorner(p - 1, p - 1).setIdentity();
    const Eigen::EigenSolver<Eigen::MatrixXd> eig(C, false);
    return eig.eigenvalues().cwiseAbs().maxCoeff();
}

double loss_slope(double rho) { return 2.0 * std::log(rho); }

double heavy_ball_ode_exponent(double gamma, double lambda0) {
    const double critical = 2.0 * std::sqrt(lambda0);
    if (gamma < critical) return gamma;
    return gamma - std::sqrt(gamma * gamma - 4.0 * lambda0);
}

double nesterov_ode_envelope_slope(double r, double eta, double lambda0, double k1, double k2) {
    return -r - eta * lambda0 * (k2 - k1) / std::log(k2 / k1);
}

double nesterov_late_peak_slope(double r, double eta, double lambda0, double k_mid) {
    return std::log(1.0 - eta * lambda0) - r / k_mid;
}

}  // namespace ratebench
