#pragma once
// The lr family's problems (Craciun, Ghoshdastidar 2024; THEORY.md "linear and lr"): each is a
// model on fixed data with the flattest minimum's sharpness s_min (eta* = 2 / s_min) and a
// run of GD at any eta from the replicate's small init.
#include "suites/scenario.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace ratebench::lr {

inline const char* const kPaper =
    "Craciun, Ghoshdastidar, On the Convergence of Gradient Descent for Large Learning Rates "
    "(arXiv 2402.13108)";

struct Instance {
    double s_min = 0.0;
    std::string s_min_method;  // how s_min was obtained, for claims' why
    double toy_target = 0.0;   // the target c of 1/2 (xy - c)^2 when this is the toy, else 0
    double s_min_closed = 0.0; // a closed form beside a searched s_min (the tanh neuron), else 0
    // One GD run at eta from the init of `replicate` (streams derive from ctx and purpose).
    std::function<Run(double eta, std::uint64_t replicate, const std::string& purpose)> run;
    // Set where the data leave no eta* (X^T X singular): why, and then no s_min and no run.
    std::optional<std::string> out_of_scope;
};

enum class CaseKind {
    toy,          // 1/2 (xy - c)^2, one point x = 1: s_min = 2|c|
    chain,        // scalar chain of `depth` factors on x = 1, target y: s_min = N |y|^(2-2/N)
    anisotropic,  // depth-2 single-output matrix net, anisotropic Sigma: the 1-D search
    tanh_neuron,  // a tanh(w x) on one point: s_min searched over the minimum curve
};

Instance make_instance(const ScenarioContext& ctx, CaseKind kind);

}  // namespace ratebench::lr
