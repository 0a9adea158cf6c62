// Heavy ball on relu2 (THEORY.md relu2, "HB"): w+ = w - eta g + beta (w - w-). The loss
// contracts per step by rho^2, rho the largest root modulus of z^2 - (1 + beta - eta l) z + beta
// over the Gram's eigenvalues l: sqrt(beta) when every mode is under-damped, close to GD with
// step eta / (1 - beta) when the slowest one is over-damped, (sqrt k - 1)/(sqrt k + 1) at
// Polyak's tuning.
#include "core/optim/gradient_descent.hpp"
#include "core/optim/heavy_ball.hpp"
#include "suites/relu2/family.hpp"
#include "suites/relu2/rate_claims.hpp"
#include "suites/relu2/rate_run.hpp"

#include <cmath>

namespace ratebench::relu2 {
namespace {

Parameter step_parameter(double quick) {
    return {"c", quick, quick, "step as a multiple of 1 / lambda_max(H(0))", false, 1e-9, 1.999999};
}

ScenarioResult judged(const ScenarioContext& ctx, std::vector<Run> runs,
                      const std::vector<RateClaim>& claims, const std::string& note) {
    ScenarioResult result = result_with_conventions(ctx, std::move(runs), note);
    for (const RateClaim& c : claims) add_rate_claims(result, all_runs(result.runs), c);
    apply_scope(result);
    return result;
}

// --- fully under-damped: slope ln beta, whatever the data ---------------------------------

Run underdamped_unit(const ScenarioContext& ctx, const UnitSpec& unit) {
    const Problem p = make_problem(ctx, unit);
    const double eta = ctx.real("c") / p.h0.lambda_max;
    // sqrt(beta) = 1 - margin sqrt(eta lambda0): every mode inside the under-damped band
    // (1 - sqrt b)^2 <= eta lambda <= (1 + sqrt b)^2 with room for lambda0 to drift.
    const double root = 1.0 - ctx.real("margin") * std::sqrt(eta * p.h0.lambda_min);
    const HeavyBall hb{{.eta = eta, .beta = root * root}};
    Run run = run_rate(p, hb, [](const HeavyBall& o, const SpectrumSummary&) {
        return std::optional<double>(std::log(o.params.beta));
    }, ctx.integer("max_steps"));
    run.parameters["beta"] = hb.params.beta;
    if (run.metrics.count("Hwindow.lambda_min")) {
        const double lo = std::pow(1 - root, 2), hi = std::pow(1 + root, 2);
        run.metrics["window.all_modes_underdamped"] =
            lo <= eta * run.metrics["Hwindow.lambda_min"] && eta * run.metrics["Hwindow.lambda_max"] <= hi;
    }
    return run;
}

Scenario underdamped() {
    auto params = problem_parameters(20, 50, 8000, 20000, 5000, 20000);
    params.push_back(step_parameter(1.0));
    params.push_back({"margin", 0.8, 0.8, "sqrt(beta) = 1 - margin sqrt(eta lambda0(H(0)))", false, 0.01, 0.99});
    return Scenario{
        .id = "relu2.hb-underdamped",
        .family = "relu2",
        .paper = kPaper,
        .claim = "heavy ball with every mode under-damped converges at slope ln beta, whatever the data",
        .params = std::move(params),
        .plan = [](const ScenarioContext& ctx) { return replicate_units(ctx); },
        .run_unit = underdamped_unit,
        .judge = [](const ScenarioContext& ctx, std::vector<Run> runs) {
            return judged(ctx, std::move(runs),
                          {{"", "late slope of ln L per step = ln beta",
                            "every root of z^2 - (1 + beta - eta l) z + beta has modulus sqrt(beta) "
                            "when all modes are under-damped; measured -0.6..+1.7% (THEORY.md relu2)",
                            0.05}},
                          "sqrt(beta) = 1 - margin sqrt(eta lambda0(H(0))), eta = c / lambda_max(H(0)); "
                          "window.all_modes_underdamped says whether the window Gram stayed in the band");
        },
    };
}

// --- over-damped slowest mode: close to GD with step eta / (1 - beta) ----------------------

Run overdamped_unit(const ScenarioContext& ctx, const UnitSpec& unit) {
    const Problem p = make_problem(ctx, unit);
    const HeavyBall hb{{.eta = ctx.real("c") / p.h0.lambda_max, .beta = ctx.real("beta")}};
    Run run = run_rate(p, hb, root_modulus_slope<HeavyBall>, ctx.integer("max_steps"));
    run.parameters["beta"] = hb.params.beta;
    if (run.metrics.count("Hwindow.lambda_min")) {
        // GD with the effective step eta / (1 - beta), on the same window Gram's extremes
        // (the slowest mode sets the rate; the fastest could only make it slower).
        const double eff = hb.params.eta / (1.0 - hb.params.beta);
        const GradientDescent gd{{.eta = eff}};
        const Eigen::Vector2d extremes(run.metrics["Hwindow.lambda_min"], run.metrics["Hwindow.lambda_max"]);
        run.metrics["window.late.predicted_slope.gd_equivalent"] =
            loss_slope(*predicted_contraction(gd, extremes));  // GD always has a polynomial
    }
    return run;
}

Scenario overdamped() {
    auto params = problem_parameters(20, 50, 8000, 20000, 10000, 40000);
    params.push_back(step_parameter(0.1));
    params.push_back({"beta", 0.5, 0.5, "momentum; over-damps the slowest mode when eta lambda0 < (1 - sqrt beta)^2",
                      false, 0.0, 0.999});
    return Scenario{
        .id = "relu2.hb-overdamped",
        .family = "relu2",
        .paper = kPaper,
        .claim = "heavy ball with an over-damped slowest mode converges like GD with step eta / (1 - beta)",
        .params = std::move(params),
        .plan = [](const ScenarioContext& ctx) { return replicate_units(ctx); },
        .run_unit = overdamped_unit,
        .judge = [](const ScenarioContext& ctx, std::vector<Run> runs) {
            RateClaim gd_like{"gd-equivalent.", "late slope = 2 ln max_i |1 - eta lambda_i / (1 - beta)| (GD, step eta / (1 - beta))",
                              "first-order expansion of the over-damped root for small eta lambda0; its own error is "
                              "about beta eta lambda0 / (1 - beta)^2 (2% here)",
                              0.10, "window.late.predicted_slope.gd_equivalent"};
            return judged(ctx, std::move(runs),
                          {{"", "late slope = 2 ln rho, rho the largest root modulus of z^2 - (1 + beta - eta l) z + beta (window Gram)",
                            "linearised dynamics on the window Gram (THEORY.md relu2)", 0.10},
                           gd_like},
                          "eta = c / lambda_max(H(0)), beta fixed");
        },
    };
}

// --- Polyak's tuning, judged against the exact root modulus ---------------------------------

Run polyak_unit(const ScenarioContext& ctx, const UnitSpec& unit) {
    const Problem p = make_problem(ctx, unit);
    const double s0 = std::sqrt(p.h0.lambda_min), s1 = std::sqrt(p.h0.lambda_max);
    const double ideal_root = (std::sqrt(p.h0.kappa) - 1) / (std::sqrt(p.h0.kappa) + 1);
    const HeavyBall hb{{.eta = 4.0 / ((s0 + s1) * (s0 + s1)), .beta = ideal_root * ideal_root}};
    Run run = run_rate(p, hb, root_modulus_slope<HeavyBall>, ctx.integer("max_steps"));
    run.parameters["beta"] = hb.params.beta;
    run.metrics["polyak.ideal_slope"] = 2 * std::log(ideal_root);
    if (run.metrics.count("window.late.observed_slope"))
        run.metrics["polyak.gap"] = (run.metrics["window.late.observed_slope"] - 2 * std::log(ideal_root)) /
                                    std::abs(2 * std::log(ideal_root));
    return run;
}

Scenario polyak() {
    return Scenario{
        .id = "relu2.hb-polyak",
        .family = "relu2",
        .paper = kPaper,
        .claim = "Polyak-tuned heavy ball (eta, beta from H(0)) converges at the exact root modulus of "
                 "the window Gram; its gap to (sqrt k - 1)/(sqrt k + 1) is reported",
        .params = problem_parameters(20, 50, 8000, 20000, 5000, 20000),
        .plan = [](const ScenarioContext& ctx) { return replicate_units(ctx); },
        .run_unit = polyak_unit,
        .judge = [](const ScenarioContext& ctx, std::vector<Run> runs) {
            ScenarioResult r = judged(
                ctx, std::move(runs),
                {{"", "late slope = 2 ln rho, rho the largest root modulus at the actual (eta, beta) (window Gram)",
                  "Polyak's ideal is not reached on the net: lambda0 drifts and the slowest mode becomes "
                  "over-damped; the exact root modulus matches within 10% at m >= 400 n (THEORY.md relu2)",
                  0.10}},
                "eta = 4 / (sqrt(lambda_max) + sqrt(lambda0))^2, beta = ((sqrt k - 1)/(sqrt k + 1))^2 from H(0); "
                "polyak.gap = (observed - 2 ln((sqrt k - 1)/(sqrt k + 1))) / |ideal|, an observation (measured 4-12% slower)");
            std::vector<double> gaps;
            for (const Run& run : r.runs)
                if (run.metrics.count("polyak.gap")) gaps.push_back(run.metrics.at("polyak.gap"));
            if (const auto g = median(gaps)) r.metrics["polyak.median_gap"] = *g;
            return r;
        },
    };
}

}  // namespace

std::vector<Scenario> heavy_ball_scenarios() { return {underdamped(), overdamped(), polyak()}; }

}  // namespace ratebench::relu2
