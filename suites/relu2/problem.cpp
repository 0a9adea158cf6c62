#include "suites/relu2/problem.hpp"

#include "core/ntk.hpp"

#include <algorithm>

namespace ratebench::relu2 {

Problem make_problem(const ScenarioContext& ctx, std::uint64_t replicate, Eigen::Index width) {
    Dataset data;
    if (ctx.data) {
        data = *ctx.data;
        normalize_rows(data.X);  // the theory assumes |x_i| = 1
    } else {
        Stream stream = ctx.stream(replicate, "data");
        const Eigen::Index n = ctx.integer("n"), d = ctx.integer("d");
        data.X = unit_sphere_points(n, d, stream);
        data.Y = gaussian_targets(n, 1, stream);
    }
    Stream init = ctx.stream(replicate, "init");
    Relu2 model(data.d(), Relu2::random_signs(width, init));
    Eigen::VectorXd theta0 = model.init(init);
    SpectrumSummary h0 = summarize_spectrum(model.gram(theta0, data.X));
    SpectrumSummary hinf = summarize_spectrum(ntk_gram_relu_infinite(data.X));
    return Problem{std::move(data), std::move(model), std::move(theta0), std::move(h0),
                   std::move(hinf)};
}

Problem make_problem(const ScenarioContext& ctx, const UnitSpec& unit) {
    return make_problem(ctx, static_cast<std::uint64_t>(unit.parameters.at("replicate")),
                        ctx.integer("m"));
}

ScenarioResult result_with_conventions(const ScenarioContext& ctx, std::vector<Run> runs,
                                       const std::string& note) {
    ScenarioResult result;
    result.runs = std::move(runs);
    result.notes = conventions(ctx);
    result.notes.push_back(note);
    return result;
}

void record_spectrum(Metrics& metrics, const std::string& name, const SpectrumSummary& s) {
    metrics[name + ".lambda_min"] = s.lambda_min;
    metrics[name + ".lambda_max"] = s.lambda_max;
    metrics[name + ".kappa"] = s.kappa;
}

std::vector<Parameter> problem_parameters(double n_quick, double n_full, double m_quick,
                                          double m_full, double steps_quick, double steps_full) {
    return {{"n", n_quick, n_full, "points, uniform on the unit sphere (ignored with --data)", true, 2},
            {"d", 10, 20, "input dimension, >= 10 keeps lambda0 away from 0 (ignored with --data)",
             true, 1},
            {"m", m_quick, m_full, "width (>= 400 n keeps the Gram's drift to a few %)", true, 1},
            {"replicates", 5, 10, "independent data and inits; claims need every one", true, 1, 10000},
            {"max_steps", steps_quick, steps_full, "step budget per run", true, 1}};
}

std::vector<UnitSpec> replicate_units(const ScenarioContext& ctx, const std::string& grid_name,
                                      const std::vector<double>& grid) {
    std::vector<UnitSpec> units;
    const std::vector<double> points = grid.empty() ? std::vector<double>{0.0} : grid;
    for (double g : points)
        for (long r = 0; r < ctx.integer("replicates"); ++r) {
            UnitSpec unit;
            unit.parameters["replicate"] = static_cast<double>(r);
            unit.label = "replicate " + std::to_string(r);
            if (!grid_name.empty()) {
                unit.parameters[grid_name] = g;
                unit.label = grid_name + "=" + format_number(g) + " " + unit.label;
            }
            units.push_back(std::move(unit));
        }
    return units;
}

std::vector<std::string> conventions(const ScenarioContext& ctx) {
    std::vector<std::string> notes{
        "loss 1/2 sum_i e_i^2; f = m^-1/2 sum_r a_r relu(w_r.x), a_r = +-1 fixed, only W trained",
        "H = J J^T (n x n), lambda0 = lambda_min; H(0) at init, H_inf in closed form, 'window' = "
        "the Gram at the first step with L/L0 <= 1e-14",
        "windows: late L/L0 in [1e-22, 1e-14], judged two-sided; early L/L0 in [1e-10, 1e-2], "
        "fitted and reported, judged one-sided (never slower than the slowest mode) only for GD, "
        "whose loss is log-convex in k; momentum's complex or repeated roots make it oscillate",
    };
    if (ctx.data)
        notes.push_back("data from " + ctx.data_origin +
                        ": rows normalised to unit norm, as the theory requires; n and d taken "
                        "from the file, the same points in every replicate");
    return notes;
}

std::vector<std::pair<double, std::vector<const Run*>>> group_by(const std::vector<Run>& runs,
                                                                 const std::string& parameter) {
    std::vector<std::pair<double, std::vector<const Run*>>> groups;
    for (const Run& run : runs) {
        const double value = run.parameters.at(parameter);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto& g) { return g.first == value; });
        if (it == groups.end()) groups.push_back({value, {&run}});
        else it->second.push_back(&run);
    }
    return groups;
}

}  // namespace ratebench::relu2
