#pragma once
// Refuses, before anything runs, a plan whose estimated memory exceeds what the machine (or
// its cgroup) has available: exit 2 with the estimate and the parameters to lower, instead of
// an out-of-memory kill that loses the run.
#include "suites/scenario.hpp"

namespace ratebench {

// RATEBENCH_MEMORY_GIB if set; else MemAvailable (/proc/meminfo), lowered to the cgroup v2
// limit minus usage where one is set.
double available_memory_bytes();

// Throws InputError "ID: the plan needs about X ... lower ..." when the estimate does not fit.
void require_memory(const Scenario& scenario, const ScenarioContext& ctx, double available_bytes);

}  // namespace ratebench
