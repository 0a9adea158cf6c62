// Lazy training (THEORY.md relu2, "Width"): in the NTK regime the weights barely move, and the
// Gram's distance from its limit shrinks, like m^-1/2: max_r |w_r(k) - w_r(0)|, |H(0) - H_inf|
// and |H(k) - H(0)| (spectral norms) against the width m, on log-log axes; the error of the
// rate predicted from H(0) shrinks with width too.
#include "core/ntk.hpp"
#include "core/optim/gradient_descent.hpp"
#include "suites/relu2/family.hpp"
#include "suites/relu2/rate_claims.hpp"
#include "suites/relu2/rate_run.hpp"

#include <cmath>

namespace ratebench::relu2 {
namespace {

constexpr int kWidths = 6;  // m_min x 2^j: a factor of 32

double spectral_norm(const Eigen::MatrixXd& symmetric) {
    return summarize_spectrum(symmetric).eigenvalues.cwiseAbs().maxCoeff();
}

Run lazy_unit(const ScenarioContext& ctx, const UnitSpec& unit) {
    const auto m = static_cast<Eigen::Index>(unit.parameters.at("m"));
    const Problem p = make_problem(ctx, static_cast<std::uint64_t>(unit.parameters.at("replicate")), m);
    Eigen::VectorXd last;
    const StepObserver keep_last = [&](long, double, const Eigen::VectorXd& theta) { last = theta; };
    Run run = run_rate(p, GradientDescent{{.eta = ctx.real("c") / p.h0.lambda_max}},
                       root_modulus_slope<GradientDescent>, ctx.integer("max_steps"), keep_last);
    const Eigen::MatrixXd moved = p.model.weights(last) - p.model.weights(p.theta0);
    const Eigen::MatrixXd gram0 = p.model.gram(p.theta0, p.data.X);
    run.metrics["lazy.max_weight_move"] = moved.colwise().norm().maxCoeff();
    run.metrics["lazy.gram_init_vs_inf"] = spectral_norm(gram0 - ntk_gram_relu_infinite(p.data.X));
    run.metrics["lazy.gram_drift"] = spectral_norm(p.model.gram(last, p.data.X) - gram0);
    return run;
}

// Log-log slope of the per-width medians of a run metric against m.
std::optional<double> width_exponent(const std::vector<Run>& runs, const std::string& metric, Metrics& out) {
    std::vector<double> x, y;
    for (const auto& [m, group] : group_by(runs, "m")) {
        std::vector<double> values;
        for (const Run* run : group)
            if (run->metrics.count(metric)) values.push_back(std::abs(run->metrics.at(metric)));
        if (values.size() != group.size()) return std::nullopt;
        const double mid = *median(values);
        out["width.m=" + format_number(m) + "." + metric] = mid;
        x.push_back(std::log(m));
        y.push_back(std::log(mid));
    }
    const auto fit = fit_line(x, y);
    if (!fit) return std::nullopt;
    out["width.exponent." + metric] = fit->slope;
    return fit->slope;
}

ScenarioResult lazy_judge(const ScenarioContext& ctx, std::vector<Run> runs) {
    ScenarioResult result = result_with_conventions(ctx, std::move(runs), "GD with eta = c / lambda_max(H(0)) at widths m_min x 2^j, j = 0..5; weight move and Gram "
                           "drift measured at the last step; exponents are log-log slopes of the per-width medians");
    const struct {
        const char* metric;
        const char* id;
        const char* statement;
    } laws[] = {
        {"lazy.max_weight_move", "weight-move", "max_r |w_r(k) - w_r(0)| shrinks like m^a, a in [-0.8, -0.3]"},
        {"lazy.gram_init_vs_inf", "gram-init-vs-inf", "|H(0) - H_inf| shrinks like m^a, a in [-0.8, -0.3]"},
        {"lazy.gram_drift", "gram-drift", "|H(k) - H(0)| shrinks like m^a, a in [-0.8, -0.3]"},
    };
    for (const auto& law : laws)
        result.claims.push_back(make_claim(law.id, law.statement, kPaper,
                                           "NTK regime: each is O(m^-1/2) (Du et al. 2019; THEORY.md relu2)",
                                           width_exponent(result.runs, law.metric, result.metrics),
                                           comparison::Interval{-0.8, -0.3}));
    result.claims.push_back(make_claim(
        "h0-prediction-error", "the error of the late slope predicted from H(0) shrinks with width (log-log slope < 0)",
        kPaper, "H(0) -> H_inf and the drift from H(0) vanish as m grows (THEORY.md relu2)",
        width_exponent(result.runs, "relative_error.H0", result.metrics), comparison::AtMost{0.0}));
    apply_scope(result);
    return result;
}

}  // namespace

Scenario lazy_width_scenario() {
    auto params = problem_parameters(20, 50, 250, 1000, 5000, 20000);
    params[2] = {"m", 250, 1000, "smallest width m_min; the sweep runs m_min x 2^j, j = 0..5", true, 1};
    params.push_back({"c", 1.0, 1.0, "step as a multiple of 1 / lambda_max(H(0))", false, 1e-9, 1.999999});
    return Scenario{
        .id = "relu2.lazy-width",
        .family = "relu2",
        .paper = kPaper,
        .claim = "lazy training: weight movement and the Gram's distances (H(0) from H_inf, H(k) from H(0)) shrink like "
                 "m^-1/2, and so does the error of rates predicted from H(0)",
        .params = std::move(params),
        .plan = [](const ScenarioContext& ctx) {
            std::vector<double> widths;
            for (int j = 0; j < kWidths; ++j) widths.push_back(ctx.real("m") * std::pow(2.0, j));
            auto units = replicate_units(ctx, "m", widths);
            for (auto& u : units) u.cost = u.parameters.at("m");  // a step costs O(m)
            return units;
        },
        .run_unit = lazy_unit,
        .judge = lazy_judge,
    };
}

}  // namespace ratebench::relu2
