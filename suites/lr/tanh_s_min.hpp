#pragma once
// s_min of one tanh neuron, searched over its interpolating minima (THEORY.md "linear and
// lr": non-linear validation). At an interpolating minimum of L = 1/(2n) sum e_i^2 the Hessian
// is the Gauss-Newton (1/n) J^T J, so s_min = min over the minimum set of lambda_max of it.
#include "core/data.hpp"
#include "core/models/mlp.hpp"

namespace ratebench::lr {

struct SearchedSMin {
    double value = 0.0;
    Eigen::VectorXd theta;  // the flattest interpolating minimum found
    long evaluations = 0;
};

// One neuron a tanh(w x) on one point (x, y): the minima are a = y / tanh(w x), a curve in w;
// golden-section search on ln |w| of the top Hessian eigenvalue (exact HVPs of `net`).
SearchedSMin tanh_neuron_s_min(const Mlp& net, const Dataset& data);
// Its closed form: with u = tanh^2(w x), lambda_max = x^2 y^2 (1 - u)^2 / u + u, minimal at
// u = |x y| / sqrt(1 + x^2 y^2).
double tanh_neuron_s_min_closed(double x, double y);

}  // namespace ratebench::lr
