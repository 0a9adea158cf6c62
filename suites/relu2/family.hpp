#pragma once
// The relu2 family's scenarios, one constructor per scenario file.
#include "suites/scenario.hpp"

#include <vector>

namespace ratebench::relu2 {

Scenario gd_rate_scenario();
std::vector<Scenario> heavy_ball_scenarios();
std::vector<Scenario> heavy_ball_sweep_scenarios();
Scenario heavy_ball_ode_scenario();
Scenario lazy_width_scenario();
std::vector<Scenario> nesterov_scenarios();
std::vector<Scenario> two_lag_scenarios();

// Every relu2 scenario's memory per unit: model, optimiser and Gram matrices at its width.
UnitMemory unit_memory(const ScenarioContext& ctx, const UnitSpec& unit);

}  // namespace ratebench::relu2
