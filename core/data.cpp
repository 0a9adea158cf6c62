#include "core/data.hpp"

#include "core/errors.hpp"

#include <Eigen/QR>
#include <cmath>

namespace ratebench {

Eigen::MatrixXd unit_sphere_points(Eigen::Index n, Eigen::Index d, Stream& stream) {
    Eigen::MatrixXd X(n, d);
    // Row by row so that point i is the same whatever n is.
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < d; ++j) X(i, j) = stream.normal();
    normalize_rows(X);
    return X;
}

Eigen::MatrixXd orthonormal_points(Eigen::Index n, Eigen::Index d, Stream& stream) {
    if (d < n)
        throw InputError("orthonormal_points: need d >= n for n orthonormal points, got n = " +
                         std::to_string(n) + ", d = " + std::to_string(d));
    Eigen::MatrixXd G(d, n);
    stream.fill_normal(G);
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(G);
    const Eigen::MatrixXd Q = qr.householderQ() * Eigen::MatrixXd::Identity(d, n);
    return Q.transpose();
}

Eigen::MatrixXd gaussian_targets(Eigen::Index n, Eigen::Index k, Stream& stream) {
    Eigen::MatrixXd Y(n, k);
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = 0; j < k; ++j) Y(i, j) = stream.normal();
    return Y;
}

void normalize_rows(Eigen::MatrixXd& X) {
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
        const double norm = X.row(i).norm();
        if (!(norm > 0.0))
            throw InputError("point " + std::to_string(i + 1) +
                             " is zero: it cannot be normalised to the unit sphere");
        X.row(i) /= norm;
    }
}

void validate_dataset(const Dataset& data, const std::string& origin) {
    if (data.n() == 0) throw InputError(origin + ": no points");
    if (data.d() == 0) throw InputError(origin + ": no input columns");
    if (data.k() == 0) throw InputError(origin + ": no target columns");
    if (data.Y.rows() != data.n())
        throw InputError(origin + ": " + std::to_string(data.n()) + " points but " +
                         std::to_string(data.Y.rows()) + " target rows");
    if (!data.X.allFinite() || !data.Y.allFinite())
        throw InputError(origin + ": non-finite value (NaN or Inf) in the data");
}

}  // namespace ratebench
