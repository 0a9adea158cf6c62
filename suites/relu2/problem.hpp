#pragma once
// The relu2 family's problem (Bu, Xu, Chen 2021, in the setting of Du et al. 2019), shared by
// every scenario: data on the unit sphere, f = m^-1/2 sum_r a_r relu(w_r.x) with a_r = +-1
// fixed and only W trained, L = 1/2 sum e_i^2, the Gram H = J J^T at init and H_inf.
#include "core/models/relu2.hpp"
#include "core/spectrum.hpp"
#include "suites/scenario.hpp"

#include <string>
#include <vector>

namespace ratebench::relu2 {

inline const char* const kPaper =
    "Bu, Xu, Chen, A Dynamical View on Optimization Algorithms of Overparameterized Neural "
    "Networks, AISTATS 2021 (arXiv 2010.13165)";

struct Problem {
    Dataset data;
    Relu2 model;
    Eigen::VectorXd theta0;
    SpectrumSummary h0, hinf;
};

// Replicate r's problem: its own data (unless --data) and init, at width m.
Problem make_problem(const ScenarioContext& ctx, std::uint64_t replicate, Eigen::Index width);

// The problem of a unit: its replicate's data and init at the scenario's width "m".
Problem make_problem(const ScenarioContext& ctx, const UnitSpec& unit);

// A judge's starting point: the runs, the family's conventions and the scenario's own note.
ScenarioResult result_with_conventions(const ScenarioContext& ctx, std::vector<Run> runs,
                                       const std::string& note);

// lambda_min, lambda_max, kappa as NAME.lambda_min, ...
void record_spectrum(Metrics& metrics, const std::string& name, const SpectrumSummary& s);

// Parameter rows every relu2 scenario has: n, d, m (quick/full), replicates, max_steps.
std::vector<Parameter> problem_parameters(double n_quick, double n_full, double m_quick,
                                          double m_full, double steps_quick, double steps_full);

// One unit per (grid point, replicate), labelled "NAME=VALUE replicate R".
std::vector<UnitSpec> replicate_units(const ScenarioContext& ctx, const std::string& grid_name = "",
                                      const std::vector<double>& grid = {});

// The conventions every relu2 result states, and what --data did.
std::vector<std::string> conventions(const ScenarioContext& ctx);

// Runs grouped by a unit parameter (e.g. "beta"), in order of first appearance.
std::vector<std::pair<double, std::vector<const Run*>>> group_by(const std::vector<Run>& runs,
                                                                 const std::string& parameter);

}  // namespace ratebench::relu2
