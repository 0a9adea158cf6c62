#include "core/deep/ratio_search.hpp"

#include "core/optim/optimizer.hpp"

namespace ratebench {

void RatioSearchConfig::validate() const {
    require_param(restarts >= 1, "RatioSearchConfig", "restarts", restarts, "must be >= 1");
    require_param(steps >= 1, "RatioSearchConfig", "steps", steps, "must be >= 1");
}

namespace detail {

Eigen::VectorXd project_to_ball(const Eigen::VectorXd& x, const Eigen::VectorXd& center, double r) {
    const double dist = (x - center).norm();
    return dist <= r ? x : Eigen::VectorXd(center + (r / dist) * (x - center));
}

Eigen::VectorXd random_point_at(const Eigen::VectorXd& center, double radius, Stream& stream) {
    Eigen::VectorXd u(center.size());
    stream.fill_normal(u);
    return center + radius / u.norm() * u;
}

}  // namespace detail
}  // namespace ratebench
