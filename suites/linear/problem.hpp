#pragma once
// The linear family's problem (Craciun, Ghoshdastidar 2024; THEORY.md "linear and lr"): a deep
// linear net P = W_N ... W_1 on data X (n x d) with targets Y, L = 1/(2n) sum_i |e_i|^2, its
// minimum set {P = W*}, the flattest minimum's sharpness s_min (closed forms where they apply,
// numerically always) and eta* = 2 / s_min.
#include "core/models/linear_net.hpp"
#include "core/sharpness_min.hpp"
#include "suites/scenario.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ratebench::linear {

inline const char* const kPaper =
    "Craciun, Ghoshdastidar, On the Convergence of Gradient Descent for Large Learning Rates "
    "(arXiv 2402.13108)";

// How the generated data are built (ignored with --data, which gives k = 1 target).
enum class DataKind {
    scalar_point,  // one point x = 1, target y: the scalar chain
    whitened,      // X^T X / n = I exactly, realisable targets Y = X W*^T
    anisotropic,   // Gaussian columns scaled geometrically (condition `spread`), Y = X W*^T
};

struct Shape {
    DataKind kind;
    int depth;
    Eigen::Index width;  // hidden width (every hidden layer)
};

struct Problem {
    Dataset data;
    LinearProblem lp;
    std::vector<Eigen::Index> widths;  // {d, width, ..., width, k}
    Mlp net;
    int depth;
};

// The problem's data: --data, else generated as shape.kind says.
Dataset problem_data(const ScenarioContext& ctx, const Shape& shape);
Problem make_problem(const ScenarioContext& ctx, const Shape& shape, Dataset data);
Problem make_problem(const ScenarioContext& ctx, const Shape& shape);

// The closed forms that apply to this problem, by name (toy, chain, whitened, depth2-1d), and
// the numeric minimum; every value a metric "s_min.closed.NAME" / "s_min.numeric...".
struct SMinAnalysis {
    std::vector<std::pair<std::string, double>> closed;
    NumericSMin numeric;
    double balanced = 0.0;   // top Gauss-Newton eigenvalue at the balanced factorisation
    double reference = 0.0;  // the first closed form, else the numeric value: sets eta*
    std::string reference_method;
};
SMinAnalysis analyse_s_min(const ScenarioContext& ctx, const Problem& p);
void record_s_min(Metrics& m, const SMinAnalysis& a);

// One work unit: GD at eta = eta_fraction x eta* from a small i.i.d. init, classified by excess
// loss and gradient together, with the final sharpness (top Hessian eigenvalue, Lanczos on exact
// HVPs; dense for <= 40 parameters) and the late rate of ln(L - L_min). Where eta* does not
// exist or cannot be computed, the run says why in its metrics instead (see unit_trouble):
// X^T X singular (no GD run: "inputs.*"), the excess loss at the init not finite in double
// precision (diverged at step 0), s_min not finite (no GD run).
Run run_replicate(const ScenarioContext& ctx, const Shape& shape, std::uint64_t replicate);

// Why a work unit's run cannot be judged by the theory: out of scope (its data break the
// theory's assumptions) or undetermined (nothing the theory speaks of could be measured).
struct UnitTrouble {
    Verdict verdict;
    std::string why;
};
std::optional<UnitTrouble> unit_trouble(const Run& run);

// Parameter rows every linear scenario has.
std::vector<Parameter> common_parameters(double steps_quick, double steps_full);

std::vector<std::string> conventions(const ScenarioContext& ctx);

}  // namespace ratebench::linear
