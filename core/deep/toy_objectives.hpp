#pragma once
// Toy objectives with closed forms of rho = |grad f|^2 / f (THEORY.md "deep"), as models the
// criterion code takes like any network: the data are ignored, predict returns f.
//   double well  f = (|x|^2 - 1)^2     rho = 16 |x|^2        minima: the unit sphere; critical point 0
//   product      f = (u v - 1)^2       rho = 4 (u^2 + v^2)   minima: the hyperbola uv = 1; saddle 0
//   quartic      f = x^4               rho = 16 x^2          one degenerate minimum at 0
// alpha(x0, r) = inf over the ball of rho = c (max(|x0| - r, 0))^2 for each (c = 16, 4, 16).
#include "core/models/model.hpp"

#include <string>

namespace ratebench {

struct ToyObjective {
    enum class Kind { double_well, product, quartic };
    Kind kind;
    Eigen::VectorXd start;  // what init() returns

    static ToyObjective double_well(Eigen::VectorXd start) { return {Kind::double_well, std::move(start)}; }
    static ToyObjective product(double u, double v) { return {Kind::product, Eigen::Vector2d(u, v)}; }
    static ToyObjective quartic(double x) { return {Kind::quartic, Eigen::VectorXd::Constant(1, x)}; }

    std::string name() const;
    Eigen::Index num_params() const { return start.size(); }
    Eigen::VectorXd init(Stream&) const { return start; }
    double loss(const Eigen::VectorXd& x, const Dataset&) const;
    double loss_grad(const Eigen::VectorXd& x, const Dataset& data, Eigen::VectorXd& grad) const;
    Eigen::MatrixXd predict(const Eigen::VectorXd& x, const Eigen::MatrixXd&) const;
    Eigen::VectorXd hvp(const Eigen::VectorXd& x, const Eigen::VectorXd& v, const Dataset&) const;

    // The closed forms: rho at x, and alpha over the ball B(center, r).
    double ratio(const Eigen::VectorXd& x) const;
    double alpha(const Eigen::VectorXd& center, double r) const;
};

static_assert(Model<ToyObjective>);

}  // namespace ratebench
