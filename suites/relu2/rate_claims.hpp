#pragma once
// How the relu2 family judges rates (DESIGN.md s.6): a late-slope claim holds when every
// replicate is within its tolerance and the median within half of it; early windows are
// checked one-sided where that follows from the theory (see RateClaim::early).
#include "core/claims.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ratebench::relu2 {

struct RateClaim {
    std::string prefix;     // claim id prefix, e.g. "r=3." ("" for a single group)
    std::string statement;  // the late-slope law in words
    std::string why;        // what the prediction rests on
    double rtol;            // per replicate; the median must be within rtol / 2
    // The run metrics holding the prediction and the observation judged (an approximation can
    // be judged beside the exact law, a peak envelope beside a fit), and whether to add the
    // early one-sided claim.
    std::string predicted = "window.late.predicted_slope";
    std::string observed = "window.late.observed_slope";
    // The early one-sided claim holds where the loss is a sum of decaying exponentials with
    // non-negative weights (GD: real contraction factors), which is log-convex in k, so no
    // earlier window decays slower than the slowest mode. With complex or repeated roots
    // (momentum) the loss oscillates or carries k rho^k terms: early fits are reported only.
    bool early = false;
    std::string name = "late-slope";  // claim ids: PREFIX NAME.every-replicate, ...
};

// Appends "NAME.every-replicate", "NAME.median" and (for GD) "early-slope.one-sided" for the
// runs of one group, from their metrics, and the group's summary metrics.
void add_rate_claims(ScenarioResult& result, const std::vector<const Run*>& runs,
                     const RateClaim& spec);

// Every run of the scenario, as one group.
std::vector<const Run*> all_runs(const std::vector<Run>& runs);

// The NTK theory needs lambda0(H_inf) > 0 (distinct, non-parallel points). When a run's H_inf
// is degenerate every claim of the scenario is out of scope, with the reason.
void apply_scope(ScenarioResult& result);

}  // namespace ratebench::relu2
