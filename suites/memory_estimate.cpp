#include "suites/memory_estimate.hpp"

#include <algorithm>

namespace ratebench {

namespace {
// Per sample: 4 doubles in the Trajectory, 4 JSON values (16 bytes and an allocation each),
// and about 20 characters a number in the dumped file.
constexpr double kBytesPerSample = 4 * 8 + 4 * 32 + 4 * 20;
constexpr double kLongestSchedule = 200 + 5000 + 1;
}  // namespace

UnitMemory record_memory(double samples) { return {0.0, samples * kBytesPerSample, "max_steps"}; }

double samples_bound(const ScenarioContext& ctx) {
    const auto steps = ctx.params.find("max_steps");
    return steps == ctx.params.end() ? kLongestSchedule : std::min(steps->second + 1, kLongestSchedule);
}

PlanMemory estimate_plan_memory(const Scenario& scenario, const ScenarioContext& ctx) {
    const std::vector<UnitSpec> units = scenario.plan(ctx);
    PlanMemory plan;
    plan.units = units.size();
    plan.concurrent = std::min<std::size_t>(units.size(), static_cast<std::size_t>(std::max(ctx.threads, 1)));
    double largest_working = 0.0;
    for (const UnitSpec& unit : units) {
        const UnitMemory m = scenario.memory ? scenario.memory(ctx, unit) : record_memory(samples_bound(ctx));
        largest_working = std::max(largest_working, m.working);
        plan.bytes += m.record;
        plan.sizes = m.sizes;
    }
    plan.bytes += static_cast<double>(plan.concurrent) * largest_working;
    if (plan.sizes.empty()) plan.sizes = "max_steps";
    plan.sizes += ", replicates";
    return plan;
}

}  // namespace ratebench
