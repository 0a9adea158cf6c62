#pragma once
// Neural tangent kernels of the relu2 family: the infinite-width Gram H_inf in closed form and
// the empirical Gram J J^T of a finite net.
#include "core/models/model.hpp"

#include <Eigen/Core>

namespace ratebench {

// H_inf_ij = x_i.x_j (pi - arccos(cos angle_ij)) / (2 pi): the expectation over w ~ N(0, I)
// of x_i.x_j 1{w.x_i >= 0, w.x_j >= 0} (Du et al. 2019). Diagonal |x_i|^2 / 2.
Eigen::MatrixXd ntk_gram_relu_infinite(const Eigen::MatrixXd& X);

// J J^T from the model's Jacobian (n k x n k).
template <JacobianModel M>
Eigen::MatrixXd empirical_ntk(const M& model, const Eigen::VectorXd& theta,
                              const Eigen::MatrixXd& X) {
    const Eigen::MatrixXd J = model.jacobian(theta, X);
    return J * J.transpose();
}

}  // namespace ratebench
