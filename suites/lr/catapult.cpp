// lr.catapult (Lewkowycz et al. 2020; THEORY.md "linear and lr", related): GD on the small tanh
// MLP at eta = ratio x 2 / lambda_top, lambda_top the top Hessian eigenvalue at the replicate's
// own init. Below ratio 1 nothing is unstable at the start; above 1 the loss first rises above
// its initial value, then GD converges at a point flatter than the init, up to eta_max (4 /
// lambda_top for a wide two-layer linear model, no closed form for this net); far above, every
// run diverges. The claims judge ratios 1.2 and 1.5; ratio 1.8 (eta = 3.6 / lambda_top) is
// reported as a diagnostic of where eta_max lies.
#include "suites/lr/catapult.hpp"

#include "core/optim/gradient_descent.hpp"
#include "core/spectrum.hpp"
#include "core/train.hpp"
#include "suites/lr/count_claim.hpp"
#include "suites/lr/tanh_mlp_problem.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace ratebench::lr {
namespace {

const char* const kLewkowycz = "Lewkowycz, Bahri, Dyer, Sohl-Dickstein, Gur-Ari, The large learning rate phase of "
                               "deep learning: the catapult mechanism (2020)";
// eta / (2 / lambda_top): a stable control, the catapult window, and far beyond ~4 / lambda_top.
const std::vector<double> kRatios{0.5, 1.2, 1.5, 1.8, 3.0};
constexpr double kWindowHi = 1.5;   // the catapult claims cover 1 < ratio <= 1.5 (eta <= 3 / lambda_top)
constexpr double kProbe = 1.8;      // eta = 3.6 / lambda_top: near the wide linear model's 4 / lambda_top
constexpr double kFar = 3.0;        // every run diverges from ratio 3 (eta = 6 / lambda_top) on
constexpr double kLossFloor = 1e-20;

std::string ratio_text(double r) { return format_number(r); }

Run run_catapult(const ScenarioContext& ctx, double ratio, std::uint64_t replicate) {
    const auto p = make_tanh_mlp_problem(ctx);
    Stream init = ctx.stream(replicate, "init");
    Eigen::VectorXd theta = p->net.init(init);
    Stream lanczos = ctx.stream(replicate, "lanczos");
    const TopEigen top = top_hessian_eigen(p->net, theta, p->data, lanczos);
    const double eta = ratio * 2.0 / top.value;
    double max_loss = 0.0;
    long max_step = 0;
    const StepObserver peak = [&](long k, double loss, const Eigen::VectorXd&) {
        if (loss > max_loss) max_loss = loss, max_step = k;
    };
    const Probe sharpness{"sharpness", [&](const Eigen::VectorXd& at) {
                              return top_hessian_eigen(p->net, at, p->data, lanczos).value;
                          }};
    TrainConfig config;
    config.max_steps = ctx.integer("max_steps");
    config.stop.relative_loss_floor = kLossFloor;
    config.samples = {.log_points = 0, .even_points = static_cast<int>(config.max_steps / ctx.integer("probe_every"))};
    GradientDescent gd{{.eta = eta}};
    Run run;
    run.trajectory = train(p->net, p->data, gd, theta, config, std::span<const Probe>(&sharpness, 1), peak);
    const Trajectory& t = run.trajectory;
    Metrics& m = run.metrics;
    m["lambda_top"] = top.value;
    m["lambda_top.residual"] = top.residual;
    m["lambda_top.products"] = static_cast<double>(top.products);
    m["eta"] = eta;
    m["outcome.converged"] = t.outcome == Outcome::converged;
    m["outcome.diverged"] = t.outcome == Outcome::diverged;
    m["loss.initial"] = t.initial_loss;
    m["loss.max_over_initial"] = max_loss / t.initial_loss;
    m["loss.max_step"] = static_cast<double>(max_step);
    m["steps"] = static_cast<double>(t.steps);
    if (t.outcome == Outcome::converged) {
        const TopEigen final_top = top_hessian_eigen(p->net, theta, p->data, lanczos);
        m["sharpness.final"] = final_top.value;
        m["sharpness.final_residual"] = final_top.residual;
        m["sharpness.final_over_lambda_top"] = final_top.value / top.value;
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
        m["trace.step=" + std::to_string(t.step[i]) + ".sharpness"] = t.probe_values[0][i];
        m["trace.step=" + std::to_string(t.step[i]) + ".loss"] = t.loss[i];
    }
    return run;
}

ScenarioResult judge(std::vector<Run> runs) {
    ScenarioResult result;
    result.runs = std::move(runs);
    long window = 0, no_spike = 0, not_flatter = 0, far = 0, far_survivors = 0, probe = 0, probe_converged = 0;
    Metrics& m = result.metrics;
    std::map<double, std::pair<long, long>> by_ratio;  // ratio -> (runs, converged)
    for (const Run& r : result.runs) {
        const double ratio = r.parameters.at("ratio");
        const auto& rm = r.metrics;
        auto& [n_ratio, c_ratio] = by_ratio[ratio];
        ++n_ratio;
        c_ratio += rm.at("outcome.converged") != 0.0;
        if (ratio == kProbe) ++probe, probe_converged += rm.at("outcome.converged") != 0.0;
        // Ratios are read from the run's own eta and lambda_top, so a misstated lambda_top moves them.
        const double measured = rm.at("eta") * rm.at("lambda_top") / 2.0;
        if (measured > 1.0 && measured <= kWindowHi) {
            ++window;
            if (!(rm.at("loss.max_over_initial") > 1.0)) ++no_spike;
            if (!(rm.at("outcome.converged") != 0.0 && rm.at("sharpness.final_over_lambda_top") < 1.0)) ++not_flatter;
        }
        if (measured >= kFar) {
            ++far;
            if (rm.at("outcome.diverged") == 0.0) ++far_survivors;
        }
        if (r.parameters.at("replicate") != 0.0) continue;
        // The first replicate's traces per ratio, against the step.
        for (const auto& [key, value] : rm)
            if (key.rfind("trace.", 0) == 0) {
                const std::string rest = key.substr(6);              // step=K.QUANTITY
                const std::size_t dot = rest.find('.', rest.find('=') + 1);
                m[rest.substr(dot + 1) + "." + rest.substr(0, dot) + ".ratio_" + ratio_text(ratio)] = value;
            }
    }
    for (const auto& [ratio, counts] : by_ratio)
        m["outcome.ratio=" + ratio_text(ratio) + ".P_converged"] =
            static_cast<double>(counts.second) / static_cast<double>(counts.first);
    const std::string in_window = "every run at 1 < eta lambda_top / 2 <= 1.5 (" + std::to_string(window) + ")";
    result.claims.push_back(count_claim(
        "loss-spikes", "in the catapult window the loss first rises above its initial value", kLewkowycz,
        "at eta > 2 / lambda_top the top direction is unstable at init: the loss grows along it until the "
        "curvature falls (the catapult); observed = runs whose largest loss never exceeded the initial one",
        no_spike, "max loss <= initial loss", in_window));
    result.claims.push_back(count_claim(
        "converges-flatter", "in the catapult window GD then converges at a point flatter than the init", kLewkowycz,
        "after the spike the sharpness has fallen below 2 / eta < lambda_top and GD converges there; observed = runs "
        "that did not converge (loss <= 1e-20 L0) or ended with sharpness >= lambda_top",
        not_flatter, "not converged, or final sharpness >= lambda_top", in_window));
    Claim diverge = count_claim(
        "diverges-far", "far above the window (eta >= 6 / lambda_top) every run diverges", kLewkowycz,
        "above eta_max (4 / lambda_top for a wide two-layer linear model; about that for other nets) the curvature "
        "cannot fall fast enough; 6 / lambda_top keeps a margin since this net is small, not wide",
        far_survivors, "not diverged", "every run at eta lambda_top / 2 >= 3 (" + std::to_string(far) + ")");
    if (far == 0) diverge.verdict = Verdict::undetermined, diverge.why = "no run at eta >= 6 / lambda_top";
    result.claims.push_back(std::move(diverge));
    Claim reach = make_claim(
        "window-reaches-4-over-lambda", "the catapult window reaches ~4 / lambda_top: GD converges at 3.6 / lambda_top",
        kLewkowycz,
        "diagnostic only: eta_max = 4 / lambda_top is derived for a wide two-layer linear model; for this narrow "
        "tanh net the theory gives no eta_max, so this is reported, not judged. Observed = P(converged) at eta = "
        "3.6 / lambda_top (" + std::to_string(probe) + " runs)",
        probe > 0 ? std::optional<double>(static_cast<double>(probe_converged) / static_cast<double>(probe)) : std::nullopt,
        comparison::AtLeast{0.5, 0.0});
    reach.verdict = Verdict::out_of_scope;
    result.claims.push_back(std::move(reach));
    if (window == 0)
        for (Claim& c : result.claims)
            if (c.id == "loss-spikes" || c.id == "converges-flatter") c.verdict = Verdict::undetermined, c.why = "no run in the window";
    return result;
}

}  // namespace

Scenario catapult_scenario() {
    return Scenario{
        .id = "lr.catapult",
        .family = "lr",
        .paper = kLewkowycz,
        .claim = "GD on a small tanh MLP at 2 / lambda_top < eta <= 3 / lambda_top (lambda_top the top Hessian "
                 "eigenvalue at init): the loss first rises above its initial value, then converges at a point "
                 "flatter than the init; from 6 / lambda_top on every run diverges; P(converged) at 3.6 / lambda_top reported",
        .params = [] {
            std::vector<Parameter> rows{{"replicates", 8, 32, "inits per ratio (the same set at every ratio)", true, 1,
                                         10000}};
            for (Parameter& p : tanh_mlp_parameters(64, 1.0)) rows.push_back(std::move(p));
            rows.push_back({"max_steps", 4000, 4000, "step budget per run", true, 10});
            rows.push_back({"probe_every", 5, 5, "steps between sharpness measurements", true, 1, 100000});
            return rows;
        }(),
        .plan =
            [](const ScenarioContext& ctx) {
                std::vector<UnitSpec> units;
                for (double ratio : kRatios)
                    for (long r = 0; r < ctx.integer("replicates"); ++r)
                        units.push_back(UnitSpec{"ratio=" + ratio_text(ratio) + " replicate " + std::to_string(r),
                                                 {{"ratio", ratio}, {"replicate", static_cast<double>(r)}}});
                return units;
            },
        .run_unit =
            [](const ScenarioContext& ctx, const UnitSpec& unit) {
                return run_catapult(ctx, unit.parameters.at("ratio"),
                                    static_cast<std::uint64_t>(unit.parameters.at("replicate")));
            },
        .judge =
            [](const ScenarioContext&, std::vector<Run> runs) {
                ScenarioResult result = judge(std::move(runs));
                result.notes = tanh_mlp_conventions();
                result.notes.push_back("eta = ratio x 2 / lambda_top per run, lambda_top = top Hessian eigenvalue at "
                                       "that run's init (Lanczos; residual recorded)");
                return result;
            },
    };
}

}  // namespace ratebench::lr
