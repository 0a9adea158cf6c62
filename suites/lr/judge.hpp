#pragma once
// Turns the lr sweep's runs into metrics and claims. It reads eta* from the runs (metric
// eta_star) and every ratio as eta / eta*, so runs judged with a wrong eta* fail.
#include "suites/scenario.hpp"

namespace ratebench::lr {

ScenarioResult judge_sweep(std::vector<Run> runs);

}  // namespace ratebench::lr
