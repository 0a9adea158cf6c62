// The deep family's network scenarios: certified runs (tanh at several depths and widths,
// width 1 and 2, softplus), lazy scaling in the output scale A, positive against fan-in init,
// and the contrast cases (THEORY.md "deep").
#include "suites/deep/claims.hpp"
#include "suites/deep/family.hpp"
#include "suites/deep/problem.hpp"

#include "core/errors.hpp"
#include "core/rates.hpp"

#include <Eigen/QR>
#include <cmath>

namespace ratebench::deep {
namespace {

// Lazy scaling: distance x A equal between A and 2A within 5% (DESIGN.md s.6); the
// Gauss-Newton conditioning at init within 1% of kappa(X X^T) at the largest A (the gap is
// O(n / (A^2 lambda_min)) from the output bias and the deeper layers' columns).
constexpr double kLazyDistanceTol = 0.05;
constexpr double kLazyKappaTol = 0.01;
// z^3 and cos end at c = mean(y): f = var(y) up to the stall's round-off.
constexpr double kVarianceTol = 1e-6;

using Units = std::vector<UnitSpec>;

UnitSpec unit(std::string label, Metrics parameters) { return UnitSpec{std::move(label), std::move(parameters), 1.0}; }

std::vector<int> depth_range(const ScenarioContext& ctx) {
    std::vector<int> out;
    for (long d = ctx.integer("min_depth"); d <= ctx.integer("max_depth"); d += ctx.integer("depth_step"))
        out.push_back(static_cast<int>(d));
    return out;
}

std::vector<Parameter> with(std::vector<Parameter> params, std::vector<Parameter> extra) {
    for (auto& p : extra) params.push_back(std::move(p));
    return params;
}

std::vector<Parameter> depth_parameters(double max_quick, double max_full, double step_quick) {
    return {{"min_depth", 2, 2, "smallest depth (weight layers)", true, 2, 12},
            {"max_depth", max_quick, max_full, "largest depth (weight layers)", true, 2, 12},
            {"depth_step", step_quick, 1, "depth increment", true, 1, 10}};
}

// Certified runs over depths x widths of one activation: every run judged on its own.
Scenario certified_scenario(std::string id, std::string claim, const char* activation, std::vector<Parameter> params,
                            std::vector<std::string> width_params) {
    return Scenario{
        .id = std::move(id),
        .family = "deep",
        .paper = kPaper,
        .claim = std::move(claim),
        .params = std::move(params),
        .plan =
            [width_params](const ScenarioContext& ctx) {
                Units units;
                for (long r = 0; r < ctx.integer("replicates"); ++r)
                    for (const auto& wp : width_params)
                        for (int depth : depth_range(ctx)) {
                            const long width = ctx.integer(wp);
                            units.push_back(unit("depth=" + std::to_string(depth) + " width=" + std::to_string(width) +
                                                     (r > 0 ? " data " + std::to_string(r) : ""),
                                                 {{"depth", depth}, {"width", static_cast<double>(width)}, {"replicate", r}}));
                        }
                return units;
            },
        .run_unit =
            [activation](const ScenarioContext& ctx, const UnitSpec& u) {
                const NetSpec spec{&activation_by_name(activation), static_cast<int>(u.parameters.at("depth")),
                                   static_cast<Eigen::Index>(u.parameters.at("width")), MlpInit::Scheme::positive, 0.0,
                                   ctx.real("a_factor")};
                const auto draw = static_cast<std::uint64_t>(u.parameters.at("replicate"));
                return run_measured(ctx, make_problem(ctx, make_data(ctx, draw), spec), draw);
            },
        .judge =
            [activation](const ScenarioContext& ctx, std::vector<Run> runs) {
                ScenarioResult result;
                result.runs = std::move(runs);
                result.notes = conventions(ctx);
                result.notes.push_back("A = a_factor x the smallest output scale the certificate certifies");
                for (const Run& r : result.runs) {
                    const NetSpec spec{&activation_by_name(activation), static_cast<int>(r.parameters.at("depth")),
                                       static_cast<Eigen::Index>(r.parameters.at("width"))};
                    const long draw = static_cast<long>(r.parameters.at("replicate"));
                    const std::string prefix = net_label(spec) + (draw > 0 ? ".data=" + std::to_string(draw) : "") + ".";
                    add_certified_claims(result, prefix, r);
                    add_run_summary(result, prefix, r);
                }
                show_bounds(result);
                return result;
            },
    };
}

Parameter data_draws_row() {
    return {"replicates", 1, 3, "data draws (fresh points and targets); every run is judged on its own", true, 1, 100};
}

Parameter a_factor_row() {
    return {"a_factor", 2, 2, "output scale A as a multiple of the smallest A the certificate certifies", false, 1.000001,
            1e6};
}

Scenario lazy_scenario() {
    return Scenario{
        .id = "deep.lazy-scaling",
        .family = "deep",
        .paper = kPaper,
        .claim = "Large output scale A makes training lazy: distance travelled x A constant (5% between A and 2A, "
                 "A >= 100) and the Gauss-Newton conditioning at init tends to kappa(X X^T) (tanh)",
        .params = with(common_parameters(20000, 50000),
                       {{"depth", 3, 4, "depth (weight layers)", true, 2, 12},
                        {"width", 2, 2, "hidden width", true, 1, 4096},
                        {"A", 100, 100, "smallest output scale; the runs use A, 2A, 4A", false, 1, 1e8},
                        single_replicate_row()}),
        .plan =
            [](const ScenarioContext& ctx) {
                Units units;
                for (double f : {1.0, 2.0, 4.0}) {
                    const double A = f * ctx.real("A");
                    units.push_back(unit("A=" + format_number(A), {{"A", A}}));
                }
                return units;
            },
        .run_unit =
            [](const ScenarioContext& ctx, const UnitSpec& u) {
                const NetSpec spec{&tanh_activation(), static_cast<int>(ctx.integer("depth")), ctx.integer("width"),
                                   MlpInit::Scheme::positive, u.parameters.at("A")};
                return run_measured(ctx, make_problem(ctx, make_data(ctx), spec), 0);
            },
        .judge =
            [](const ScenarioContext& ctx, std::vector<Run> runs) {
                ScenarioResult result;
                result.runs = std::move(runs);
                result.notes = conventions(ctx);
                for (const Run& r : result.runs) {
                    const double A = r.parameters.at("A");
                    add_certified_claims(result, "A=" + format_number(A) + ".", r);
                    // Headline numbers under "run A 100." (no series); the lazy quantities as one
                    // series against A: "lazy.A=100.distance_times_A" ...
                    add_run_summary(result, "run A " + format_number(A) + ".", r);
                    const std::string series = "lazy.A=" + format_number(A) + ".";
                    result.metrics[series + "distance_times_A"] = metric(r, "final_distance") * A;
                    result.metrics[series + "path_bound_times_A"] = metric(r, "path_bound") * A;
                    result.metrics[series + "alpha_cert_over_A2"] = metric(r, "alpha_cert") / (A * A);
                }
                for (std::size_t i = 1; i < result.runs.size(); ++i) {
                    const Run &a = result.runs[i - 1], &b = result.runs[i];
                    const double A = a.parameters.at("A"), B = b.parameters.at("A");
                    const std::size_t first = result.claims.size();
                    result.claims.push_back(make_claim(
                        "distance-times-A.A=" + format_number(A) + "-vs-" + format_number(B),
                        "final distance from w0 times A is the same at A = " + format_number(A) + " and " +
                            format_number(B) + " within 5%",
                        kPaper,
                        "lazy regime: f(w0) does not depend on A while alpha_cert grows like A^2, so the path "
                        "length bound 2 sqrt(f0)/(theta sqrt(alpha)) falls like 1/A (THEORY.md deep)",
                        metric(b, "final_distance") * B,
                        comparison::Relative{metric(a, "final_distance") * A, kLazyDistanceTol}));
                    mark_trouble(result, first, std::span(&a, 2));
                }
                const Run& last = result.runs.back();
                const std::size_t first = result.claims.size();
                result.claims.push_back(make_claim(
                    "gauss-newton-conditioning",
                    "kappa of (2/n) J J^T at init is within 1% of kappa(X X^T) at the largest A", kPaper,
                    "at W_1 = 0 with tanh, J J^T = |v|^2 X X^T + 1 1^T (the output bias), |v|^2 ~ A^2: the ratio "
                    "tends to kappa(X X^T) as A grows",
                    metric(last, "gn_init.kappa"), comparison::Relative{metric(last, "xx.kappa"), kLazyKappaTol}));
                mark_trouble(result, first, std::span(&last, 1));
                show_bounds(result);
                return result;
            },
    };
}

Scenario init_comparison_scenario() {
    return Scenario{
        .id = "deep.init-comparison",
        .family = "deep",
        .paper = kPaper,
        .claim = "Positive init against fan-in random init at the same width: steps to 1e-20 f0, reported as "
                 "measured (the theory compares no inits)",
        .params = with(common_parameters(200000, 500000),
                       {{"depth", 3, 4, "depth (weight layers)", true, 2, 12},
                        {"width", 8, 16, "hidden width", true, 1, 4096},
                        {"replicates", 3, 5, "fan-in random inits", true, 1, 1000},
                        a_factor_row()}),
        .plan =
            [](const ScenarioContext& ctx) {
                Units units{unit("positive", {{"fan_in", 0}, {"replicate", 0}}),
                            unit("positive, fan-in step rule", {{"fan_in", 0}, {"replicate", 0}, {"same_step", 1}})};
                for (long r = 0; r < ctx.integer("replicates"); ++r)
                    units.push_back(unit("fan-in replicate " + std::to_string(r), {{"fan_in", 1}, {"replicate", r}}));
                return units;
            },
        .run_unit =
            [](const ScenarioContext& ctx, const UnitSpec& u) {
                const bool fan_in = u.parameters.at("fan_in") == 1;
                const NetSpec spec{&tanh_activation(), static_cast<int>(ctx.integer("depth")), ctx.integer("width"),
                                   fan_in ? MlpInit::Scheme::fan_in : MlpInit::Scheme::positive, fan_in ? 1.0 : 0.0,
                                   ctx.real("a_factor"), u.parameters.count("same_step") > 0};
                return run_measured(ctx, make_problem(ctx, make_data(ctx), spec),
                                    static_cast<std::uint64_t>(u.parameters.at("replicate")));
            },
        .judge =
            [](const ScenarioContext& ctx, std::vector<Run> runs) {
                ScenarioResult result;
                result.runs = std::move(runs);
                result.notes = conventions(ctx);
                result.notes.push_back("fan-in init: W_l ~ N(0, 1/fan_in), output bias 0; step 0.5 x 2 / beta(w0)");
                const Run& positive = result.runs[0];
                const Run& same_step = result.runs[1];
                add_certified_claims(result, "positive.", positive);
                add_run_summary(result, "positive.", positive);
                add_run_summary(result, "positive-fan-in-step.", same_step);
                std::vector<double> fan_in_steps;
                long unconverged = 0;
                for (std::size_t i = 2; i < result.runs.size(); ++i) {
                    const Run& r = result.runs[i];
                    const std::string prefix = "fan-in.replicate=" + std::to_string(i - 2) + ".";
                    add_run_summary(result, prefix, r);
                    const double s = metric(r, "steps_to_converged");
                    if (std::isnan(s)) ++unconverged;
                    else fan_in_steps.push_back(s);
                }
                const std::size_t first = result.claims.size();
                const double pos = metric(positive, "steps_to_converged");
                const auto med = median(fan_in_steps);
                result.metrics["steps_to_converged.positive"] = pos;
                if (med) result.metrics["steps_to_converged.fan_in_median"] = *med;
                result.metrics["fan_in.unconverged"] = static_cast<double>(unconverged);
                Claim c = out_of_scope_claim(
                    "steps-positive-over-fan-in",
                    "steps to f <= 1e-20 f0, positive init over the median of fan-in random inits (reported, not judged)",
                    kPaper,
                    "the theory proves convergence from the positive init and says nothing on which init is faster: "
                    "measured here (" + std::to_string(unconverged) + " fan-in run(s) did not reach 1e-20 f0); the "
                    "step is 0.5 x 2(1 - delta)/beta(w0) for the positive init, 0.5 x 2/beta(w0) for fan-in",
                    comparison::Interval{0.0, INFINITY});
                if (med && !std::isnan(pos)) c.observed = pos / *med;
                result.claims.push_back(std::move(c));
                const double pos_same = metric(same_step, "steps_to_converged");
                result.metrics["steps_to_converged.positive_fan_in_step"] = pos_same;
                Claim same = out_of_scope_claim(
                    "steps-positive-over-fan-in.same-step-rule",
                    "steps to f <= 1e-20 f0, positive init over the fan-in median, both at 0.5 x 2 / beta(w0) "
                    "(reported, not judged)",
                    kPaper,
                    "the same comparison with one step rule for both inits (the positive init's theorem step also "
                    "carries the factor 1 - delta); no theory compares them",
                    comparison::Interval{0.0, INFINITY});
                if (med && !std::isnan(pos_same)) same.observed = pos_same / *med;
                result.claims.push_back(std::move(same));
                mark_trouble(result, first, result.runs);
                show_bounds(result);
                return result;
            },
    };
}

// The contrast cases: what the theory does not cover, or where its criterion fails.
struct Contrast {
    const char* name;
    const char* activation;
    bool dependent_inputs;  // d < n
};
constexpr Contrast kContrasts[] = {
    {"d-below-n", "tanh", true}, {"cube", "cube", false}, {"cos", "cos", false}, {"relu", "relu", false}};

// Mean squared residual of the least-squares fit of y on [X, 1]: where a lazy net with d < n
// plateaus (its linearisation is an affine function of x).
double affine_residual(const Dataset& data) {
    Eigen::MatrixXd A(data.n(), data.d() + 1);
    A << data.X, Eigen::VectorXd::Ones(data.n());
    const Eigen::VectorXd coef = A.completeOrthogonalDecomposition().solve(data.Y.col(0));
    return (A * coef - data.Y.col(0)).squaredNorm() / static_cast<double>(data.n());
}

Scenario contrast_scenario() {
    return Scenario{
        .id = "deep.contrasts",
        .family = "deep",
        .paper = kPaper,
        .claim = "Outside the hypotheses: d < n plateaus near the affine least-squares residual (out of scope); z^3 "
                 "at the positive init refutes the criterion and ends at var(y); cos and ReLU are out of scope",
        .params = with(common_parameters(20000, 50000),
                       {{"depth", 3, 3, "depth (weight layers)", true, 2, 12},
                        {"width", 2, 2, "hidden width", true, 1, 4096},
                        {"A", 10, 10, "output scale A (absolute: no certificate to size it)", false, 1e-6, 1e8},
                        {"n_dependent", 12, 24, "points of the d < n case (d = d_dependent)", true, 2, 10000},
                        {"d_dependent", 3, 3, "input dimension of the d < n case", true, 1, 10000},
                        single_replicate_row()}),
        .plan =
            [](const ScenarioContext&) {
                Units units;
                for (std::size_t i = 0; i < std::size(kContrasts); ++i)
                    units.push_back(unit(kContrasts[i].name, {{"case", static_cast<double>(i)}}));
                return units;
            },
        .run_unit =
            [](const ScenarioContext& ctx, const UnitSpec& u) {
                const Contrast& c = kContrasts[static_cast<std::size_t>(u.parameters.at("case"))];
                Dataset data;
                if (c.dependent_inputs) {
                    Stream s = ctx.stream(0, "data d < n");
                    data.X = unit_sphere_points(ctx.integer("n_dependent"), ctx.integer("d_dependent"), s);
                    data.Y = gaussian_targets(ctx.integer("n_dependent"), 1, s);
                } else {
                    data = make_data(ctx);
                }
                const NetSpec spec{&activation_by_name(c.activation), static_cast<int>(ctx.integer("depth")),
                                   ctx.integer("width"), MlpInit::Scheme::positive, ctx.real("A")};
                const double ls = affine_residual(data);
                Run run = run_measured(ctx, make_problem(ctx, std::move(data), spec), 0);
                run.metrics["affine_ls_residual"] = ls;
                return run;
            },
        .judge =
            [](const ScenarioContext& ctx, std::vector<Run> runs) {
                ScenarioResult result;
                result.runs = std::move(runs);
                result.notes = conventions(ctx);
                for (const Run& r : result.runs) {
                    const Contrast& c = kContrasts[static_cast<std::size_t>(r.parameters.at("case"))];
                    const std::string prefix = std::string(c.name) + ".";
                    add_run_summary(result, prefix, r);
                    result.metrics[prefix + "var_y"] = metric(r, "var_y");
                    result.metrics[prefix + "affine_ls_residual"] = metric(r, "affine_ls_residual");
                    const double final_loss = metric(r, "final_loss");
                    const std::size_t first = result.claims.size();
                    if (c.dependent_inputs) {
                        Claim k = out_of_scope_claim(
                            prefix + "plateau", "with d < n the loss plateaus at about the affine least-squares residual",
                            kPaper,
                            "d < n: the inputs are dependent, lambda_min(X X^T) = 0 and no certificate exists "
                            "(hypothesis fails); observed = final loss, predicted = the residual of y on [X, 1] "
                            "(the lazy net is nearly affine in x), reported only",
                            comparison::Relative{metric(r, "affine_ls_residual"), 0.0});
                        k.observed = final_loss;
                        k.predicted = metric(r, "affine_ls_residual");
                        result.claims.push_back(std::move(k));
                    } else if (std::string_view(c.activation) == "cube") {
                        result.claims.push_back(make_claim(
                            prefix + "criterion-refuted",
                            "z^3 (smooth, strictly increasing, sigma'(0) = 0) at the positive init: the criterion "
                            "fails for this r (r^2 alpha_up <= 4 f0)",
                            kPaper,
                            "with W_1 = 0 and sigma(0) = sigma'(0) = 0 only the output bias has a gradient; c = "
                            "mean(y) is a critical point with f = var(y) > 0 inside the ball, so alpha(w0, r) = 0: "
                            "the hypothesis fails, consistent with the theory; observed = r^2 alpha_up / (4 f0)",
                            metric(r, "criterion.margin_up"), comparison::AtMost{1.0, 0.0}));
                        result.claims.push_back(make_claim(
                            prefix + "ends-at-var-y", "GD from the positive init ends at f = var(y) (c = mean(y))",
                            kPaper, "W_1 = 0 is invariant and the output stays constant in x (THEORY.md deep)",
                            final_loss, comparison::Relative{metric(r, "var_y"), kVarianceTol}));
                    } else {
                        const bool cosine = std::string_view(c.activation) == "cos";
                        Claim k = out_of_scope_claim(
                            prefix + "out-of-scope",
                            std::string(cosine ? "cos" : "ReLU") + " at the positive init: final loss against var(y)",
                            kPaper,
                            std::string(cosine ? "cos is not monotone (and sigma'(0) = 0)" : "ReLU is not smooth") +
                                ": outside the theorem's hypotheses; observed = final loss, predicted = var(y) "
                                "(with sigma'(0) = 0 in the code W_1 gets no gradient), reported only",
                            comparison::Relative{metric(r, "var_y"), 0.0});
                        k.observed = final_loss;
                        k.predicted = metric(r, "var_y");
                        result.claims.push_back(std::move(k));
                    }
                    mark_trouble(result, first, std::span(&r, 1));
                }
                show_bounds(result);
                return result;
            },
    };
}

}  // namespace

std::vector<Scenario> scenarios() {
    std::vector<Scenario> rows;
    rows.push_back(certified_scenario(
        "deep.tanh-certified",
        "tanh nets at the positive init: the criterion is certified and GD stays within the path bound, decays below "
        "(1 - eta theta alpha_cert)^k, reaches 1e-20 f0 and ends at the Gauss-Newton rate",
        "tanh",
        with(common_parameters(20000, 50000),
             with(depth_parameters(6, 6, 1), {{"width", 16, 64, "hidden width", true, 1, 4096}, a_factor_row(), data_draws_row()})),
        {"width"}));
    rows.push_back(certified_scenario(
        "deep.width-one",
        "Width 1 and 2 suffice: tanh chains of depth up to 6 at the positive init are certified and converge "
        "linearly (d >= n)",
        "tanh",
        with(common_parameters(20000, 50000),
             with(depth_parameters(6, 6, 2), {{"width_one", 1, 1, "the narrowest width", true, 1, 1},
                                              {"width_two", 2, 2, "the next width", true, 2, 2},
                                              a_factor_row(), data_draws_row()})),
        {"width_one", "width_two"}));
    rows.push_back(certified_scenario(
        "deep.softplus-certified",
        "softplus (sigma(0) != 0, with an output bias) at the positive init: the criterion is certified and GD "
        "converges within the theorem's bounds",
        "softplus",
        with(common_parameters(200000, 500000),
             with(depth_parameters(3, 4, 1), {{"width", 2, 8, "hidden width", true, 1, 4096}, a_factor_row(), data_draws_row()})),
        {"width"}));
    rows.push_back(lazy_scenario());
    rows.push_back(init_comparison_scenario());
    rows.push_back(contrast_scenario());
    rows.push_back(toy_scenario());
    return rows;
}

}  // namespace ratebench::deep
