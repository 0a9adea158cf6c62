// The lr family: sweeps of GD over eta in units of eta* = 2 / s_min x many small random inits,
// each (eta, seed) one work unit, plus one unit that bisects the transition; the judge turns
// the runs into P(outcome) per eta and the claims of DESIGN.md s.6 "linear and lr".
#include "suites/lr/family.hpp"

#include "core/models/loss.hpp"
#include "suites/lr/bisection.hpp"
#include "suites/lr/cases.hpp"
#include "suites/lr/catapult.hpp"
#include "suites/lr/edge_of_stability.hpp"
#include "suites/lr/judge.hpp"
#include "suites/lr/tanh_mlp.hpp"

namespace ratebench::lr {
namespace {

// eta / eta*: the grid (never exactly 1). The toy adds the far side of 4 / s_min.
const std::vector<double> kGrid{0.5, 0.8, 0.9, 0.95, 0.98, 1.02, 1.05, 1.1, 1.2, 1.5, 2.0};
const std::vector<double> kToyFar{2.001, 2.5};
// Declared relative costs: a run below eta* stops at convergence; above it spends its budget.
constexpr double kCostBelow = 1.0, kCostAbove = 4.0;

std::vector<double> grid(CaseKind kind) {
    std::vector<double> g = kGrid;
    if (kind == CaseKind::toy) g.insert(g.end(), kToyFar.begin(), kToyFar.end());
    return g;
}

std::string number(double x) { return format_number(x); }

Run run_bisection(const ScenarioContext& ctx, const Instance& in) {
    const double eta_star = 2.0 / in.s_min;
    const long seeds = ctx.integer("bisection_seeds");
    long most_steps = 0;
    auto converges_at = [&](double eta) {
        for (long r = 0; r < seeds; ++r) {
            const Run run = in.run(eta, static_cast<std::uint64_t>(r), "bisection");
            if (run.metrics.at("outcome.converged") != 0.0) {
                most_steps = std::max(most_steps, static_cast<long>(run.metrics.at("steps")));
                return true;
            }
        }
        return false;
    };
    // The start points are the sweep's own extremes below and above eta*.
    const Bracket b = bisect_transition(converges_at, kGrid.front() * eta_star, kGrid.back() * eta_star,
                                        ctx.real("bisection_width"));
    Run run;
    Metrics& m = run.metrics;
    m["eta_star"] = eta_star;
    m["s_min"] = in.s_min;
    m["bracket.valid"] = b.valid;
    m["bracket.lo_eta"] = b.lo;
    m["bracket.hi_eta"] = b.hi;
    m["bracket.seeds"] = static_cast<double>(seeds);
    m["bracket.probes"] = static_cast<double>(b.probes.size());
    m["bracket.most_steps_to_converge"] = static_cast<double>(most_steps);
    for (std::size_t i = 0; i < b.probes.size(); ++i) {
        m["probe." + std::to_string(i) + ".eta_over_eta_star"] = b.probes[i].first / eta_star;
        m["probe." + std::to_string(i) + ".converged"] = b.probes[i].second;
    }
    return run;
}

std::vector<std::string> conventions(const Instance& in) {
    return {
        "loss 1/(2n) sum_i e_i^2: for the toy, the scalar chain and the tanh neuron (one point x = 1) that is 1/2 e^2 "
        "as written",
        "eta in units of eta* = 2 / s_min, s_min from " + in.s_min_method,
        "init: weights i.i.d. N(0, init_sigma^2); the same init per replicate at every eta",
        "outcome by loss and gradient together (core/outcome.hpp): converged = L <= 1e-20 L0 and |grad| <= 1e-9 "
        "sqrt(2 s_min L0); diverged = non-finite or L > 1e12 L0; stalled = (mean late |grad|)^2 <= 1e-12 x 2 s_min "
        "x mean late L with L above its floor (a critical point that is no minimum, or its approach); otherwise "
        "bounded, 'unsettled' when the loss still descends over the tail",
        "late gradient norm = mean |grad| over the tail_steps steps after the budget (even: a 2-cycle's mean)",
        "sharpness = top Hessian eigenvalue from exact HVPs at the converged iterate (dense below 41 parameters)",
        "bisection: arithmetic midpoints between 0.5 eta* and 2 eta* (the sweep's ends), a probe converges when any "
        "of bisection_seeds inits converges within max_steps; the bisection is one work unit beside the sweep's",
    };
}

struct Row {
    std::string id, claim;
    CaseKind kind;
    std::vector<Parameter> params;
};

Scenario make_scenario(Row row) {
    const CaseKind kind = row.kind;
    return Scenario{
        .id = std::move(row.id),
        .family = "lr",
        .paper = kPaper,
        .claim = std::move(row.claim),
        .params = std::move(row.params),
        .plan =
            [kind](const ScenarioContext& ctx) {
                const Instance in = make_instance(ctx, kind);
                if (in.out_of_scope) return std::vector<UnitSpec>{UnitSpec{"no eta*", {{"no_eta_star", 1.0}}, 1.0}};
                const double eta_star = 2.0 / in.s_min;
                std::vector<UnitSpec> units;
                for (double ratio : grid(kind))
                    for (long r = 0; r < ctx.integer("replicates"); ++r)
                        units.push_back(UnitSpec{
                            "eta=" + number(ratio) + " eta* replicate " + std::to_string(r),
                            {{"eta_over_eta_star", ratio}, {"eta", ratio * eta_star}, {"replicate", static_cast<double>(r)}},
                            ratio < 1 ? kCostBelow : kCostAbove});
                const double probes = 2.0 + std::ceil(std::log2((kGrid.back() - kGrid.front()) /
                                                                (kGrid.front() * ctx.real("bisection_width"))));
                units.push_back(UnitSpec{"bisection", {{"bisection", 1.0}},
                                         kCostAbove * probes * static_cast<double>(ctx.integer("bisection_seeds"))});
                return units;
            },
        .run_unit =
            [kind](const ScenarioContext& ctx, const UnitSpec& unit) {
                const Instance in = make_instance(ctx, kind);
                if (in.out_of_scope) return Run{};
                if (unit.parameters.count("bisection")) return run_bisection(ctx, in);
                const auto replicate = static_cast<std::uint64_t>(unit.parameters.at("replicate"));
                Run run = in.run(unit.parameters.at("eta"), replicate, "sweep");
                run.metrics["eta_star"] = 2.0 / in.s_min;
                run.metrics["s_min"] = in.s_min;
                if (in.toy_target != 0.0) run.metrics["toy_target"] = in.toy_target;
                if (in.s_min_closed != 0.0) run.metrics["s_min.closed"] = in.s_min_closed;
                return run;
            },
        .judge =
            [kind](const ScenarioContext& ctx, std::vector<Run> runs) {
                const Instance in = make_instance(ctx, kind);
                ScenarioResult result = in.out_of_scope ? unswept(std::move(runs), *in.out_of_scope)
                                                        : judge_sweep(std::move(runs));
                result.notes = conventions(in);
                return result;
            },
    };
}

std::vector<Parameter> common(double replicates_quick, double replicates_full, double steps) {
    return {{"replicates", replicates_quick, replicates_full, "small random inits per eta (the same set at every eta; >= 73 for a Wilson lower bound >= 0.95)",
             true, 1, 100000},
            {"init_sigma", 0.01, 0.01, "weights i.i.d. N(0, sigma^2) (small init, DESIGN.md s.3)", false, 1e-12, 10},
            {"max_steps", steps, steps, "step budget per run; unfinished runs are bounded, never converged", true, 10},
            {"tail_steps", 64, 64, "steps after the budget whose mean |grad| is the late gradient norm (even)", true, 2,
             100000},
            {"bisection_seeds", 64, 200, "inits per bisection probe (converging when any converges)", true, 1, 100000},
            {"bisection_width", 0.005, 0.002, "bisection stops when hi / lo - 1 is at most this", false, 1e-6, 1}};
}

std::vector<Parameter> with(std::vector<Parameter> a, std::vector<Parameter> b) {
    for (auto& p : b) a.push_back(std::move(p));
    return a;
}

}  // namespace

std::vector<Scenario> scenarios() {
    std::vector<Scenario> rows;
    rows.push_back(make_scenario(
        {"lr.toy-xy",
         "GD on 1/2 (xy - c)^2 (eta* = 1/|c|) across eta*: P(converged) from ~1 to 0, the transition bisected within "
         "2%, bounded runs on the balanced period-2 orbit (closed form), all diverge from 2.001 eta*",
         CaseKind::toy,
         with(common(200, 1000, 20000), {{"c", 1.0, 1.0, "the target of the toy", false, -1e3, 1e3}})}));
    rows.push_back(make_scenario(
        {"lr.chain-depth3",
         "GD on a depth-3 scalar chain (s_min = 3 |y|^(4/3)) across eta*: P(converged) from ~1 to 0, the transition "
         "bisected within 2%, late gradient norm of bounded runs growing like sqrt(eta - eta*)",
         CaseKind::chain,
         with(common(200, 1000, 20000), {{"y", 2.0, 2.0, "the target of the one point x = 1", false, -1e3, 1e3},
                                          {"depth", 3, 3, "chain depth N", true, 2, 10}})}));
    rows.push_back(make_scenario(
        {"lr.depth2-anisotropic",
         "GD on a depth-2 single-output matrix net with anisotropic Sigma (s_min by the 1-D search) across eta*: "
         "P(converged) from ~1 to 0, transition bisected within 2%, converged sharpness in [s_min, 2/eta]",
         CaseKind::anisotropic,
         with(common(80, 200, 20000),
              {{"n", 12, 12, "points, Gaussian columns scaled geometrically (ignored with --data)", true, 1},
               {"d", 4, 4, "input dimension (ignored with --data)", true, 1},
               {"k", 1, 1, "outputs: one, for the 1-D closed form", true, 1, 1},
               {"spread", 10, 10, "ratio of the largest to the smallest column variance", false, 1, 1e6},
               {"width", 3, 3, "hidden width", true, 1}})}));
    rows.push_back(make_scenario(
        {"lr.tanh-neuron",
         "GD on one tanh neuron a tanh(w x) on one point across eta* = 2 / s_min, s_min searched along the minimum "
         "curve (and its closed form): P(converged) from ~1 to 0, transition bisected within 2%",
         CaseKind::tanh_neuron,
         with(common(200, 1000, 20000), {{"y", 0.5, 0.5, "the target of the one point x = 1", false, -0.99, 0.99}})}));
    rows.push_back(tanh_mlp_scenario());
    rows.push_back(edge_of_stability_scenario());
    rows.push_back(catapult_scenario());
    return rows;
}

}  // namespace ratebench::lr
