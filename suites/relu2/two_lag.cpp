// Two-lag momentum on relu2 (THEORY.md relu2): w+ = w - eta g + b1 (w - w-) + b2 (w- - w--).
// A mode of curvature l > 0 contracts at the largest root modulus of
// z^3 - (1 + b1 - eta l) z^2 + (b1 - b2) z + b2; the p - n null-space modes of J (l = 0)
// factor as (z - 1)(z^2 - b1 z - b2), whose velocity decays only if b1 + b2 < 1,
// b2 - b1 < 1, |b2| < 1. Convergence is decided from both sets of roots, never a rule of thumb.
#include "core/optim/two_lag_momentum.hpp"
#include "suites/relu2/family.hpp"
#include "suites/relu2/rate_claims.hpp"
#include "suites/relu2/rate_run.hpp"

#include <cmath>

namespace ratebench::relu2 {
namespace {

TwoLagMomentum optimizer_of(const ScenarioContext& ctx, const Problem& p) {
    return TwoLagMomentum{{.eta = ctx.real("c") / p.h0.lambda_max, .b1 = ctx.real("b1"), .b2 = ctx.real("b2")}};
}

std::vector<Parameter> two_lag_parameters(double b1, double b2, double c, double steps_quick,
                                          double steps_full) {
    auto params = problem_parameters(20, 50, 8000, 20000, steps_quick, steps_full);
    params.push_back({"c", c, c, "step as a multiple of 1 / lambda_max(H(0))", false, 1e-9, 1.999999});
    params.push_back({"b1", b1, b1, "weight of the last displacement", false, -2.0, 2.0});
    params.push_back({"b2", b2, b2, "weight of the one before", false, -1.5, 1.5});
    return params;
}

// Spectral radius of the null-space velocity factor z^2 - b1 z - b2.
double null_space_radius(const TwoLagMomentum& o) {
    return max_root_modulus(Eigen::Vector3d(1.0, -o.params.b1, -o.params.b2));
}

void record_predictions(Metrics& m, const TwoLagMomentum& o, const Problem& p) {
    m["predicted_rho.H0"] = *predicted_contraction(o, p.h0.eigenvalues);
    m["predicted_rho.null_space_velocity"] = null_space_radius(o);
}

// Step-to-step weight change |w_k - w_(k-1)|, the velocity of the null-space drift.
struct VelocityWatch {
    Eigen::VectorXd previous;
    std::vector<long> steps;
    std::vector<double> speeds;
    StepObserver observer(const std::vector<long>& at) {
        return [this, at](long k, double, const Eigen::VectorXd& theta) {
            if (previous.size() && std::binary_search(at.begin(), at.end(), k)) {
                steps.push_back(k);
                speeds.push_back((theta - previous).norm());
            }
            previous = theta;
        };
    }
};

// --- stable (0.5, 0.3): linear at the cubic's rate -----------------------------------------

Scenario stable() {
    return Scenario{
        .id = "relu2.two-lag-stable",
        .family = "relu2",
        .paper = kPaper,
        .claim = "two-lag momentum with (b1, b2) = (0.5, 0.3) converges linearly at the cubic's root modulus",
        .params = two_lag_parameters(0.5, 0.3, 1.0, 5000, 20000),
        .plan = [](const ScenarioContext& ctx) { return replicate_units(ctx); },
        .run_unit = [](const ScenarioContext& ctx, const UnitSpec& unit) {
            const Problem p = make_problem(ctx, unit);
            const TwoLagMomentum o = optimizer_of(ctx, p);
            Run run = run_rate(p, o, root_modulus_slope<TwoLagMomentum>, ctx.integer("max_steps"));
            record_predictions(run.metrics, o, p);
            return run;
        },
        .judge = [](const ScenarioContext& ctx, std::vector<Run> runs) {
            ScenarioResult result = result_with_conventions(ctx, std::move(runs), "eta = c / lambda_max(H(0)); null-space velocity factor z^2 - b1 z - b2 "
                                   "has radius predicted_rho.null_space_velocity < 1 here");
            add_rate_claims(result, all_runs(result.runs),
                            {"", "late slope = 2 ln rho, rho the largest root modulus of the cubic over the window Gram",
                             "linearised dynamics; measured -5..+2.5% per seed (THEORY.md relu2)", 0.10});
            apply_scope(result);
            return result;
        },
    };
}

// --- unstable (0.9, 0.2): diverges, growing at the cubic's rate -----------------------------

const LossWindow kGrowthWindow{1e2, 1e10};

Scenario unstable() {
    return Scenario{
        .id = "relu2.two-lag-unstable",
        .family = "relu2",
        .paper = kPaper,
        .claim = "two-lag momentum with (b1, b2) = (0.9, 0.2) diverges (its modes are stable only for "
                 "0.6 < eta lambda < 3.4), growing at the cubic's root modulus",
        .params = two_lag_parameters(0.9, 0.2, 1.0, 20000, 20000),
        .plan = [](const ScenarioContext& ctx) { return replicate_units(ctx); },
        .run_unit = [](const ScenarioContext& ctx, const UnitSpec& unit) {
            const Problem p = make_problem(ctx, unit);
            TwoLagMomentum o = optimizer_of(ctx, p);
            Eigen::VectorXd theta = p.theta0;
            Run run;
            run.trajectory = train(p.model, p.data, o, theta,
                                   TrainConfig{ctx.integer("max_steps"), {}, {.log_points = 200, .even_points = 5000}});
            run.parameters["eta"] = o.params.eta;
            Metrics& m = run.metrics;
            record_spectrum(m, "H0", p.h0);
            record_spectrum(m, "Hinf", p.hinf);
            record_predictions(m, o, p);
            if (record_window(m, "growth", run.trajectory, kGrowthWindow))
                m["window.growth.predicted_slope"] = loss_slope(m["predicted_rho.H0"]);
            m["diverged"] = run.trajectory.outcome == Outcome::diverged;
            return run;
        },
        .judge = [](const ScenarioContext& ctx, std::vector<Run> runs) {
            ScenarioResult result = result_with_conventions(ctx, std::move(runs), "growth window L/L0 in [1e2, 1e10]; prediction from H(0) (the run leaves the "
                                   "NTK regime as it grows, so no later Gram describes it); diverged = loss above "
                                   "1e12 L0 or non-finite");
            // A run whose L_0 is not finite is "diverged" at step 0 by the overflow, not by the
            // dynamics: it shows nothing about the roots.
            long not_diverged = 0, overflowed = 0;
            for (const Run& r : result.runs) {
                not_diverged += r.metrics.at("diverged") == 0.0;
                overflowed += !std::isfinite(r.trajectory.initial_loss);
            }
            Claim diverges = make_claim(
                "diverges", "every replicate diverges", kPaper,
                "a mode with eta lambda0 outside (0.6, 3.4) has a root outside the unit circle (Jury conditions)",
                static_cast<double>(not_diverged),
                comparison::Count{not_diverged, 0, "run did not diverge", "every replicate"});
            if (not_diverged == 0 && overflowed > 0) {
                diverges.verdict = Verdict::undetermined;
                diverges.why = std::to_string(overflowed) + " run(s) with L_0 not finite (overflowing data) stopped "
                               "at step 0: no divergence of the dynamics to observe (rescale the data)";
            }
            result.claims.push_back(std::move(diverges));
            add_rate_claims(result, all_runs(result.runs),
                            {"", "growth slope of ln L = 2 ln rho(H(0)) > 0, rho the cubic's largest root modulus",
                             "linearised dynamics at init; measured -6..+2% (THEORY.md relu2)", 0.10,
                             "window.growth.predicted_slope", "window.growth.observed_slope", false, "growth-slope"});
            apply_scope(result);
            return result;
        },
    };
}

// --- (0.2, 0.8): b1 + b2 = 1, a double root at 1 in the null space --------------------------

Run null_space_unit(const ScenarioContext& ctx, const UnitSpec& unit) {
    const Problem p = make_problem(ctx, unit);
    const TwoLagMomentum o = optimizer_of(ctx, p);
    const bool linearised = unit.parameters.at("linearised") != 0.0;
    const long steps = ctx.integer("max_steps");
    VelocityWatch velocity;
    const std::vector<long> at{steps / 10, steps / 2, steps};
    Run run;
    if (linearised) {
        Problem lin{p.data, p.model.linearized_at(p.theta0), p.theta0, p.h0, p.hinf};
        run = run_rate(lin, o, root_modulus_slope<TwoLagMomentum>, steps, velocity.observer(at));
        // A finite window cannot isolate the slowest mode when the next one is close and the
        // slowest is weakly excited: the fitted slope then lies between the two modes' rates.
        const Eigen::VectorXd second = p.h0.eigenvalues.segment(1, 1);
        run.metrics["window.late.predicted_slope.second_mode"] = loss_slope(*predicted_contraction(o, second));
    } else {
        run = run_rate(p, o, root_modulus_slope<TwoLagMomentum>, steps, velocity.observer(at));
    }
    Metrics& m = run.metrics;
    record_predictions(m, o, p);
    const auto& t = run.trajectory;
    m["min_loss_ratio"] = *std::min_element(t.loss.begin(), t.loss.end()) / t.initial_loss;
    for (std::size_t i = 0; i < velocity.steps.size(); ++i)
        m["velocity.step" + std::to_string(velocity.steps[i])] = velocity.speeds[i];
    if (velocity.speeds.size() == at.size())
        m["velocity.late_over_early"] = velocity.speeds.back() / velocity.speeds.front();
    return run;
}

// On the linearised net the Gram is H(0) exactly, so the fitted late slope must lie between the
// slowest mode's 2 ln rho and the second-slowest's (a sum of decaying modes fitted over a finite
// window), and the median must match the slowest mode's.
void judge_linearised(ScenarioResult& result, const std::vector<const Run*>& group) {
    constexpr double kTol = 0.05;
    long outside = 0, missing = 0;
    std::vector<double> ratios;
    for (const Run* run : group) {
        const Metrics& m = run->metrics;
        if (!m.count("window.late.observed_slope")) {
            ++missing;
            continue;
        }
        const double obs = m.at("window.late.observed_slope");
        const double slowest = m.at("window.late.predicted_slope");
        const double second = m.at("window.late.predicted_slope.second_mode");
        // Slopes are negative: between means second (1 + tol) <= obs <= slowest (1 - tol).
        if (obs < second * (1 + kTol) || obs > slowest * (1 - kTol)) ++outside;
        ratios.push_back(obs / slowest);
    }
    const std::string why = missing ? "undetermined: " + std::to_string(missing) + " run(s) never reached the late window"
                                    : "the lambda > 0 modes satisfy the Jury conditions; the linearised net's Gram is H(0)";
    Claim bracket = make_claim(
        "linearised.late-slope.every-replicate",
        "late slope lies between 2 ln rho of the cubic at the slowest and at the second-slowest eigenvalue of H(0), "
        "within 5%, in every replicate",
        kPaper, why, static_cast<double>(outside),
        comparison::Count{outside, 0, "late slope outside [second-slowest mode, slowest mode] +-5%", "every replicate"});
    if (missing) bracket.verdict = Verdict::undetermined;
    result.claims.push_back(std::move(bracket));
    const auto middle = missing ? std::nullopt : median(ratios);
    result.claims.push_back(make_claim("linearised.late-slope.median",
                                       "median over replicates of observed / slowest-mode late slope within 2.5% of 1",
                                       kPaper, why, middle, comparison::Relative{1.0, kTol / 2}));
}

ScenarioResult null_space_judge(const ScenarioContext& ctx, std::vector<Run> runs) {
    ScenarioResult result = result_with_conventions(ctx, std::move(runs), "linearised = 1: activation patterns frozen at init (Gram = H(0) for ever); "
                           "linearised = 0: the real ReLU net. velocity = |w_k - w_(k-1)| at 10%, 50% and 100% of "
                           "the budget");
    for (const auto& [linearised, group] : group_by(result.runs, "linearised")) {
        if (linearised != 0.0) {
            judge_linearised(result, group);
            continue;
        }
        // The real net: the null-space factor has a root on the unit circle, so the weight velocity
        // is predicted not to decay; pattern flips feed the null space and the loss stalls.
        std::vector<double> ratios, floors;
        for (const Run* run : group) {
            if (run->metrics.count("velocity.late_over_early")) ratios.push_back(run->metrics.at("velocity.late_over_early"));
            floors.push_back(run->metrics.at("min_loss_ratio"));
        }
        const bool all = ratios.size() == group.size() && !group.empty();
        result.claims.push_back(make_claim(
            "net.velocity-does-not-decay",
            "on the real net the weight velocity |w_k - w_(k-1)| does not decay: its value at the end of the budget "
            "is at least 0.1 x its value at 10% of it, in every replicate",
            kPaper,
            "b1 + b2 = 1: z^2 - b1 z - b2 has a root at 1, the null-space velocity does not decay (THEORY.md relu2)",
            all ? std::optional(*std::min_element(ratios.begin(), ratios.end())) : std::nullopt,
            comparison::AtLeast{0.1}));
        result.claims.push_back(make_claim(
            "net.stalls", "the real net never reaches the late window: min L/L0 over the run stays above 1e-14, "
                          "in every replicate",
            kPaper, "pattern flips feed the undamped null space and lambda0 falls; measured stall near 1e-11 L0",
            *std::min_element(floors.begin(), floors.end()), comparison::AtLeast{1e-14}));
    }
    apply_scope(result);
    return result;
}

Scenario null_space() {
    return Scenario{
        .id = "relu2.two-lag-null-space",
        .family = "relu2",
        .paper = kPaper,
        .claim = "two-lag momentum with (b1, b2) = (0.2, 0.8): converges at the cubic's rate on the linearised net, "
                 "stalls on the real net with the weight velocity not decaying (a root at 1 in the null space)",
        // c = 0.5: with b2 = 0.8 the Jury conditions need eta lambda < 0.9 for every mode.
        .params = two_lag_parameters(0.2, 0.8, 0.5, 5000, 20000),
        .plan = [](const ScenarioContext& ctx) { return replicate_units(ctx, "linearised", {1.0, 0.0}); },
        .run_unit = null_space_unit,
        .judge = null_space_judge,
    };
}

}  // namespace

std::vector<Scenario> two_lag_scenarios() { return {stable(), unstable(), null_space()}; }

}  // namespace ratebench::relu2
