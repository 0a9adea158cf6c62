#pragma once
// How the relu2 family judges rates (DESIGN.md s.6): a late-slope claim holds when every
// replicate is within its tolerance and the median within half of it; early windows are
// checked one-sided (faster modes are still alive there, so the loss falls faster than the
// slowest mode predicts, never slower).
#include "core/claims.hpp"
#include "core/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ratebench::relu2 {

double median(std::vector<double> values);

struct RateClaim {
    std::string prefix;     // claim id prefix, e.g. "r=3." ("" for a single group)
    std::string statement;  // the late-slope law in words
    std::string why;        // what the prediction rests on
    double rtol;            // per replicate; the median must be within rtol / 2
    // The run metric holding the prediction judged (an approximation can be judged beside the
    // exact law), and whether to add the early one-sided claim.
    std::string predicted = "window.late.predicted_slope";
    bool early = true;
    // Non-empty: the early one-sided check does not follow from the theory here, and the
    // claim is reported out of scope with this reason.
    std::string early_out_of_scope = "";
};

// Appends "late-slope.every-replicate", "late-slope.median" and "early-slope.one-sided" for
// the runs of one group, from their window.* metrics, and the group's summary metrics.
void add_rate_claims(ScenarioResult& result, const std::vector<const Run*>& runs,
                     const RateClaim& spec);

// Every run of the scenario, as one group.
std::vector<const Run*> all_runs(const std::vector<Run>& runs);

// The NTK theory needs lambda0(H_inf) > 0 (distinct, non-parallel points). When a run's H_inf
// is degenerate every claim of the scenario is out of scope, with the reason.
void apply_scope(ScenarioResult& result);

}  // namespace ratebench::relu2
