#pragma once
// The deep family's problem (Chatterjee 2022; THEORY.md "deep"): an mlp with no hidden biases
// and an output bias, f = (1/n) sum e_i^2, n points on the unit sphere of R^d, N(0, 1) targets,
// and one measured GD run: the criterion three ways (certificate, search of the ball, verdict),
// the derived constants with beta estimated by Lanczos at sampled iterates, every per-step
// bound counted, and the late rate against the Gauss-Newton prediction.
#include "core/activation.hpp"
#include "core/models/mlp.hpp"
#include "suites/scenario.hpp"

#include <string>
#include <vector>

namespace ratebench::deep {

inline const char* const kPaper =
    "Chatterjee, Convergence of gradient descent for deep neural networks (arXiv 2203.16462)";

// Judging thresholds (DESIGN.md s.6 "deep").
inline constexpr double kRoundOffFloor = 1e-24;   // compare bounds with f_k only above 1e-24 f0
inline constexpr double kConvergedRatio = 1e-20;  // "zero loss": f below 1e-20 f0 within the budget
inline constexpr double kLateSlopeTol = 1e-2;     // late slope against 2 ln max|1 - eta mu_i|

struct NetSpec {
    const Activation* activation;
    int depth;            // weight layers: depth - 1 hidden layers of `width`, then the output
    Eigen::Index width;
    MlpInit::Scheme init = MlpInit::Scheme::positive;
    // Output weight A: absolute when > 0; else a_factor x the smallest A the certificate
    // certifies (needs a certificate for the activation).
    double A = 0.0;
    double a_factor = 2.0;
    // Step 0.5 x 2 / beta(w0) even when certified (the fan-in rule), for comparisons of inits at
    // one step rule; the theorem's step is eta_fraction x 2 (1 - delta) / beta(w0).
    bool step_without_delta = false;
};

struct Problem {
    Dataset data;
    NetSpec spec;
    std::vector<Eigen::Index> hidden;
    double w_h, r;  // hidden weight hidden_scale / width; ball radius radius_fraction x w_h
};

// Data from --data or generated (n points on the unit sphere of R^d, N(0, 1) targets): draw
// `draw` of the scenario, the same for every unit that names it.
Dataset make_data(const ScenarioContext& ctx, std::uint64_t draw = 0);

// The parameter row of scenarios whose claims compare runs on one data draw: replicates = 1.
Parameter single_replicate_row();
Problem make_problem(const ScenarioContext& ctx, Dataset data, const NetSpec& spec);

// One GD run, measured (metric names in problem.cpp's header comment).
Run run_measured(const ScenarioContext& ctx, const Problem& p, std::uint64_t replicate);

// Label of a net, e.g. "tanh.depth=3.width=2" (also the claim-id prefix).
std::string net_label(const NetSpec& spec);

// Parameter rows every network scenario has.
std::vector<Parameter> common_parameters(double steps_quick, double steps_full);

std::vector<std::string> conventions(const ScenarioContext& ctx);

}  // namespace ratebench::deep
