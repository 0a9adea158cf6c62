#pragma once
// f(x) = 1/2 sum_i lambda_i x_i^2 + offset as a Model: the problem with a known answer for
// every optimiser (each coordinate is one mode of curvature lambda_i). The data is ignored.
#include "core/models/model.hpp"

namespace ratebench::testing {

struct DiagonalQuadratic {
    Eigen::VectorXd lambda;
    double offset = 0.0;  // > 0 makes the critical point a non-zero-loss one (a "stall")

    Eigen::Index num_params() const { return lambda.size(); }
    Eigen::VectorXd init(Stream&) const { return Eigen::VectorXd::Ones(lambda.size()); }
    double loss(const Eigen::VectorXd& x, const Dataset&) const {
        return 0.5 * x.cwiseProduct(lambda).dot(x) + offset;
    }
    double loss_grad(const Eigen::VectorXd& x, const Dataset& data, Eigen::VectorXd& g) const {
        g = lambda.cwiseProduct(x);
        return loss(x, data);
    }
    Eigen::MatrixXd predict(const Eigen::VectorXd& x, const Eigen::MatrixXd&) const {
        return Eigen::MatrixXd::Constant(1, 1, loss(x, Dataset{}));
    }
    Eigen::VectorXd hvp(const Eigen::VectorXd&, const Eigen::VectorXd& v, const Dataset&) const {
        return lambda.cwiseProduct(v);
    }
};

static_assert(Model<DiagonalQuadratic>);

}  // namespace ratebench::testing
