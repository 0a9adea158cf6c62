// Every relu2 claim takes its verdict from the runs: each scenario passes, and the same runs
// with a deliberately wrong prediction (or observation) make the claim fail.
#include "support/scenario_runs.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <map>

using namespace ratebench;
using namespace ratebench::testing;

namespace {

// The quick profile with 3 replicates: the tolerances are stated for its sizes (n = 20,
// m = 400 n); fewer points change the spectra the tolerances were measured on.
std::vector<std::string> tiny(std::vector<std::string> extra = {}) {
    std::vector<std::string> sets{"replicates=3"};
    for (auto& s : extra) sets.push_back(std::move(s));
    return sets;
}

void scale_metrics(Run& r, const std::string& fragment, double factor) {
    for (auto& [name, value] : r.metrics)
        if (name.find(fragment) != std::string::npos) value *= factor;
}

// The genuine runs pass every claim; tampering makes each claim in `affected` fail.
void require_flip(const Judged& j, const std::function<void(Run&)>& tamper,
                  const std::vector<std::string>& affected) {
    for (const auto& [id, v] : verdicts(j.result)) {
        INFO(j.scenario->id << " " << id << ": " << to_string(v));
        CHECK((v == Verdict::pass || v == Verdict::out_of_scope));
    }
    const auto tampered = rejudge(j, tamper);
    for (const auto& id : affected) {
        INFO(j.scenario->id << " " << id << " after tampering");
        REQUIRE(tampered.count(id));
        CHECK(tampered.at(id) == Verdict::fail);
    }
}

void wrong_prediction(Run& r) { scale_metrics(r, "predicted_slope", 1.5); }

}  // namespace

TEST_CASE("relu2.gd-rate: a wrong rate or a violated bound fails", "[relu2-scenarios]") {
    const auto j = run_and_judge("relu2.gd-rate", tiny());
    require_flip(j, wrong_prediction, {"late-slope.every-replicate", "late-slope.median", "early-slope.one-sided"});
    require_flip(j, [](Run& r) { r.metrics["bound_violations"] = 3; }, {"gd-bound"});
    // L_0 overflowed (the observer then compares no step: L_k > 1e-24 inf never holds), or the
    // run ended in a NaN loss: zero violations over nothing compared is undetermined.
    for (const auto& tamper : std::vector<std::function<void(Run&)>>{
             [](Run& r) { r.trajectory.initial_loss = INFINITY; },
             [](Run& r) { r.trajectory.loss.back() = NAN; }})
        CHECK(rejudge(j, tamper).at("gd-bound") == Verdict::undetermined);
}

TEST_CASE("relu2 heavy-ball rates fail with a wrong prediction", "[relu2-scenarios]") {
    for (const char* id : {"relu2.hb-overdamped", "relu2.hb-polyak", "relu2.hb-beta-sweep"}) {
        const auto j = run_and_judge(id, tiny());
        require_flip(j, wrong_prediction, {"late-slope.every-replicate", "late-slope.median"});
    }
    // ln beta does not come from a spectrum: an observation off by half fails it.
    const auto under = run_and_judge("relu2.hb-underdamped", tiny());
    require_flip(under, [](Run& r) { scale_metrics(r, "late.observed_slope", 1.5); },
                 {"late-slope.every-replicate", "late-slope.median"});
    const auto over = run_and_judge("relu2.hb-overdamped", tiny());
    require_flip(over, [](Run& r) { scale_metrics(r, "gd_equivalent", 1.5); },
                 {"gd-equivalent.late-slope.every-replicate"});
}

TEST_CASE("relu2.hb-beta-sweep: a minimum away from beta* fails", "[relu2-scenarios]") {
    const auto j = run_and_judge("relu2.hb-beta-sweep", tiny());
    // Make the smallest beta look fastest.
    require_flip(j, [](Run& r) {
        if (r.parameters.at("beta_factor") == 0.5) r.metrics["window.late.observed_slope"] = -100.0;
    }, {"best-beta"});
}

TEST_CASE("relu2.hb-ordering: more iterations at a larger beta fails", "[relu2-scenarios]") {
    const auto j = run_and_judge("relu2.hb-ordering", tiny());
    require_flip(j, [](Run& r) {
        if (r.parameters.at("beta_factor") == 1.0) r.metrics["iterations_to_target"] = 1e6;
    }, {"ordering"});
}

TEST_CASE("relu2.hb-ode: a wrong ODE exponent fails", "[relu2-scenarios]") {
    const auto j = run_and_judge("relu2.hb-ode", tiny());
    require_flip(j, wrong_prediction, {"gamma=0.5x.late-slope.every-replicate", "gamma=1x.late-slope.every-replicate",
                                       "gamma=2x.late-slope.every-replicate"});
}

TEST_CASE("relu2 Nesterov: wrong laws fail, and so does a GD-like decay", "[relu2-scenarios]") {
    const auto constant = run_and_judge("relu2.nag-constant", tiny());
    require_flip(constant, wrong_prediction, {"late-slope.every-replicate", "late-slope.median"});
    const auto late = run_and_judge("relu2.nag-late", tiny());
    require_flip(late, wrong_prediction, {"r=3.late-slope.every-replicate", "r=6.late-slope.every-replicate"});
    require_flip(late, [](Run& r) { r.metrics["gd_law.relative_distance"] = 0.01; },
                 {"r=3.not-gd-rate", "r=6.not-gd-rate"});
    const auto ode = run_and_judge("relu2.nag-ode", tiny());
    require_flip(ode, wrong_prediction, {"r=3.ode-envelope.every-replicate", "r=6.ode-envelope.every-replicate"});
    // Swap the dampings' envelopes: r = 6 no longer steeper.
    require_flip(ode, [](Run& r) { scale_metrics(r, "loglog_slope", r.parameters.at("r") == 6 ? 0.25 : 1.0); },
                 {"ode-envelope.steeper-for-larger-r"});
}

TEST_CASE("relu2 two-lag: wrong roots, a converging unstable run, a decaying velocity fail", "[relu2-scenarios]") {
    const auto stable = run_and_judge("relu2.two-lag-stable", tiny());
    require_flip(stable, wrong_prediction, {"late-slope.every-replicate"});
    const auto unstable = run_and_judge("relu2.two-lag-unstable", tiny());
    require_flip(unstable, wrong_prediction, {"growth-slope.every-replicate"});
    require_flip(unstable, [](Run& r) { r.metrics["diverged"] = 0; }, {"diverges"});
    // "Diverged" at step 0 because L_0 overflowed shows nothing about the roots.
    CHECK(rejudge(unstable, [](Run& r) { r.trajectory.initial_loss = INFINITY; }).at("diverges") == Verdict::undetermined);
    const auto null = run_and_judge("relu2.two-lag-null-space", tiny());
    require_flip(null, wrong_prediction, {"linearised.late-slope.every-replicate", "linearised.late-slope.median"});
    require_flip(null, [](Run& r) {
        if (r.metrics.count("velocity.late_over_early")) r.metrics["velocity.late_over_early"] = 0.01;
        r.metrics["min_loss_ratio"] = 1e-20;
    }, {"net.velocity-does-not-decay", "net.stalls"});
}

TEST_CASE("relu2.lazy-width: a width-independent movement fails", "[relu2-scenarios]") {
    const auto j = run_and_judge("relu2.lazy-width", tiny());
    // Multiplying by m turns an m^-1/2 law into a growing one.
    require_flip(j, [](Run& r) {
        const double s = r.parameters.at("m");
        for (const char* name : {"lazy.max_weight_move", "lazy.gram_init_vs_inf", "lazy.gram_drift", "relative_error.H0"})
            r.metrics[name] *= s;
    }, {"weight-move", "gram-init-vs-inf", "gram-drift", "h0-prediction-error"});
}
