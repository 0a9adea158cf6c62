#pragma once
// Turns the lr sweep's runs into metrics and claims. It reads eta* from the runs (metric
// eta_star) and every ratio as eta / eta*, so runs judged with a wrong eta* fail.
#include "suites/scenario.hpp"

#include <string>

namespace ratebench::lr {

ScenarioResult judge_sweep(std::vector<Run> runs);

// The sweep's claims where the data leave no eta* to sweep across (no GD run): each out of
// scope, with why.
ScenarioResult unswept(std::vector<Run> runs, const std::string& why);

}  // namespace ratebench::lr
