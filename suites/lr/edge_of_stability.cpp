// lr.edge-of-stability (Cohen et al., ICLR 2021; THEORY.md "linear and lr", related): full-batch
// GD on the small tanh MLP at a step whose 2/eta lies above the sharpness at init. The sharpness
// rises (progressive sharpening) and settles near 2/eta while the loss keeps falling, though
// not monotonically. A control run at eta / 4 from the same init shows the rise would have gone
// past 2/eta: the cap comes from the step, not from the problem.
#include "suites/lr/edge_of_stability.hpp"

#include "core/optim/gradient_descent.hpp"
#include "core/rates.hpp"
#include "core/spectrum.hpp"
#include "core/train.hpp"
#include "suites/lr/count_claim.hpp"
#include "suites/lr/tanh_mlp_problem.hpp"

#include <algorithm>
#include <cmath>

namespace ratebench::lr {
namespace {

const char* const kCohen = "Cohen, Kaur, Li, Kolter, Talwalkar, Gradient Descent on Neural Networks Typically Occurs "
                           "at the Edge of Stability (ICLR 2021)";
constexpr double kBand = 0.1;           // late median sharpness within 2/eta (1 +- 0.1): "near 2/eta"
constexpr double kControlFactor = 0.25; // the control step eta / 4, whose own limit 8/eta leaves room to rise
constexpr double kLossFloor = 1e-20;    // stop at L <= 1e-20 L0, as the sweeps do

struct Trace {
    std::vector<long> step;
    std::vector<double> sharpness;
    long loss_increases = 0;
    double initial_loss = 0.0, final_loss = 0.0;
    long steps = 0;
};

Trace run_traced(const TanhMlpProblem& p, Eigen::VectorXd theta, double eta, long max_steps, long every,
                 Stream& lanczos) {
    Trace t;
    const Probe sharpness{"sharpness", [&](const Eigen::VectorXd& at) {
                              return top_hessian_eigen(p.net, at, p.data, lanczos).value;
                          }};
    double previous = INFINITY;
    const StepObserver count_increases = [&](long, double loss, const Eigen::VectorXd&) {
        if (loss > previous) ++t.loss_increases;
        previous = loss;
    };
    TrainConfig config;
    config.max_steps = max_steps;
    config.stop.relative_loss_floor = kLossFloor;
    config.samples = {.log_points = 0, .even_points = static_cast<int>(max_steps / every)};
    GradientDescent gd{{.eta = eta}};
    const Trajectory tr = train(p.net, p.data, gd, theta, config, std::span<const Probe>(&sharpness, 1),
                                count_increases);
    t.step = tr.step;
    t.sharpness = tr.probe_values[0];
    t.initial_loss = tr.initial_loss;
    t.final_loss = tr.final_loss();
    t.steps = tr.steps;
    return t;
}

}  // namespace

Scenario edge_of_stability_scenario() {
    return Scenario{
        .id = "lr.edge-of-stability",
        .family = "lr",
        .paper = kCohen,
        .claim = "full-batch GD on a small tanh MLP with 2/eta above the sharpness at init: the sharpness rises and "
                 "settles within 10% of 2/eta (a control at eta/4 rises past 2/eta) while the loss falls "
                 "non-monotonically",
        .params = [] {
            std::vector<Parameter> rows{{"replicates", 8, 32, "inits", true, 1, 10000},
                                        {"eta", 1.0, 1.0, "the step; 2/eta must lie above the sharpness at init (else out of scope) and below where GD at eta/4 ends (a claim)", false, 1e-6, 2}};
            for (Parameter& p : tanh_mlp_parameters(8, 0.5)) rows.push_back(std::move(p));
            rows.push_back({"max_steps", 4000, 4000, "step budget per run", true, 10});
            rows.push_back({"probe_every", 10, 10, "steps between sharpness measurements", true, 1, 100000});
            return rows;
        }(),
        .plan =
            [](const ScenarioContext& ctx) {
                std::vector<UnitSpec> units;
                for (long r = 0; r < ctx.integer("replicates"); ++r)
                    units.push_back(UnitSpec{"replicate " + std::to_string(r), {{"replicate", static_cast<double>(r)}}});
                return units;
            },
        .run_unit =
            [](const ScenarioContext& ctx, const UnitSpec& unit) {
                const auto p = make_tanh_mlp_problem(ctx);
                const auto replicate = static_cast<std::uint64_t>(unit.parameters.at("replicate"));
                const double eta = ctx.real("eta");
                Stream init = ctx.stream(replicate, "init");
                const Eigen::VectorXd theta0 = p->net.init(init);
                Stream lanczos = ctx.stream(replicate, "lanczos");
                const Trace main = run_traced(*p, theta0, eta, ctx.integer("max_steps"), ctx.integer("probe_every"),
                                              lanczos);
                const Trace control = run_traced(*p, theta0, kControlFactor * eta, ctx.integer("max_steps"),
                                                 ctx.integer("probe_every"), lanczos);
                Run run;
                Metrics& m = run.metrics;
                m["eta"] = eta;
                m["two_over_eta"] = 2.0 / eta;
                m["sharpness.init"] = main.sharpness.front();
                // Late = the second half of the measured steps (up to convergence or the budget).
                const std::size_t half = main.sharpness.size() / 2;
                m["sharpness.late_median"] =
                    median(std::vector<double>(main.sharpness.begin() + static_cast<long>(half), main.sharpness.end()))
                        .value_or(NAN);
                m["sharpness.max"] = *std::max_element(main.sharpness.begin(), main.sharpness.end());
                m["sharpness.control_final"] = control.sharpness.back();
                m["loss.increases"] = static_cast<double>(main.loss_increases);
                m["loss.initial"] = main.initial_loss;
                m["loss.final"] = main.final_loss;
                m["steps"] = static_cast<double>(main.steps);
                m["control.steps"] = static_cast<double>(control.steps);
                for (std::size_t i = 0; i < main.step.size(); ++i)
                    m["trace.step=" + std::to_string(main.step[i]) + ".sharpness"] = main.sharpness[i];
                return run;
            },
        .judge =
            [](const ScenarioContext& ctx, std::vector<Run> runs) {
                ScenarioResult result;
                result.runs = std::move(runs);
                long outside = 0, no_rise = 0, monotone = 0, not_falling = 0, scope = 0;
                for (const Run& r : result.runs) {
                    const auto& m = r.metrics;
                    const double limit = 2.0 / m.at("eta");
                    if (m.at("sharpness.init") >= limit) ++scope;
                    if (!(std::abs(m.at("sharpness.late_median") / limit - 1) <= kBand)) ++outside;
                    if (!(m.at("sharpness.control_final") > limit)) ++no_rise;
                    if (m.at("loss.increases") == 0) ++monotone;
                    if (!(m.at("loss.final") < m.at("loss.initial"))) ++not_falling;
                }
                const long n = static_cast<long>(result.runs.size());
                const std::string every = "every run (" + std::to_string(n) + ")";
                // The first run's trace, with 2/eta as a constant series beside it (x is the step).
                Metrics& m = result.metrics;
                const Run& first = result.runs.front();
                for (const auto& [key, value] : first.metrics)
                    if (key.rfind("trace.", 0) == 0) {
                        m["sharpness." + key.substr(6)] = value;
                        m["sharpness." + key.substr(6, key.size() - 6 - 9) + "two_over_eta"] =
                            first.metrics.at("two_over_eta");
                    }
                m["two_over_eta"] = 2.0 / ctx.real("eta");
                result.claims.push_back(count_claim(
                    "sharpness-settles-near-2-over-eta",
                    "the late median sharpness lies within 10% of 2/eta", kCohen,
                    "edge of stability (empirical, Cohen et al.): the sharpness rises until it reaches 2/eta and then "
                    "hovers there; late = the second half of the measured steps, sharpness by Lanczos every "
                    "probe_every steps; 10% is the band of 'near'",
                    outside, "late median sharpness outside 2/eta (1 +- 0.1)", every));
                result.claims.push_back(count_claim(
                    "control-rises-past-2-over-eta",
                    "GD at eta/4 from the same init ends sharper than 2/eta", kCohen,
                    "progressive sharpening: without the step's limit the sharpness would pass 2/eta, so the "
                    "plateau at 2/eta is the step's doing",
                    no_rise, "final sharpness at eta/4 <= 2/eta", every));
                result.claims.push_back(count_claim(
                    "loss-non-monotone", "the loss rises at some step of every run", kCohen,
                    "at the edge of stability GD is unstable along the top eigenvector: the loss oscillates",
                    monotone, "no loss increase", every));
                result.claims.push_back(count_claim(
                    "loss-falls", "every run ends below its initial loss", kCohen,
                    "the loss keeps falling over long horizons despite the oscillation",
                    not_falling, "final >= initial loss", every));
                if (scope > 0)
                    for (Claim& c : result.claims) {
                        c.verdict = Verdict::out_of_scope;
                        c.why = std::to_string(scope) + " init(s) already sharper than 2/eta: a catapult, not the "
                                                         "edge of stability";
                    }
                result.notes = tanh_mlp_conventions();
                return result;
            },
    };
}

}  // namespace ratebench::lr
