#include "core/deep/toy_objectives.hpp"

#include <algorithm>
#include <cmath>

namespace ratebench {
namespace {

// rho = c |x|^2 for every toy.
double ratio_coefficient(ToyObjective::Kind kind) { return kind == ToyObjective::Kind::product ? 4.0 : 16.0; }

}  // namespace

std::string ToyObjective::name() const {
    switch (kind) {
        case Kind::double_well: return "double-well";
        case Kind::product: return "product";
        case Kind::quartic: return "quartic";
    }
    return "";
}

double ToyObjective::loss(const Eigen::VectorXd& x, const Dataset&) const {
    switch (kind) {
        case Kind::double_well: return std::pow(x.squaredNorm() - 1.0, 2);
        case Kind::product: return std::pow(x(0) * x(1) - 1.0, 2);
        case Kind::quartic: return std::pow(x(0), 4);
    }
    return 0.0;
}

double ToyObjective::loss_grad(const Eigen::VectorXd& x, const Dataset& data, Eigen::VectorXd& grad) const {
    switch (kind) {
        case Kind::double_well: grad = 4.0 * (x.squaredNorm() - 1.0) * x; break;
        case Kind::product: grad = 2.0 * (x(0) * x(1) - 1.0) * Eigen::Vector2d(x(1), x(0)); break;
        case Kind::quartic: grad = Eigen::VectorXd::Constant(1, 4.0 * std::pow(x(0), 3)); break;
    }
    return loss(x, data);
}

Eigen::MatrixXd ToyObjective::predict(const Eigen::VectorXd& x, const Eigen::MatrixXd&) const {
    return Eigen::MatrixXd::Constant(1, 1, loss(x, Dataset{}));
}

Eigen::VectorXd ToyObjective::hvp(const Eigen::VectorXd& x, const Eigen::VectorXd& v, const Dataset&) const {
    switch (kind) {
        case Kind::double_well:  // H = 4 (|x|^2 - 1) I + 8 x x^T
            return 4.0 * (x.squaredNorm() - 1.0) * v + 8.0 * x.dot(v) * x;
        case Kind::product: {    // H = 2 [[v^2, 2uv - 1], [2uv - 1, u^2]]
            const double u = x(0), w = x(1), off = 2.0 * u * w - 1.0;
            return 2.0 * Eigen::Vector2d(w * w * v(0) + off * v(1), off * v(0) + u * u * v(1));
        }
        case Kind::quartic: return 12.0 * x(0) * x(0) * v;
    }
    return v;
}

double ToyObjective::ratio(const Eigen::VectorXd& x) const { return ratio_coefficient(kind) * x.squaredNorm(); }

double ToyObjective::alpha(const Eigen::VectorXd& center, double r) const {
    return ratio_coefficient(kind) * std::pow(std::max(center.norm() - r, 0.0), 2);
}

}  // namespace ratebench
