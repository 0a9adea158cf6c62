#include "core/ntk.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace ratebench {

Eigen::MatrixXd ntk_gram_relu_infinite(const Eigen::MatrixXd& X) {
    const Eigen::MatrixXd dots = X * X.transpose();
    const Eigen::Index n = X.rows();
    Eigen::MatrixXd H(n, n);
    // Entry by entry, so any split over threads gives the same bits; the arccos, not the
    // product, is most of the time.
#pragma omp parallel for schedule(static)
    for (Eigen::Index j = 0; j < n; ++j)
        for (Eigen::Index i = 0; i < n; ++i) {
            const double norms = std::sqrt(dots(i, i) * dots(j, j));
            // Round-off can push a cosine of parallel points past 1; acos would give NaN.
            const double cosine = norms > 0 ? std::clamp(dots(i, j) / norms, -1.0, 1.0) : 0.0;
            H(i, j) = dots(i, j) * (std::numbers::pi - std::acos(cosine)) / (2 * std::numbers::pi);
        }
    return H;
}

}  // namespace ratebench
