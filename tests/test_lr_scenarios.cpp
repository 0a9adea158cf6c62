// Every lr claim takes its verdict from the runs: each scenario passes, and the same runs
// judged with a wrong eta*, a wrong s_min, a run that diverged or converged where it cannot,
// or a late gradient off its orbit fail.
#include "support/scenario_runs.hpp"

#include <catch2/catch.hpp>
#include <map>

using namespace ratebench;
using namespace ratebench::testing;

namespace {

double fraction(const Judged& j, const std::string& key) { return j.result.metrics.at(key); }

// eta* misstated by a factor: every ratio eta / eta* the judge computes moves with it.
void scale_eta_star(Run& r, double factor) { r.metrics["eta_star"] *= factor; }

}  // namespace

TEST_CASE("lr.toy-xy: the sweep's verdicts come from its runs and a wrong eta* fails", "[lr-scenarios]") {
    const auto j = run_and_judge("lr.toy-xy", {});
    require_all_pass(j);
    // The measured picture (THEORY.md): all converge below, none above, bounded just above,
    // all diverge beyond 2.001 eta*.
    CHECK(fraction(j, "outcome.eta_over_eta_star=0.98.P_converged") == 1.0);
    CHECK(fraction(j, "outcome.eta_over_eta_star=1.02.P_bounded") == 1.0);
    CHECK(fraction(j, "outcome.eta_over_eta_star=2.001.P_diverged") == 1.0);
    CHECK(j.result.metrics.at("marker.eta_over_eta_star.eta*") == 1.0);

    // eta* overstated by 5%: runs at 1.02 eta* read as 0.97 eta* and did not converge; the
    // bracket sits 5% below the misstated eta*.
    require_fail(rejudge(j, [](Run& r) { scale_eta_star(r, 1.05); }), {"converges.eta=1.02", "transition-bracket"});
    // Understated by 5%: runs at 0.98 eta* read as 1.03 eta* and converged.
    require_fail(rejudge(j, [](Run& r) { scale_eta_star(r, 0.95); }), {"no-convergence-above", "transition-bracket"});
    // s_min overstated by 1%: converged runs (sharpness at s_min) would sit below the flattest minimum.
    require_fail(rejudge(j, [](Run& r) { r.metrics["s_min"] *= 1.01; }), {"sharpness-in-range"});
    // Another target: the orbit's closed form differs.
    require_fail(rejudge(j, [](Run& r) { r.metrics["toy_target"] *= 1.001; }), {"toy.period2-orbit"});
    // A late gradient that jumps instead of growing from 0: flat across eta.
    require_fail(rejudge(j, [](Run& r) {
        if (r.metrics.count("late_grad_norm") && r.metrics.at("outcome.bounded") != 0.0) r.metrics["late_grad_norm"] = 0.3;
    }), {"late-grad-sqrt", "toy.period2-orbit"});
    // A divergence just above eta*, and a survivor far above.
    require_fail(rejudge(j, [](Run& r) {
        if (r.parameters.count("bisection") || r.parameters.at("replicate") != 3) return;
        if (r.parameters.at("eta_over_eta_star") == 1.05) {
            r.metrics["outcome.bounded"] = 0.0;
            r.metrics["outcome.diverged"] = 1.0;
        }
        if (r.parameters.at("eta_over_eta_star") == 2.5) r.metrics["outcome.diverged"] = 0.0;
    }), {"no-divergence-just-above", "toy.diverges-far"});
}

TEST_CASE("lr.chain-depth3: stalls at the origin are classified, not counted as minima", "[lr-scenarios]") {
    const auto j = run_and_judge("lr.chain-depth3", {});
    require_all_pass(j);
    // At 2 eta* GD is drawn into the origin, a non-strict saddle: stalled, not converged.
    CHECK(fraction(j, "outcome.eta_over_eta_star=2.P_stalled") >= 0.5);
    CHECK(fraction(j, "outcome.eta_over_eta_star=2.P_converged") == 0.0);
    require_fail(rejudge(j, [](Run& r) { scale_eta_star(r, 1.05); }), {"transition-bracket"});
}

TEST_CASE("lr.depth2-anisotropic: the matrix net's transition sits at the 1-D search's eta*", "[lr-scenarios]") {
    const auto j = run_and_judge("lr.depth2-anisotropic", {"max_steps=5000", "bisection_seeds=8", "bisection_width=0.02"});
    // With a 5000-step budget, probes within 0.2% of eta* would not settle: the coarser
    // bisection (2%) keeps the test short; the claims still hold.
    require_all_pass(j);
    require_fail(rejudge(j, [](Run& r) { scale_eta_star(r, 0.95); }), {"no-convergence-above"});
}

TEST_CASE("lr.tanh-neuron: the searched s_min sets eta* and the transition sits there", "[lr-scenarios]") {
    // 80 inits (a Wilson lower bound of 0.954 when all converge), a coarse bisection: the
    // claims are the quick profile's, in a fraction of its time.
    const auto j = run_and_judge("lr.tanh-neuron", {"replicates=80", "bisection_seeds=8"});
    require_all_pass(j);
    require_fail(rejudge(j, [](Run& r) { r.metrics["s_min.closed"] *= 1 + 1e-6; }), {"s-min.searched-vs-closed"});
    require_fail(rejudge(j, [](Run& r) { scale_eta_star(r, 1.05); }), {"transition-bracket"});
}

TEST_CASE("lr scenarios give bit-identical runs at 1 and 2 threads", "[lr-scenarios]") {
    const Scenario* s = find_scenario("lr.toy-xy");
    REQUIRE(s);
    std::vector<ScenarioResult> results;
    for (int threads : {1, 2}) {
        ScenarioContext ctx;
        ctx.scenario_id = s->id;
        ctx.params = resolve_parameters(*s, Profile::quick, {"replicates=20"});
        ctx.threads = threads;
        results.push_back(run_scenario(*s, ctx));
    }
    REQUIRE(results[0].runs.size() == results[1].runs.size());
    for (std::size_t i = 0; i < results[0].runs.size(); ++i) {
        INFO(results[0].runs[i].label);
        CHECK(results[0].runs[i].metrics == results[1].runs[i].metrics);
        CHECK(results[0].runs[i].trajectory.loss == results[1].runs[i].trajectory.loss);
    }
    CHECK(results[0].metrics == results[1].metrics);
}
