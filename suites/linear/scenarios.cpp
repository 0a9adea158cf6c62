// The linear family: GD on deep linear nets below eta* = 2 / s_min converges to a global
// minimum whose sharpness lies in [s_min, 2 / eta]; s_min from closed forms and numerically,
// checked against each other (THEORY.md "linear and lr").
#include "suites/linear/family.hpp"
#include "suites/linear/problem.hpp"
#include "suites/sharpness_evidence.hpp"

#include "core/rates.hpp"

#include <algorithm>
#include <cmath>

namespace ratebench::linear {
namespace {

// Judging thresholds (DESIGN.md s.6 "linear and lr").
constexpr double kConvergedExcess = 1e-20;  // (L - L_min) / (L0 - L_min), 4 decades above the stop
constexpr double kConvergedGrad = 1e-9;     // |grad| / sqrt(2 s_min (L0 - L_min))
constexpr double kSharpnessTol = 1e-3;      // s_min (1 - tol) <= sharpness <= 2/eta (1 + tol)
// Lanczos answers with a residual above this fraction of the eigenvalue are not judged.
constexpr double kResidualTol = 1e-6;
// Numeric s_min against a closed form: the log-sum-exp smoothing ends at mu = 1e-11 s, so the
// value is within 1e-11 ln(k d) of the minimum of the smoothing's minimiser; 1e-6 leaves
// room for a minimisation that stops early on a flat valley, while a wrong formula or a
// non-flattest minimum is off by percents (balanced vs flattest: 1-20%).
constexpr double kNumericTol = 1e-6;
// Two closed forms: exact expressions and a golden-section search bracketed to 1e-12 in ln a^2
// (error quadratic in the bracket at a smooth minimum, linear times 1e-12 at a kink).
constexpr double kClosedTol = 1e-9;
// Late slope of ln(L - L_min) against 2 ln max_i |1 - eta lambda_i| of the Gauss-Newton at the
// final iterate: the linearisation at a minimum is exact up to O(|P - W*|) in the window
// (measured within 1e-6); 1% is the tolerance the deep family uses for the same law.
constexpr double kLateSlopeTol = 1e-2;

struct Kind {
    DataKind data;
    bool depth_range;    // a group of runs per depth in [min_depth, max_depth]; else "depth"
    Eigen::Index width;  // 0: the parameter "width"
};

std::vector<std::pair<int, std::vector<const Run*>>> by_depth(const std::vector<Run>& runs) {
    std::vector<std::pair<int, std::vector<const Run*>>> groups;
    for (const Run& r : runs) {
        const int depth = static_cast<int>(r.parameters.at("depth"));
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == depth; });
        if (it == groups.end()) groups.push_back({depth, {&r}});
        else it->second.push_back(&r);
    }
    return groups;
}

double metric_or(const Metrics& m, const std::string& key, double fallback) {
    const auto it = m.find(key);
    return it == m.end() ? fallback : it->second;
}

void judge_group(ScenarioResult& result, const std::string& prefix, const std::vector<const Run*>& runs) {
    // A run the theory cannot judge (singular X^T X, an overflow) puts the group's every claim out
    // of scope or undetermined, with its reason; the other runs are tallied as usual.
    std::optional<UnitTrouble> trouble;
    for (const Run* r : runs)
        if (!trouble) trouble = unit_trouble(*r);
    const std::size_t first_claim = result.claims.size();
    const Metrics& first = runs.front()->metrics;
    long failures = 0, converged = 0, outside = 0, unresolved = 0, slope_misses = 0, unfitted = 0, stuck_at_init = 0;
    double min_ratio = INFINITY, max_eta_ratio = 0.0, max_residual = 0.0;
    std::vector<double> observed_slopes, predicted_slopes;
    for (const Run* r : runs) {
        if (unit_trouble(*r)) continue;
        const Metrics& m = r->metrics;
        const bool ok = metric_or(m, "final_excess_ratio", INFINITY) <= kConvergedExcess &&
                        metric_or(m, "final_grad_ratio", INFINITY) <= kConvergedGrad;
        if (!ok) {
            ++failures;
            if (metric_or(m, "outcome.stalled", 0.0) == 1.0 && metric_or(m, "steps", 1.0) == 0.0) ++stuck_at_init;
            continue;
        }
        ++converged;
        const double sharpness = m.at("sharpness"), run_s_min = m.at("s_min");
        const double two_over_eta = 2.0 / r->parameters.at("eta");
        max_residual = std::max(max_residual, m.at("sharpness.residual") / std::abs(sharpness));
        if (m.at("sharpness.residual") > kResidualTol * std::abs(sharpness)) ++unresolved;
        min_ratio = std::min(min_ratio, sharpness / run_s_min);
        max_eta_ratio = std::max(max_eta_ratio, sharpness / two_over_eta);
        if (sharpness < run_s_min * (1 - kSharpnessTol) || sharpness > two_over_eta * (1 + kSharpnessTol)) ++outside;
        if (!m.count("window.late.observed_slope") || !m.count("window.late.predicted_slope")) {
            ++unfitted;
            continue;
        }
        const double obs = m.at("window.late.observed_slope"), pred = m.at("window.late.predicted_slope");
        observed_slopes.push_back(obs);
        predicted_slopes.push_back(pred);
        if (std::abs(obs - pred) > kLateSlopeTol * std::abs(pred)) ++slope_misses;
    }
    Metrics& out = result.metrics;
    if (!trouble) {
        const double s_min = first.at("s_min");
        out[prefix + "s_min"] = s_min;
        out[prefix + "eta_star"] = 2.0 / s_min;
        // Where the balanced factorisation is not the flattest minimum (anisotropic Sigma), a
        // small init lands near the balanced one: its sharpness beside the runs' says how far.
        out[prefix + "s_min.balanced_over_s_min"] = first.at("s_min.balanced") / s_min;
    }
    out[prefix + "converged"] = static_cast<double>(converged);
    if (converged > 0) {
        out[prefix + "sharpness.min_over_s_min"] = min_ratio;
        out[prefix + "sharpness.max_times_eta_over_2"] = max_eta_ratio;
        out[prefix + "sharpness.max_relative_residual"] = max_residual;
    }
    if (const auto v = median(observed_slopes)) out[prefix + "late_slope.median"] = *v;
    if (const auto v = median(predicted_slopes)) out[prefix + "late_slope.predicted_median"] = *v;

    const std::string method = first.count("s_min.closed.toy")        ? "the toy closed form 2|c|"
                               : first.count("s_min.closed.chain")    ? "the scalar-chain closed form N |y|^(2-2/N)"
                               : first.count("s_min.closed.whitened") ? "the whitened closed form N sigma_1(W*)^(2-2/N)"
                               : first.count("s_min.closed.depth2-1d")
                                   ? "the depth-2 single-output 1-D search min_a lambda_max((a^2 I + b b^T/a^2) Sigma)"
                                   : "the numeric minimisation of the top Gauss-Newton eigenvalue over {P = W*}";
    const std::string eta_text = format_number(metric_or(first, "eta_over_eta_star", 0.0)) + " eta*";
    Claim converges = make_claim(
        prefix + "converges", "GD at " + eta_text + " from a small init reaches a global minimum in every replicate",
        kPaper,
        "below eta* the minima with sharpness < 2/eta attract an open set, and a small init follows the "
        "balanced factorisation to one of them (THEORY.md linear); eta* = 2 / s_min from " + method +
            "; converged = excess loss <= 1e-20 of its initial value AND gradient <= 1e-9 of its scale, so a "
            "stall at the origin (a non-strict saddle of deep chains) counts as a failure",
        static_cast<double>(failures),
        comparison::Count{failures, 0, "not at a global minimum (excess loss or gradient above its floor)",
                          "every replicate"});
    if (failures > 0 && failures == stuck_at_init) {
        // The init itself met the stall test: init_sigma is numerically the origin next to the
        // minimum's weights (data of 1e-150 put them near 1e75), so GD never moved; no run tested
        // the theory's small init, which is small relative to those weights.
        converges.verdict = Verdict::undetermined;
        converges.why = std::to_string(stuck_at_init) +
                        " run(s) stalled at the init itself (gradient below 1e-16 of its scale sqrt(2 s_min E0) "
                        "before the first step): init_sigma is numerically the origin for data of this size, so "
                        "GD never moved; rescale the inputs or targets towards unit size";
    }
    result.claims.push_back(std::move(converges));

    Claim sharp = make_claim(
        prefix + "sharpness-in-range",
        "the final sharpness lies in [s_min (1 - 1e-3), 2/eta (1 + 1e-3)] in every converged run", kPaper,
        "s_min is the infimum of the sharpness over the minimum set, and a minimum GD converges to at step eta is "
        "linearly stable: sharpness <= 2/eta (THEORY.md linear); sharpness = top Hessian eigenvalue from exact HVPs "
        "(Lanczos above 40 parameters), s_min from " + method,
        static_cast<double>(outside),
        comparison::Count{outside, 0, "sharpness outside [s_min (1 - 1e-3), 2/eta (1 + 1e-3)]",
                          "every converged replicate"});
    result.claims.push_back(with_sharpness_evidence(std::move(sharp), converged, unresolved));

    Claim late = make_claim(
        prefix + "late-slope",
        "late slope of ln(L - L_min) per step = 2 ln max_i |1 - eta lambda_i|, lambda_i the non-zero "
        "Gauss-Newton eigenvalues at the final iterate, within 1% in every converged run",
        kPaper,
        "GD linearised at the minimum it converges to: the tangent directions of {P = W*} carry no curvature and "
        "the slowest normal mode sets the rate; window (L - L_min)/(L0 - L_min) in [1e-22, 1e-14]",
        static_cast<double>(slope_misses),
        comparison::Count{slope_misses, 0, "|observed - predicted| > 1% |predicted|", "every converged replicate"});
    if (converged == 0 || (unfitted > 0 && slope_misses == 0)) {
        late.verdict = Verdict::undetermined;
        late.why = converged == 0 ? "no run converged"
                                  : std::to_string(unfitted) + " converged run(s) crossed the late window in "
                                    "fewer than 3 steps (a mode with eta lambda near 1): nothing to fit";
    }
    result.claims.push_back(std::move(late));

    // Every method that computed s_min, checked against the others where they overlap.
    const double numeric = metric_or(first, "s_min.numeric", NAN);
    std::vector<std::pair<std::string, double>> closed;
    for (const auto& [name, value] : first)
        if (name.rfind("s_min.closed.", 0) == 0) closed.emplace_back(name.substr(13), value);
    for (const auto& [name, value] : closed)
        result.claims.push_back(make_claim(
            prefix + "s-min." + name + "-vs-numeric",
            "numeric s_min (minimised top Gauss-Newton eigenvalue over {P = W*}) equals the " + name + " closed form",
            kPaper,
            "the closed form is the infimum over the minimum set (THEORY.md linear); the numeric value is the "
            "top eigenvalue at a point of the set, an upper bound, minimised by smoothed Riemannian descent with "
            "restarts; tolerance 1e-6",
            numeric, comparison::Relative{value, kNumericTol}));
    for (std::size_t i = 0; i < closed.size(); ++i)
        for (std::size_t j = i + 1; j < closed.size(); ++j)
            result.claims.push_back(make_claim(
                prefix + "s-min." + closed[i].first + "-vs-" + closed[j].first,
                "the " + closed[i].first + " and " + closed[j].first + " closed forms agree where both apply",
                kPaper, "two expressions of the same infimum (THEORY.md linear); tolerance 1e-9 for round-off and "
                        "the golden-section bracket",
                closed[j].second, comparison::Relative{closed[i].second, kClosedTol}));
    result.claims.push_back(make_claim(
        prefix + "s-min.numeric-restarts-agree",
        "the numeric minimisation reaches the same s_min from the balanced and from perturbed starts", kPaper,
        "a local minimum of the top eigenvalue over {P = W*} that is not global would show as a spread between "
        "restarts; observed = max (restart - best) / best",
        metric_or(first, "s_min.numeric.restart_spread", NAN), comparison::AtMost{kNumericTol, 0.0}));
    if (!trouble) return;
    for (std::size_t i = first_claim; i < result.claims.size(); ++i) {
        Claim& c = result.claims[i];
        c.verdict = trouble->verdict;
        c.why = trouble->why;
        c.observed = std::nullopt;
    }
}

Scenario make_scenario(std::string id, std::string claim, Kind kind, std::vector<Parameter> extra,
                       double steps_quick, double steps_full) {
    std::vector<Parameter> params = common_parameters(steps_quick, steps_full);
    for (auto& p : extra) params.push_back(std::move(p));
    const bool multi_depth = kind.depth_range;
    auto depths = [kind](const ScenarioContext& ctx) {
        std::vector<int> out;
        if (kind.depth_range)
            for (long d = ctx.integer("min_depth"); d <= ctx.integer("max_depth"); ++d) out.push_back(static_cast<int>(d));
        else
            out.push_back(static_cast<int>(ctx.integer("depth")));
        return out;
    };
    auto shape_of = [kind](const ScenarioContext& ctx, int depth) {
        return Shape{kind.data, depth, kind.width > 0 ? kind.width : ctx.integer("width")};
    };
    return Scenario{
        .id = std::move(id),
        .family = "linear",
        .paper = kPaper,
        .claim = std::move(claim),
        .params = std::move(params),
        .plan =
            [depths](const ScenarioContext& ctx) {
                std::vector<UnitSpec> units;
                for (int depth : depths(ctx))
                    for (long r = 0; r < ctx.integer("replicates"); ++r) {
                        UnitSpec u;
                        u.parameters["depth"] = depth;
                        u.parameters["replicate"] = static_cast<double>(r);
                        u.label = "depth=" + std::to_string(depth) + " replicate " + std::to_string(r);
                        units.push_back(std::move(u));
                    }
                return units;
            },
        .run_unit =
            [shape_of](const ScenarioContext& ctx, const UnitSpec& unit) {
                return run_replicate(ctx, shape_of(ctx, static_cast<int>(unit.parameters.at("depth"))),
                                     static_cast<std::uint64_t>(unit.parameters.at("replicate")));
            },
        .judge =
            [multi_depth](const ScenarioContext& ctx, std::vector<Run> runs) {
                ScenarioResult result;
                result.runs = std::move(runs);
                result.notes = conventions(ctx);
                for (const auto& [depth, group] : by_depth(result.runs))
                    judge_group(result, multi_depth ? "depth=" + std::to_string(depth) + "." : "", group);
                return result;
            },
    };
}

}  // namespace

std::vector<Scenario> scenarios() {
    std::vector<Scenario> rows;
    rows.push_back(make_scenario(
        "linear.scalar-chain",
        "GD at 0.4 eta* on scalar chains of depth 2-4 (one point x = 1, target y) reaches a global minimum with "
        "sharpness in [s_min, 2/eta]; s_min = N |y|^(2-2/N) (and eta* = 1/|c| for the toy) against the numeric s_min",
        Kind{DataKind::scalar_point, true, 1},
        {{"y", 2.0, 2.0, "the target of the one point x = 1 (ignored with --data)", false, -1e6, 1e6},
         {"min_depth", 2, 2, "smallest chain depth", true, 2, 10},
         {"max_depth", 4, 4, "largest chain depth", true, 2, 10}},
        3000000, 10000000));
    rows.push_back(make_scenario(
        "linear.whitened",
        "GD at 0.4 eta* on a depth-3 matrix net with whitened data (Sigma = I) reaches a global minimum with "
        "sharpness in [s_min, 2/eta]; s_min = N sigma_1(W*)^(2-2/N) against the numeric s_min",
        Kind{DataKind::whitened, false, 0},
        {{"n", 8, 16, "points (ignored with --data)", true, 1},
         {"d", 3, 4, "input dimension (ignored with --data)", true, 1},
         {"k", 2, 3, "outputs (ignored with --data, which has one)", true, 1},
         {"width", 4, 5, "hidden width (>= rank W*)", true, 1},
         {"depth", 3, 3, "layers N", true, 2, 10}},
        50000, 100000));
    rows.push_back(make_scenario(
        "linear.depth2-anisotropic",
        "GD at 0.4 eta* on a depth-2 single-output net with anisotropic Sigma reaches a global minimum with "
        "sharpness in [s_min, 2/eta]; s_min = min_a lambda_max((a^2 I + b b^T/a^2) Sigma) against the numeric s_min",
        Kind{DataKind::anisotropic, false, 0},
        {{"n", 12, 24, "points, Gaussian columns scaled geometrically (ignored with --data)", true, 1},
         {"d", 4, 6, "input dimension (ignored with --data)", true, 1},
         {"k", 1, 1, "outputs: one, for the 1-D closed form (ignored with --data)", true, 1, 1},
         {"spread", 10, 10, "ratio of the largest to the smallest column variance", false, 1, 1e6},
         {"width", 3, 4, "hidden width (>= rank W* = 1)", true, 1},
         {"depth", 2, 2, "layers N (2 for the closed form; deeper uses the numeric s_min)", true, 2, 10}},
        50000, 100000));
    rows.push_back(make_scenario(
        "linear.general-numeric",
        "GD at 0.4 eta* on a depth-3 two-output net with anisotropic Sigma (no closed form) reaches a global "
        "minimum with sharpness in [s_min, 2/eta], s_min from the numeric minimisation over {P = W*}",
        Kind{DataKind::anisotropic, false, 0},
        {{"n", 12, 24, "points, Gaussian columns scaled geometrically (ignored with --data)", true, 1},
         {"d", 4, 5, "input dimension (ignored with --data)", true, 1},
         {"k", 2, 2, "outputs (ignored with --data, which has one)", true, 1},
         {"spread", 10, 10, "ratio of the largest to the smallest column variance", false, 1, 1e6},
         {"width", 5, 5, "hidden width (>= rank W*); 55 parameters: Lanczos, not the dense path", true, 1},
         {"depth", 3, 3, "layers N", true, 2, 10}},
        50000, 100000));
    return rows;
}

}  // namespace ratebench::linear
