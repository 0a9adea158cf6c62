#pragma once
// How much memory a scenario's plan needs, estimated before anything runs, so that a plan that
// cannot fit (a huge width, more replicates than memory holds) is refused as bad input instead
// of ending in an out-of-memory kill hours later.
#include "suites/scenario.hpp"

#include <cstddef>
#include <string>

namespace ratebench {

struct PlanMemory {
    double bytes = 0.0;          // peak: the units running at once plus every finished record
    std::size_t units = 0, concurrent = 0;
    std::string sizes;           // the parameters that drive it
};

// A finished run's record: its sampled trajectory, held as vectors, as JSON values and as
// the dumped text of the file (about 200 bytes a sample with the four series).
UnitMemory record_memory(double samples);

// The trajectory samples of a run with the scenario's "max_steps" budget: every step up to
// the longest schedule in the catalogue (200 log-spaced + 5000 even), never more.
double samples_bound(const ScenarioContext& ctx);

// Units run min(threads, units) at a time (core/sweep.hpp).
PlanMemory estimate_plan_memory(const Scenario& scenario, const ScenarioContext& ctx);

}  // namespace ratebench
