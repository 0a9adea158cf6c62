#pragma once
// Runs a catalogue scenario's work units the way run_scenario does (in a fixed-order sweep)
// but keeps the runs, so that a test can judge them again after tampering: the check that a
// claim's verdict comes from the runs and a wrong prediction fails it.
#include "core/sweep.hpp"
#include "suites/catalogue.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ratebench::testing {

struct Judged {
    ScenarioContext ctx;
    const Scenario* scenario;
    std::vector<Run> runs;
    ScenarioResult result;
};

inline Judged run_and_judge(const std::string& id, const std::vector<std::string>& sets,
                            std::optional<Dataset> data = std::nullopt) {
    const Scenario* s = find_scenario(id);
    REQUIRE(s);
    ScenarioContext ctx;
    ctx.scenario_id = id;
    ctx.params = resolve_parameters(*s, Profile::quick, sets);
    ctx.threads = 2;
    ctx.data = std::move(data);
    ctx.data_origin = "test data";
    const std::vector<UnitSpec> units = s->plan(ctx);
    std::vector<Run> runs = sweep(units.size(), 1, ctx.threads, [&](WorkUnit u) {
        Run run = s->run_unit(ctx, units[u.grid_index]);
        run.label = units[u.grid_index].label;
        run.parameters.insert(units[u.grid_index].parameters.begin(), units[u.grid_index].parameters.end());
        return run;
    });
    ScenarioResult result = s->judge(ctx, runs);
    return Judged{ctx, s, std::move(runs), std::move(result)};
}

inline std::map<std::string, Verdict> verdicts(const ScenarioResult& r) {
    std::map<std::string, Verdict> out;
    for (const Claim& c : r.claims) out[c.id] = c.verdict;
    return out;
}

// The verdicts of the same runs after tamper(run) on a copy of each.
inline std::map<std::string, Verdict> rejudge(const Judged& j, const std::function<void(Run&)>& tamper) {
    std::vector<Run> runs = j.runs;
    for (Run& r : runs) tamper(r);
    return verdicts(j.scenario->judge(j.ctx, runs));
}

// Every claim of the scenario passes (each failure names the claim and why).
inline void require_all_pass(const Judged& j) {
    REQUIRE(!j.result.claims.empty());
    for (const Claim& c : j.result.claims) {
        INFO(j.scenario->id << " " << c.id << ": " << to_string(c.verdict) << " (" << c.why << ")");
        CHECK(c.verdict == Verdict::pass);
    }
}

// Each named claim exists and fails.
inline void require_fail(const std::map<std::string, Verdict>& v, const std::vector<std::string>& ids) {
    for (const auto& id : ids) {
        INFO(id);
        REQUIRE(v.count(id));
        CHECK(v.at(id) == Verdict::fail);
    }
}

}  // namespace ratebench::testing
