// Every linear claim takes its verdict from the runs: each scenario passes, and the same runs
// with a wrong s_min, a wrong numeric value, a run that did not converge or a wrong rate fail.
#include "support/scenario_runs.hpp"

#include <catch2/catch.hpp>
#include <functional>
#include <map>

using namespace ratebench;
using namespace ratebench::testing;


TEST_CASE("linear scenarios pass, and a wrong s_min fails the sharpness claim", "[linear-scenarios]") {
    for (const char* id : {"linear.whitened", "linear.depth2-anisotropic", "linear.general-numeric"}) {
        const auto j = run_and_judge(id, {"replicates=2"});
        require_all_pass(j);
        // s_min overstated by half: the runs would sit below the flattest minimum, impossible.
        require_fail(rejudge(j, [](Run& r) { r.metrics["s_min"] *= 1.5; }), {"sharpness-in-range"});
        // Sharpness above 2/eta: a minimum GD could not have stayed at.
        require_fail(rejudge(j, [](Run& r) { r.metrics["sharpness"] = 2.01 / r.parameters.at("eta"); }),
                     {"sharpness-in-range"});
        require_fail(rejudge(j, [](Run& r) { r.metrics["final_excess_ratio"] = 1e-3; }), {"converges"});
        require_fail(rejudge(j, [](Run& r) { r.metrics["window.late.predicted_slope"] *= 1.05; }), {"late-slope"});
        require_fail(rejudge(j, [](Run& r) { r.metrics["s_min.numeric.restart_spread"] = 1e-3; }),
                     {"s-min.numeric-restarts-agree"});
    }
}

TEST_CASE("linear.scalar-chain: closed forms and the numeric s_min agree, and a wrong one fails", "[linear-scenarios]") {
    const auto j = run_and_judge("linear.scalar-chain", {"replicates=2"});
    require_all_pass(j);
    const auto v = verdicts(j.result);
    for (const char* id : {"depth=2.s-min.toy-vs-numeric", "depth=2.s-min.chain-vs-numeric",
                           "depth=2.s-min.chain-vs-toy", "depth=3.s-min.chain-vs-numeric",
                           "depth=4.s-min.chain-vs-numeric", "depth=4.sharpness-in-range"})
        CHECK(v.count(id));
    // A numeric s_min off by 1e-5 (a non-flattest minimum would be off by more) fails.
    require_fail(rejudge(j, [](Run& r) { r.metrics["s_min.numeric"] *= 1 + 1e-5; }),
                 {"depth=2.s-min.toy-vs-numeric", "depth=3.s-min.chain-vs-numeric"});
    // A stall at the origin: loss at its start, gradient tiny. Loss and gradient together.
    require_fail(rejudge(j, [](Run& r) {
        if (r.parameters.at("depth") == 4) r.metrics["final_excess_ratio"] = 1.0, r.metrics["final_grad_ratio"] = 1e-20;
    }), {"depth=4.converges"});
    require_fail(rejudge(j, [](Run& r) { r.metrics["s_min"] *= 1.01; }),
                 {"depth=2.sharpness-in-range", "depth=3.sharpness-in-range", "depth=4.sharpness-in-range"});
}

TEST_CASE("linear scenarios with --data compute eta* for the user's data", "[linear-scenarios]") {
    // 9 points in R^3 with anisotropic columns and a noisy target (L_min > 0).
    Stream s(7, "test", 0, "data");
    Dataset data;
    data.X.resize(9, 3);
    s.fill_normal(data.X);
    data.X.col(1) *= 0.5;
    data.X.col(2) *= 0.2;
    data.Y.resize(9, 1);
    s.fill_normal(data.Y);
    const auto two = run_and_judge("linear.depth2-anisotropic", {"replicates=2"}, data);
    require_all_pass(two);
    // The 1-D closed form applies (depth 2, one output) and was checked against the numeric value.
    CHECK(verdicts(two.result).count("s-min.depth2-1d-vs-numeric"));
    const double s_min = two.runs.front().metrics.at("s_min");
    CHECK(two.result.metrics.at("eta_star") == 2.0 / s_min);
    // Deeper: no closed form, eta* from the numeric s_min.
    const auto three = run_and_judge("linear.general-numeric", {"replicates=2"}, data);
    require_all_pass(three);
    CHECK(three.runs.front().metrics.at("s_min") == three.runs.front().metrics.at("s_min.numeric"));
    bool notes_data = false;
    for (const auto& n : three.result.notes) notes_data = notes_data || n.find("test data") != std::string::npos;
    CHECK(notes_data);
}

TEST_CASE("linear scenarios give bit-identical runs at 1 and 2 threads", "[linear-scenarios]") {
    for (const char* id : {"linear.scalar-chain", "linear.general-numeric"}) {
        const Scenario* s = find_scenario(id);
        REQUIRE(s);
        std::vector<ScenarioResult> results;
        for (int threads : {1, 2}) {
            ScenarioContext ctx;
            ctx.scenario_id = id;
            ctx.params = resolve_parameters(*s, Profile::quick, {"replicates=2"});
            ctx.threads = threads;
            results.push_back(run_scenario(*s, ctx));
        }
        REQUIRE(results[0].runs.size() == results[1].runs.size());
        for (std::size_t i = 0; i < results[0].runs.size(); ++i) {
            INFO(id << " " << results[0].runs[i].label);
            CHECK(results[0].runs[i].label == results[1].runs[i].label);
            CHECK(results[0].runs[i].metrics == results[1].runs[i].metrics);
            CHECK(results[0].runs[i].trajectory.loss == results[1].runs[i].trajectory.loss);
        }
        CHECK(results[0].metrics == results[1].metrics);
    }
}
