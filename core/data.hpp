#pragma once
// Datasets: X is n x d with one point per row, Y is n x k with one target row per point.
#include "core/rng.hpp"

#include <Eigen/Core>
#include <string>

namespace ratebench {

struct Dataset {
    Eigen::MatrixXd X;
    Eigen::MatrixXd Y;

    Eigen::Index n() const { return X.rows(); }
    Eigen::Index d() const { return X.cols(); }
    Eigen::Index k() const { return Y.cols(); }
};

// n points uniform on the unit sphere of R^d (normalised Gaussians).
Eigen::MatrixXd unit_sphere_points(Eigen::Index n, Eigen::Index d, Stream& stream);

// n orthonormal rows in R^d (needs d >= n): linearly independent inputs with X X^T = I.
Eigen::MatrixXd orthonormal_points(Eigen::Index n, Eigen::Index d, Stream& stream);

// n x k i.i.d. N(0, 1) targets.
Eigen::MatrixXd gaussian_targets(Eigen::Index n, Eigen::Index k, Stream& stream);

// Scale every row of X to unit norm (the NTK theory assumes |x_i| = 1). Throws InputError on a
// zero row, which has no direction.
void normalize_rows(Eigen::MatrixXd& X);

// Shape and finiteness checks shared by every consumer; `origin` names the data in messages.
void validate_dataset(const Dataset& data, const std::string& origin);

}  // namespace ratebench
