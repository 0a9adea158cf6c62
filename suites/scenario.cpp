#include "suites/scenario.hpp"

#include "core/errors.hpp"
#include "core/sweep.hpp"

#include <charconv>
#include <cmath>
#include <numeric>

namespace ratebench {

std::string_view to_string(Profile p) { return p == Profile::quick ? "quick" : "full"; }

std::string format_number(double x) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);  // shortest round-trip
    return std::string(buffer, result.ptr);
}

namespace {

std::string rule_of(const Parameter& p) {
    std::string rule = p.integer ? "an integer" : "a number";
    const bool lo = std::isfinite(p.min), hi = std::isfinite(p.max);
    if (lo && hi) rule += " in [" + format_number(p.min) + ", " + format_number(p.max) + "]";
    else if (lo) rule += " >= " + format_number(p.min);
    else if (hi) rule += " <= " + format_number(p.max);
    return rule;
}

}  // namespace

ParameterValues resolve_parameters(const Scenario& scenario, Profile profile,
                                   const std::vector<std::string>& overrides) {
    ParameterValues values;
    for (const auto& p : scenario.params) values[p.name] = profile == Profile::quick ? p.quick : p.full;
    for (const auto& item : overrides) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0)
            throw InputError("--set '" + item + "': expected key=value");
        const std::string key = item.substr(0, eq), text = item.substr(eq + 1);
        const Parameter* param = nullptr;
        for (const auto& p : scenario.params)
            if (p.name == key) param = &p;
        if (!param) {
            std::string known;
            for (const auto& p : scenario.params) known += (known.empty() ? "" : ", ") + p.name;
            throw InputError("--set " + key + ": unknown parameter of " + scenario.id +
                             " (known: " + known + ")");
        }
        double value = 0.0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool number = !text.empty() && ec == std::errc() && end == text.data() + text.size();
        const bool ok = number && std::isfinite(value) && value >= param->min &&
                        value <= param->max && (!param->integer || value == std::floor(value));
        if (!ok)
            throw InputError("--set " + key + "=" + text + ": " + key + " must be " +
                             rule_of(*param));
        values[key] = value;
    }
    return values;
}

std::vector<Run> run_units(const Scenario& scenario, const ScenarioContext& ctx,
                           const std::vector<UnitSpec>& units, const std::vector<std::size_t>& indices,
                           const UnitFinished& finished) {
    std::size_t done = 0;
    return sweep(indices.size(), 1, ctx.threads, [&](WorkUnit u) {
        const std::size_t index = indices[u.grid_index];
        const UnitSpec& unit = units.at(index);
        Run run = scenario.run_unit(ctx, unit);
        run.label = unit.label;
        run.parameters.insert(unit.parameters.begin(), unit.parameters.end());
        if (finished) finished(index, run);
#pragma omp critical(ratebench_progress)
        {
            ++done;
            if (ctx.progress)
                ctx.progress("unit " + std::to_string(done) + "/" + std::to_string(indices.size()));
        }
        return run;
    });
}

ScenarioResult run_scenario(const Scenario& scenario, const ScenarioContext& ctx) {
    const std::vector<UnitSpec> units = scenario.plan(ctx);
    std::vector<std::size_t> all(units.size());
    std::iota(all.begin(), all.end(), std::size_t{0});
    return scenario.judge(ctx, run_units(scenario, ctx, units, all));
}

}  // namespace ratebench
