#pragma once
// What every model offers the optimisers, the training loop and the spectral tools. Parameters
// are one flat vector; a model maps named views of it onto its layers (DESIGN.md s.4).
#include "core/data.hpp"
#include "core/rng.hpp"

#include <Eigen/Core>
#include <concepts>

namespace ratebench {

template <class M>
concept Model = requires(const M& m, const Eigen::VectorXd& theta, const Dataset& data,
                         Eigen::VectorXd& grad, Stream& stream) {
    { m.num_params() } -> std::convertible_to<Eigen::Index>;
    { m.init(stream) } -> std::convertible_to<Eigen::VectorXd>;
    // Loss at theta; the gradient is written into grad (resized as needed).
    { m.loss_grad(theta, data, grad) } -> std::convertible_to<double>;
    { m.loss(theta, data) } -> std::convertible_to<double>;
    { m.predict(theta, data.X) } -> std::convertible_to<Eigen::MatrixXd>;
    // Exact Hessian-vector product of the loss, H(theta) v.
    { m.hvp(theta, theta, data) } -> std::convertible_to<Eigen::VectorXd>;
};

// Models whose outputs have a Jacobian J (rows: points x outputs, columns: parameters),
// giving the empirical NTK J J^T and the Gauss-Newton matrix.
template <class M>
concept JacobianModel = Model<M> && requires(const M& m, const Eigen::VectorXd& theta,
                                             const Dataset& data) {
    { m.jacobian(theta, data.X) } -> std::convertible_to<Eigen::MatrixXd>;
};

}  // namespace ratebench
