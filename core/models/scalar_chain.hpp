#pragma once
// Scalar chain: prediction f(x) = w_N ... w_1 x, loss 1/(2n) sum_i (f(x_i) - y_i)^2 (for one
// point x = 1: the toy 1/2 (w_2 w_1 - y)^2 at N = 2). The lr sweeps run thousands of short
// runs of it, so it is a dedicated model of N numbers (no matrices, no heap traffic in
// loss_grad) rather than a linear_net of 1 x 1 layers; its gradient and HVP are tested against
// finite differences like every model's.
#include "core/models/model.hpp"

namespace ratebench {

class ScalarChain {
public:
    // depth N >= 1 factors; init: i.i.d. N(0, init_sigma^2) (small init, DESIGN.md s.3).
    ScalarChain(int depth, double init_sigma);

    Eigen::Index num_params() const { return depth_; }
    Eigen::VectorXd init(Stream& s) const;
    double loss(const Eigen::VectorXd& theta, const Dataset& data) const;
    double loss_grad(const Eigen::VectorXd& theta, const Dataset& data, Eigen::VectorXd& grad) const;
    Eigen::MatrixXd predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;
    Eigen::VectorXd hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, const Dataset& data) const;
    Eigen::MatrixXd hessian(const Eigen::VectorXd& theta, const Dataset& data) const;

    // The loss is 1/2 Sxx (P - P*)^2 + L_min with P* = Sxy / Sxx: computed in this form it
    // reaches 1e-30 of L0 (the expanded sum stops at round-off of the target's size).
    struct Moments {
        double sxx, p_star, l_min;
    };
    static Moments moments(const Dataset& data);  // data: one input column, one target column

private:
    int depth_;
    double init_sigma_;
};
static_assert(Model<ScalarChain>);

}  // namespace ratebench
