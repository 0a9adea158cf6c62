#pragma once
// The small tanh MLP of the lr family's non-linear scenarios (lr.tanh-mlp, lr.edge-of-stability,
// lr.catapult): n generic points in R^d, one hidden tanh layer, an output bias, and the loss
// 1/(2n) sum e_i^2, so every interpolating minimum has Hessian entry 1 on the bias.
#include "core/models/mlp.hpp"
#include "suites/scenario.hpp"

#include <memory>
#include <vector>

namespace ratebench::lr {

struct TanhMlpProblem {
    Dataset data;
    Mlp net;
};

// Data from the scenario's "data" stream; reads the parameters of tanh_mlp_parameters().
std::shared_ptr<const TanhMlpProblem> make_tanh_mlp_problem(const ScenarioContext& ctx);

// n, d, width, init_scale rows with the given width and init scale.
std::vector<Parameter> tanh_mlp_parameters(double width, double init_scale);

// The conventions every tanh-MLP scenario's notes start with.
std::vector<std::string> tanh_mlp_conventions();

}  // namespace ratebench::lr
