#include "core/models/scalar_chain.hpp"

#include "core/errors.hpp"
#include "core/optim/optimizer.hpp"

#include <cmath>

namespace ratebench {
namespace {

// The product of all factors but w_j, by prefix and suffix products (no division: a factor
// may be exactly 0, the saddle at the origin).
double product_without(const Eigen::VectorXd& w, Eigen::Index j) {
    double p = 1.0;
    for (Eigen::Index i = 0; i < w.size(); ++i)
        if (i != j) p *= w(i);
    return p;
}

double product_without(const Eigen::VectorXd& w, Eigen::Index j, Eigen::Index k) {
    double p = 1.0;
    for (Eigen::Index i = 0; i < w.size(); ++i)
        if (i != j && i != k) p *= w(i);
    return p;
}

}  // namespace

ScalarChain::ScalarChain(int depth, double init_sigma) : depth_(depth), init_sigma_(init_sigma) {
    require_param(depth >= 1, "ScalarChain", "depth", depth, "must be >= 1");
    require_param(init_sigma >= 0, "ScalarChain", "init_sigma", init_sigma, "must be >= 0");
}

Eigen::VectorXd ScalarChain::init(Stream& s) const {
    Eigen::VectorXd w(depth_);
    s.fill_normal(w, init_sigma_);
    return w;
}

ScalarChain::Moments ScalarChain::moments(const Dataset& data) {
    if (data.X.cols() != 1 || data.Y.cols() != 1 || data.X.rows() != data.Y.rows() || data.X.rows() == 0)
        throw InputError("scalar chain: data need one input column, one target column and >= 1 point");
    const double n = static_cast<double>(data.X.rows());
    const double sxx = data.X.col(0).squaredNorm() / n;
    if (!(sxx > 0)) throw InputError("scalar chain: every input is 0 (the loss does not depend on the weights)");
    const double sxy = data.X.col(0).dot(data.Y.col(0)) / n;
    const double p_star = sxy / sxx;
    // L_min = 1/(2n) |y - P* x|^2 from the residuals (no cancellation of Syy - Sxy^2 / Sxx).
    const double l_min = 0.5 * (data.Y.col(0) - p_star * data.X.col(0)).squaredNorm() / n;
    return {sxx, p_star, l_min};
}

double ScalarChain::loss(const Eigen::VectorXd& theta, const Dataset& data) const {
    const Moments m = moments(data);
    const double e = theta.prod() - m.p_star;
    return 0.5 * m.sxx * e * e + m.l_min;
}

double ScalarChain::loss_grad(const Eigen::VectorXd& theta, const Dataset& data, Eigen::VectorXd& grad) const {
    const Moments m = moments(data);
    const double e = theta.prod() - m.p_star;
    grad.resize(depth_);
    for (Eigen::Index j = 0; j < depth_; ++j) grad(j) = m.sxx * e * product_without(theta, j);
    return 0.5 * m.sxx * e * e + m.l_min;
}

Eigen::MatrixXd ScalarChain::predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    return theta.prod() * X;
}

// H_jk = Sxx D_j D_k + Sxx (P - P*) D_jk, D_j = dP/dw_j, D_jk = d^2 P / dw_j dw_k (0 on the diagonal).
Eigen::MatrixXd ScalarChain::hessian(const Eigen::VectorXd& theta, const Dataset& data) const {
    const Moments m = moments(data);
    const double e = theta.prod() - m.p_star;
    Eigen::MatrixXd H(depth_, depth_);
    for (Eigen::Index j = 0; j < depth_; ++j)
        for (Eigen::Index k = 0; k < depth_; ++k)
            H(j, k) = m.sxx * product_without(theta, j) * product_without(theta, k) +
                      (j == k ? 0.0 : m.sxx * e * product_without(theta, j, k));
    return H;
}

Eigen::VectorXd ScalarChain::hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, const Dataset& data) const {
    return hessian(theta, data) * v;
}

}  // namespace ratebench
