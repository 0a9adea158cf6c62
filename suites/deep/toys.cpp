// deep.toys: the criterion on functions with closed forms (THEORY.md "deep"): the double well
// (certified, converges, yet not globally PL), (uv - 1)^2 (certified), and x^4 (never
// certified, GD sublinear). Here beta is bounded above in closed form, so no constant is an
// estimate.
#include "suites/deep/claims.hpp"
#include "suites/deep/family.hpp"
#include "suites/deep/problem.hpp"
#include "suites/deep/step_log.hpp"

#include "core/deep/criterion.hpp"
#include "core/deep/ratio_search.hpp"
#include "core/deep/toy_objectives.hpp"
#include "core/optim/gradient_descent.hpp"

#include <cmath>

namespace ratebench::deep {
namespace {

// The search against the closed form: every point it evaluates is in the ball, so alpha_up >=
// alpha; descent to the minimiser on the ball's boundary leaves a gap set by the last accepted
// step (1e-6 relative is far below the percents a wrong closed form would give).
constexpr double kSearchTol = 1e-6;
// x_k sqrt(8 eta k) -> 1 for GD on x^4: 1/x_k^2 = 1/x_0^2 + 8 eta k + O(eta ln k), so the gap at
// the final step is below 1e-4 for eta k >= 1000; 1% leaves room for a short budget.
constexpr double kQuarticTol = 1e-2;

struct Toy {
    const char* name;
    ToyObjective objective;
    double r;
};

// Toys in the order of the plan; the double well starts at |x0| = 1.2 in R^3 (certified for
// r = |x0| / 2: 4 f0 = 0.774 < r^2 alpha = 0.36 x 5.76 x ... ), the product at (2, 1).
std::vector<Toy> toys() {
    return {{"double-well", ToyObjective::double_well(Eigen::Vector3d::Constant(1.2 / std::sqrt(3.0))), 0.6},
            {"product", ToyObjective::product(2.0, 1.0), std::sqrt(5.0) / 2.0},
            {"quartic", ToyObjective::quartic(1.0), 0.5}};
}

// sup of the Hessian norm over the ball of radius R = |x0| + r around the origin that contains
// B(x0, r): double well 12 R^2 - 4 (>= 4), product 2 (2 R^2 + 1) (a bound), quartic 12 R^2.
double hessian_bound(const ToyObjective& toy, double R) {
    switch (toy.kind) {
        case ToyObjective::Kind::double_well: return std::max(12.0 * R * R - 4.0, 4.0);
        case ToyObjective::Kind::product: return 2.0 * (2.0 * R * R + 1.0);
        case ToyObjective::Kind::quartic: return 12.0 * R * R;
    }
    return 0.0;
}

Run run_toy(const ScenarioContext& ctx, const Toy& toy) {
    const Dataset none;
    const ToyObjective& f = toy.objective;
    const Eigen::VectorXd x0 = f.start;
    const double f0 = f.loss(x0, none);
    Run run;
    Metrics& m = run.metrics;
    m["f0"] = f0;
    m["r"] = toy.r;
    const double alpha = f.alpha(x0, toy.r);
    m["alpha_cert"] = alpha;  // the closed form is exact: a certificate and the truth at once
    m["alpha_closed"] = alpha;
    Stream s = ctx.stream(0, std::string("search ") + toy.name);
    const RatioSearchResult search = search_ratio_minimum(
        f, none, x0, toy.r, s, {static_cast<int>(ctx.integer("search_restarts")), static_cast<int>(ctx.integer("search_steps"))});
    m["alpha_up"] = search.alpha_up;
    const CriterionVerdict verdict = judge_criterion(f0, toy.r, alpha, search.alpha_up);
    m["criterion.certified"] = verdict == CriterionVerdict::certified;
    m["criterion.refuted"] = verdict == CriterionVerdict::refuted;
    m["criterion.margin_cert"] = toy.r * toy.r * alpha / (4.0 * f0);
    m["criterion.margin_up"] = toy.r * toy.r * search.alpha_up / (4.0 * f0);
    // The best any radius can do, from the closed form: max over r of r^2 alpha(r) / (4 f0).
    double best = 0.0;
    for (int i = 1; i < 1000; ++i) {
        const double r = x0.norm() * i / 1000.0;
        best = std::max(best, r * r * f.alpha(x0, r) / (4.0 * f0));
    }
    m["criterion.best_margin_any_r"] = best;
    // Global PL: the search over a ball that reaches the origin finds rho ~ 0 (double well, product).
    Stream g = ctx.stream(0, std::string("global search ") + toy.name);
    m["alpha_global_up"] = search_ratio_minimum(f, none, x0, x0.norm() + 0.5, g).alpha_up;
    m["rho_at_init"] = f.ratio(x0);

    const double beta = hessian_bound(f, x0.norm() + toy.r);
    const double delta = verdict == CriterionVerdict::certified ? 2.0 * std::sqrt(f0 / alpha) / toy.r : 0.0;
    const double eta = ctx.real("eta_fraction") * max_certified_step(delta, beta);
    m["beta.bound"] = beta;
    m["eta"] = eta;
    run.parameters["eta"] = eta;

    Eigen::VectorXd x = x0;
    StepLog log;
    const Recording<ToyObjective> model{&f};
    const TrainConfig config{ctx.integer("max_steps"), {.relative_loss_floor = kRoundOffFloor},
                             {.log_points = 200, .even_points = 1000}};
    GradientDescent gd{{.eta = eta}};
    run.trajectory = train(model, none, gd, x, config, {}, step_logger(model, x0, log));
    std::optional<GdConstants> constants;
    if (verdict == CriterionVerdict::certified) constants = gd_constants(f0, toy.r, alpha, beta, eta);
    // Values O(1); a step lowers f by at least the rate bound's 1 - rate_factor where certified.
    const double step_decrease = constants ? 1.0 - constants->rate_factor : 1.0;
    record_step_checks(log, run.trajectory, eta, beta, roundoff_floor(f0, 1.0, step_decrease), constants, m);
    m["steps"] = static_cast<double>(run.trajectory.steps);
    m["final_loss_ratio"] = run.trajectory.final_loss() / f0;
    m["final_x_times_sqrt_8_eta_k"] =
        x.norm() * std::sqrt(8.0 * eta * static_cast<double>(run.trajectory.steps));
    return run;
}

}  // namespace

Scenario toy_scenario() {
    return Scenario{
        .id = "deep.toys",
        .family = "deep",
        .paper = kPaper,
        .claim = "The criterion on closed forms: the search matches alpha; the double well (not globally PL) and "
                 "(uv - 1)^2 are certified and converge within the bounds; x^4 is never certified and GD is "
                 "sublinear (x_k sqrt(8 eta k) -> 1)",
        .params = {{"eta_fraction", 0.5, 0.5, "step as a fraction of 2 (1 - delta) / beta (2 / beta for x^4)", false,
                    1e-6, 0.999999},
                   {"search_restarts", 4, 8, "starts of the search of the ball", true, 1, 1000},
                   {"search_steps", 200, 400, "projected descent steps per start", true, 1, 100000},
                   {"max_steps", 100000, 1000000, "GD step budget (x^4 uses all of it)", true, 1000},
                   {"replicates", 1, 1, "deterministic toys: one run each", true, 1, 1}},
        .plan =
            [](const ScenarioContext&) {
                std::vector<UnitSpec> units;
                for (std::size_t i = 0; i < toys().size(); ++i)
                    units.push_back(UnitSpec{toys()[i].name, {{"toy", static_cast<double>(i)}}, 1.0});
                return units;
            },
        .run_unit = [](const ScenarioContext& ctx,
                       const UnitSpec& u) { return run_toy(ctx, toys()[static_cast<std::size_t>(u.parameters.at("toy"))]); },
        .judge =
            [](const ScenarioContext&, std::vector<Run> runs) {
                ScenarioResult result;
                result.runs = std::move(runs);
                result.notes.push_back(
                    "double well f = (|x|^2 - 1)^2 from |x0| = 1.2 in R^3 (r = 0.6), (uv - 1)^2 from (2, 1) (r = "
                    "|x0|/2), x^4 from 1 (r = 0.5); alpha(x0, r) = c (|x0| - r)^2 with c = 16, 4, 16");
                result.notes.push_back("beta = a closed-form upper bound on the Hessian norm over the ball, so theta "
                                       "and the bounds are not estimates here");
                for (const Run& r : result.runs) {
                    const std::string name = toys()[static_cast<std::size_t>(r.parameters.at("toy"))].name;
                    const std::string prefix = name + ".";
                    add_run_summary(result, prefix, r);
                    result.metrics[prefix + "beta.bound"] = metric(r, "beta.bound");
                    result.claims.push_back(make_claim(
                        prefix + "search-matches-closed-form",
                        "the search of the ball finds alpha(x0, r) = c (|x0| - r)^2 within 1e-6", kPaper,
                        "rho = c |x|^2 in closed form (THEORY.md deep); observed = alpha_up (an upper bound)",
                        metric(r, "alpha_up"), comparison::Relative{metric(r, "alpha_closed"), kSearchTol}));
                    if (name == "quartic") {
                        result.claims.push_back(make_claim(
                            prefix + "never-certified",
                            "no radius certifies x^4: max over r of r^2 alpha(x0, r) / (4 f0) <= 1", kPaper,
                            "a local PL inequality cannot hold at a degenerate minimum; closed form max = 1/4",
                            metric(r, "criterion.best_margin_any_r"), comparison::AtMost{1.0, 0.0}));
                        result.claims.push_back(make_claim(
                            prefix + "sublinear", "GD on x^4 is sublinear: x_k sqrt(8 eta k) -> 1 (within 1% at the "
                                                  "last step)",
                            kPaper, "1/x_(k+1)^2 = 1/x_k^2 + 8 eta + O(eta^2 x_k^2)",
                            metric(r, "final_x_times_sqrt_8_eta_k"), comparison::Relative{1.0, kQuarticTol}));
                        continue;
                    }
                    add_certified_claims(result, prefix, r);
                    if (name == "double-well")
                        result.claims.push_back(make_claim(
                            prefix + "not-globally-pl",
                            "the double well is not globally PL: the search of a ball containing the origin finds "
                            "|grad f|^2/f below 1e-6 of its value at x0",
                            kPaper, "rho = 16 |x|^2 vanishes at the critical point x = 0 where f = 1; certified "
                                    "locally all the same",
                            metric(r, "alpha_global_up"), comparison::AtMost{1e-6 * metric(r, "rho_at_init"), 0.0}));
                }
                show_bounds(result);
                return result;
            },
    };
}

}  // namespace ratebench::deep
