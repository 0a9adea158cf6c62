#include "suites/catalogue.hpp"
#include "suites/relu2/family.hpp"

namespace ratebench {

std::vector<Scenario> relu2_scenarios() {
    std::vector<Scenario> rows{relu2::gd_rate_scenario(), relu2::heavy_ball_ode_scenario(),
                               relu2::lazy_width_scenario()};
    for (auto* family : {relu2::heavy_ball_scenarios, relu2::heavy_ball_sweep_scenarios, relu2::nesterov_scenarios,
                         relu2::two_lag_scenarios})
        for (auto& s : family()) rows.push_back(std::move(s));
    return rows;
}

}  // namespace ratebench
