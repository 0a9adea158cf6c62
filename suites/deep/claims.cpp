#include "suites/deep/claims.hpp"

#include "suites/deep/problem.hpp"
#include "suites/input_rank_metrics.hpp"
#include "suites/scenario.hpp"

#include <cmath>

namespace ratebench::deep {
namespace {

// rho evaluated at the minimiser of a closed form differs from it by a few ulps.
constexpr double kRoundOffRtol = 1e-12;
// The slowest mode alone is judged only where the linearised mixture's window slope is within
// this fraction of it (a quarter of the 1% tolerance: mixing then cannot decide the verdict).
constexpr double kAsymptoticWindow = 2.5e-3;

}  // namespace

void show_bounds(ScenarioResult& result) {
    for (Claim& c : result.claims) {
        if (c.predicted) continue;
        if (const auto* at_most = std::get_if<comparison::AtMost>(&c.comparison)) c.predicted = at_most->bound;
        if (const auto* at_least = std::get_if<comparison::AtLeast>(&c.comparison)) c.predicted = at_least->bound;
    }
}

double metric(const Run& run, const std::string& key) {
    const auto it = run.metrics.find(key);
    return it == run.metrics.end() ? NAN : it->second;
}

namespace {

// A violation count; absent (the run stopped before the checks, e.g. at a non-finite loss) reads
// 0, never a cast of NaN, and the claim is then undetermined (uncounted in add_certified_claims).
long count_metric(const Run& run, const std::string& key) {
    const double v = metric(run, key);
    return std::isnan(v) ? 0 : static_cast<long>(v);
}

// "point 2 is zero", "points 1 and 3 are linearly dependent (...)", or more points than dimensions.
std::string dependence_text(const RecordedRank& recorded) {
    const auto& points = recorded.rank.dependent_columns;
    if (recorded.n > recorded.d) return "there are more points than dimensions";
    if (points.size() == 1) return "point " + numbered_list(points) + " is zero";
    return "points " + numbered_list(points) +
           " are linearly dependent (duplicate or parallel points, or a combination of them)";
}

}  // namespace

std::optional<RunTrouble> run_trouble(const Run& run) {
    const auto spelled = [](double x) { return std::isnan(x) ? std::string("NaN") : format_number(x); };
    if (const auto recorded = recorded_input_rank(run.metrics, "point"))
        return RunTrouble{
            Verdict::out_of_scope,
            run.label + ": X X^T is singular (rank " + std::to_string(recorded->rank.rank) + " of n = " +
                std::to_string(recorded->n) + " points, d = " + std::to_string(recorded->d) +
                "): " + dependence_text(*recorded) + "; the theory needs lambda_min(X X^T) > 0 (THEORY.md deep)" +
                (run.trajectory.size() == 0 ? ", and the certificate that sizes A certifies nothing: no GD run" : "")};
    if (metric(run, "inputs.roundoff") == 1.0)
        return RunTrouble{Verdict::undetermined,
                          run.label + ": lambda_min(X X^T) is below the eigensolver's round-off bound though the "
                                      "points are independent: the certificate that sizes A certifies nothing in "
                                      "double precision (no GD run); rescale the points to similar norms"};
    std::string what;
    if (metric(run, "overflow.xx") == 1.0)
        what = "X X^T overflows (an input above ~1e154 in size), so the certificate cannot size the output scale A";
    else if (metric(run, "overflow.A") == 1.0)
        what = "the output scale A the certificate sizes from f0 = mean(y^2) = " + spelled(metric(run, "f0")) +
               " is inf";
    else if (metric(run, "overflow.init") == 1.0)
        what = "at the init f0 = " + spelled(metric(run, "f0")) + " and |grad f| = " +
               spelled(metric(run, "grad_norm.init")) +
               (std::isfinite(metric(run, "f0")) && std::isfinite(metric(run, "grad_norm.init"))
                    ? " but the Hessian norm beta = " + spelled(metric(run, "beta.init"))
                    : "");
    else
        return std::nullopt;
    return RunTrouble{Verdict::undetermined,
                      run.label + ": " + what +
                          ": the data overflow double precision (the run is recorded as diverged at step 0, nothing "
                          "is measured); rescale the inputs or targets"};
}

void mark_trouble(ScenarioResult& result, std::size_t first_claim, std::span<const Run> runs) {
    for (const Run& run : runs) {
        const auto trouble = run_trouble(run);
        if (!trouble) continue;
        const bool reported = trouble->verdict == Verdict::out_of_scope && run.trajectory.size() > 0;
        for (std::size_t i = first_claim; i < result.claims.size(); ++i) {
            Claim& c = result.claims[i];
            if (!reported) c.observed = c.predicted = std::nullopt;
            if (c.verdict == Verdict::out_of_scope) {
                c.why += "; " + trouble->why;
            } else {
                c.verdict = trouble->verdict;
                c.why = trouble->why;
            }
        }
        return;  // one run's trouble says it
    }
}

std::string beta_note(const Run& run) {
    if (!std::isnan(metric(run, "beta.bound")))
        return "beta = " + format_number(metric(run, "beta.bound")) +
               ", a closed-form upper bound on the Hessian norm over the ball (not an estimate)";
    return "beta estimated from " + format_number(metric(run, "beta.iterates")) +
           " iterates (largest |Hessian eigenvalue| by Lanczos: a lower bound on the sup over the ball, so theta = "
           "1 - eta beta/2 is an estimate)";
}

void add_run_summary(ScenarioResult& result, const std::string& prefix, const Run& run) {
    static const char* const keys[] = {
        "f0", "r", "A", "eta", "alpha_cert", "alpha_up", "alpha_traj", "criterion.margin_cert", "criterion.margin_up",
        "delta", "theta", "beta.init", "beta.estimate", "rate_factor", "path_bound", "path_length", "max_distance",
        "steps_to_converged", "final_loss_ratio", "gn_init.kappa", "xx.kappa", "gn_final.mu_min"};
    for (const char* key : keys)
        if (const double v = metric(run, key); !std::isnan(v)) result.metrics[prefix + key] = v;
    // 4 f0 against r^2 alpha, the criterion's two sides.
    if (const double a = metric(run, "alpha_cert"); !std::isnan(a))
        result.metrics[prefix + "r2_alpha_cert_over_4f0"] = metric(run, "criterion.margin_cert");
    for (const auto& [key, value] : run.metrics)
        if (key.rfind("curve.", 0) == 0) result.metrics[prefix + key] = value;
}

namespace {

void add_measured_claims(ScenarioResult& result, const std::string& prefix, const Run& run) {
    const bool certified = metric(run, "criterion.certified") == 1.0;
    const bool refuted = metric(run, "criterion.refuted") == 1.0;
    const std::string beta = beta_note(run);

    Claim criterion = make_claim(
        prefix + "criterion-holds", "the local PL criterion 4 f(w0) < r^2 alpha(w0, r) holds at the positive init",
        kPaper,
        "certified when r^2 alpha_cert / (4 f0) > 1, alpha_cert the pre-activation bound (THEORY.md deep) on the "
        "infimum of |grad f|^2/f over B(w0, r); the search of the ball gave r^2 alpha_up / (4 f0) = " +
            format_number(metric(run, "criterion.margin_up")),
        metric(run, "criterion.margin_cert"), comparison::AtLeast{1.0, 0.0});
    if (metric(run, "A.sized_by_certificate") == 1.0)
        criterion.why += "; A was sized as a_factor x the smallest A this certificate certifies, so the margin is "
                         "about a_factor^2 by construction: the claims on its consequences are the test";
    if (!certified && !refuted) {
        criterion.verdict = Verdict::undetermined;
        criterion.why = "the certificate is below the threshold and the search of the ball above it: undetermined";
    }
    result.claims.push_back(std::move(criterion));

    // A certificate above what the search (or the trajectory) finds is a bug, not a result.
    const double up = std::min(metric(run, "alpha_up"), metric(run, "alpha_traj"));
    result.claims.push_back(make_claim(
        prefix + "certificate-consistent",
        "alpha_cert <= alpha_up and alpha_cert <= the trajectory minimum of |grad f|^2/f", kPaper,
        "both are values of |grad f|^2/f at points of the ball (the trajectory stays in it when certified), so "
        "both bound alpha from above; predicted = the smaller of the two; rtol 1e-12 for the round-off of rho "
        "evaluated at a point of the boundary where the toys' closed form is attained",
        metric(run, "alpha_cert"), comparison::AtMost{up, kRoundOffRtol}));

    // A bound checked at every step above the round-off floor, its violations counted in the
    // run metric `key`. The count says nothing when no step was counted (f0 not finite puts the
    // floor at infinity) or the run ended in a NaN loss, which no comparison counts.
    const bool uncounted = !(metric(run, "counted_steps") > 0) || std::isnan(metric(run, "final_loss_ratio"));
    auto per_step_bound = [&](const std::string& id, const std::string& statement, const std::string& rests_on,
                              const std::string& key, const std::string& condition) {
        Claim c = make_claim(
            prefix + id, statement, kPaper, rests_on + "; " + beta, metric(run, key),
            comparison::Count{count_metric(run, key), 0, condition,
                              "every step with f_k above the round-off floor (roundoff_floor_ratio x f0)"});
        if (c.verdict == Verdict::pass && uncounted) {
            c.verdict = Verdict::undetermined;
            c.why = "no step above the round-off floor was compared (counted_steps = " +
                    format_number(metric(run, "counted_steps")) + "), or the run ended in a NaN loss";
        }
        return c;
    };
    auto consequence = [&](Claim c) {
        if (!certified) {
            c.verdict = Verdict::undetermined;
            c.why = "the criterion was not certified: the theorem's bounds are not available";
        }
        result.claims.push_back(std::move(c));
    };
    consequence(make_claim(
        prefix + "path-length",
        "path length sum_k eta |g_k| <= 2 sqrt(f0) / (theta sqrt(alpha_cert)) (max distance from w0 = " +
            format_number(metric(run, "max_distance")) + " <= path length)",
        kPaper, "Chatterjee's GD theorem with alpha = alpha_cert; " + beta, metric(run, "path_length"),
        comparison::AtMost{metric(run, "path_bound"), 0.0}));
    consequence(make_claim(
        prefix + "path-bound-inside-ball", "2 sqrt(f0) / (theta sqrt(alpha_cert)) < r: every iterate stays in B(w0, r)",
        kPaper, "delta < theta (eta below 2 (1 - delta) / beta); " + beta, metric(run, "path_bound"),
        comparison::AtMost{metric(run, "r"), 0.0}));
    consequence(per_step_bound(
        "rate-bound", "f_k <= (1 - eta theta alpha_cert)^k f0 at every step",
        "Chatterjee's GD theorem; counted while f_k is above the round-off floor max(1e-24 f0, (100 eps S / q)^2), "
        "S the size of the terms in an output, q the per-step decrease",
        "violations.rate_bound", "f_k > (1 - eta theta alpha_cert)^k f0"));
    consequence(make_claim(
        prefix + "converges", "f falls below 1e-20 f0 within the step budget (a zero of f in the ball)", kPaper,
        "the criterion forces a zero of f in the ball and linear convergence to it; observed = the smallest f_k / f0",
        metric(run, "min_loss_ratio"), comparison::AtMost{kConvergedRatio, 0.0}));
    consequence(per_step_bound(
        "descent-inequality", "f_(k+1) <= f_k - eta (1 - eta beta / 2) |g_k|^2 at every step",
        "the descent lemma with beta bounding the Hessian norm on each segment; counted while f_k is above the "
        "round-off floor max(1e-24 f0, (100 eps S / q)^2)",
        "violations.descent", "f_(k+1) > f_k - eta theta |g_k|^2"));

    if (std::isnan(metric(run, "gn_final.mu_min"))) return;  // no Gauss-Newton matrix (the toys)
    const double observed = metric(run, "window.late.observed_slope");
    const double mixture = metric(run, "window.late.predicted_slope");
    const double slowest = metric(run, "late.slowest_mode_slope");
    const std::string window = "window f/f0 in [1e-22, 1e-14]; G = (2/n) J J^T at the final iterate, mu_min = " +
                               format_number(metric(run, "gn_final.mu_min"));
    Claim late = make_claim(
        prefix + "late-slope",
        "late slope of ln f per step = that of GD linearised at the final iterate, e+ = (I - eta G) e, started from "
        "the residual at the window's start, within 1%",
        kPaper, "GD linearised at the zero it converges to; " + window, observed,
        comparison::Relative{mixture, kLateSlopeTol});
    if (std::isnan(observed))
        late.why = metric(run, "late.window_below_roundoff") == 1.0
                       ? "the late window lies under the round-off floor (f/f0 = " +
                             format_number(metric(run, "late.fit_floor_ratio")) + "): nothing to fit"
                       : "the run never crossed the late window";
    const std::string late_why = late.why;
    consequence(std::move(late));

    // The slowest mode alone is the window's slope only once the next mode has died out there.
    Claim slow = make_claim(
        prefix + "late-slope.slowest-mode", "late slope of ln f per step = 2 ln max_i |1 - eta mu_i|, within 1%",
        kPaper, "the slowest Gauss-Newton mode dominates the late window; " + window, observed,
        comparison::Relative{slowest, kLateSlopeTol});
    if (std::isnan(observed)) slow.why = late_why;
    if (!std::isnan(observed) && std::abs(mixture - slowest) > kAsymptoticWindow * std::abs(slowest)) {
        slow.verdict = Verdict::undetermined;
        slow.why = "the window is not asymptotic: the next mode (2 ln |1 - eta mu| = " +
                   format_number(metric(run, "late.next_mode_slope")) + ") still shows in it, and the linearised "
                   "mixture's slope " + format_number(mixture) + " differs from the slowest mode's " +
                   format_number(slowest) + " by more than 0.25%: the late-slope claim judges the mixture";
    }
    consequence(std::move(slow));
}

}  // namespace

void add_certified_claims(ScenarioResult& result, const std::string& prefix, const Run& run) {
    const std::size_t first = result.claims.size();
    add_measured_claims(result, prefix, run);
    mark_trouble(result, first, std::span(&run, 1));
}

}  // namespace ratebench::deep
