#pragma once
// Deep linear network P = W_N ... W_1 (k x d), predictions X P^T: an Mlp with the identity
// activation and no biases, so it shares one tested backward pass and HVP.
#include "core/models/mlp.hpp"

namespace ratebench {

// hidden: the widths between input and output (depth N = hidden.size() + 1). Init: weights
// i.i.d. N(0, sigma^2), small by default (the lr claims need small inits, DESIGN.md s.3).
Mlp linear_net(Eigen::Index inputs, std::vector<Eigen::Index> hidden, Eigen::Index outputs,
               LossConvention loss = LossConvention::half_mean, double init_sigma = 0.01);

// The end-to-end map P = W_N ... W_1.
Eigen::MatrixXd end_to_end(const Mlp& net, const Eigen::VectorXd& theta);

}  // namespace ratebench
