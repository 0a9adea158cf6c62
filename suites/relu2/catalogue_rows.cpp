#include "suites/catalogue.hpp"
#include "suites/relu2/family.hpp"

namespace ratebench {

// In reading order: GD and width, heavy ball, Nesterov, two-lag momentum.
std::vector<Scenario> relu2_scenarios() {
    std::vector<Scenario> rows{relu2::gd_rate_scenario(), relu2::lazy_width_scenario()};
    auto append = [&](std::vector<Scenario> more) {
        for (auto& s : more) rows.push_back(std::move(s));
    };
    append(relu2::heavy_ball_scenarios());
    append(relu2::heavy_ball_sweep_scenarios());
    rows.push_back(relu2::heavy_ball_ode_scenario());
    append(relu2::nesterov_scenarios());
    append(relu2::two_lag_scenarios());
    for (auto& s : rows) s.memory = relu2::unit_memory;
    return rows;
}

}  // namespace ratebench
