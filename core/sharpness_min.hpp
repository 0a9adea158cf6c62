#pragma once
// The flattest global minimum of a deep linear network (Craciun, Ghoshdastidar 2024; THEORY.md
// "linear and lr"): s_min = inf over {P = W_N ... W_1 = W*} of the top Hessian eigenvalue,
// and the critical step eta* = 2 / s_min. Closed forms where they exist, and a numeric
// minimisation of the top Gauss-Newton eigenvalue over the minimum set otherwise; the lr
// sweeps reuse both.
//
// Conventions (DESIGN.md s.3): X is n x d, L = 1/(2n) ||X P^T - Y||_F^2, Sigma = X^T X / n,
// W* = Y^T X (X^T X)^-1 (k x d), so L = 1/2 ||(P - W*) Sigma^1/2||_F^2 + L_min and the Hessian
// at a minimum is the Gauss-Newton matrix J^T (Sigma (x) I_k) J, J = d vec(P) / d theta.
// Layers are W_1 (h_1 x d) ... W_N (k x h_(N-1)); theta stacks vec(W_l) column-major, layer by
// layer (the layout of Mlp / linear_net).
#include "core/data.hpp"
#include "core/rng.hpp"

#include <Eigen/Core>
#include <optional>
#include <string>
#include <vector>

namespace ratebench {

using Layers = std::vector<Eigen::MatrixXd>;

struct LinearProblem {
    Eigen::MatrixXd sigma;   // d x d, X^T X / n
    Eigen::MatrixXd target;  // W*, k x d
    double min_loss = 0.0;   // L_min = L at P = W*
};

// The rank of Sigma = X^T X / n as linear_problem judges it (eigenvalues above 1e-12 of the
// largest) and the input columns its null space involves: below full rank, a combination of
// exactly these columns vanishes on every point. No rank when Sigma overflows double.
struct InputRank {
    bool finite = true;  // false: Sigma holds inf or NaN, rank and columns are not computed
    Eigen::Index rank = 0;
    std::vector<Eigen::Index> dependent_columns;  // 0-based; empty at full rank
};
InputRank input_rank(const Eigen::MatrixXd& sigma);
// One line for a rank below d, columns counted from 1 as in the data file, e.g. "X^T X is
// singular (rank 1 of d = 2, n = 4 points): input columns 1 and 2 are linearly dependent".
std::string rank_deficiency_text(const InputRank& rank, Eigen::Index n, Eigen::Index d);
// 0-based indices counted from 1, as in the data file: "2", "1 and 3", "1, 2 and 4".
std::string numbered_list(const std::vector<Eigen::Index>& indices);

// Sigma, W* and L_min of a dataset. Throws InputError, naming the dependent columns, when
// X^T X is singular (then the minimum set is not {P = W*}: the theory assumes X^T X
// invertible). Where X^T X overflows double, Sigma, W* and L_min hold non-finite values:
// callers check (the loss overflows there too).
LinearProblem linear_problem(const Dataset& data);

// Excess loss 1/2 ||(P - W*) Sigma^1/2||_F^2, computed from P (no cancellation against L_min).
double excess_loss(const LinearProblem& problem, const Eigen::MatrixXd& P);

// ---- closed forms ----
// 1/2 (x y - c)^2: eta* = 1/|c|, i.e. s_min = 2|c|.
double s_min_scalar_toy(double c);
// Scalar chain of `depth` layers with covariance s (one point x: s = x^2) and target map w:
// s_min = depth s |w|^(2 - 2/depth) (balanced factorisation).
double s_min_scalar_chain(int depth, double w, double s = 1.0);
// Whitened data (Sigma = I): s_min = depth sigma_1(W*)^(2 - 2/depth).
double s_min_whitened(int depth, const Eigen::MatrixXd& target);

// Depth 2, one output, general Sigma: s_min = min_{a>0} lambda_max((a^2 I + b b^T / a^2) Sigma),
// b = W*^T. lambda_max of Sigma^1/2 (t I + b b^T / t) Sigma^1/2 is a maximum of functions
// convex in t = a^2, hence convex and unimodal in t: a golden-section search on ln t.
struct OneDimensionalMin {
    double value = 0.0;
    double a = 0.0;  // the minimiser: |W_2| at the flattest minimum
    long evaluations = 0;
};
OneDimensionalMin s_min_depth2_single_output(const Eigen::MatrixXd& sigma,
                                             const Eigen::VectorXd& b);

// ---- Gauss-Newton at a point ----
Eigen::MatrixXd product_of(const Layers& layers);  // P = W_N ... W_1
// J = d vec(P) / d theta, (k d) x p; columns of layer l are B_l^T (x) A_l with
// A_l = W_N ... W_(l+1), B_l = W_(l-1) ... W_1.
Eigen::MatrixXd end_to_end_jacobian(const Layers& layers);
// The Gauss-Newton matrix J^T (Sigma (x) I_k) J, p x p: the exact Hessian where P = W*.
Eigen::MatrixXd gauss_newton(const Layers& layers, const Eigen::MatrixXd& sigma);
// Its non-zero spectrum lives in the (k d) x (k d) matrix
// K = (Sigma^1/2 (x) I) J J^T (Sigma^1/2 (x) I) = sum_l (Sigma^1/2 B_l^T B_l Sigma^1/2) (x) (A_l A_l^T).
Eigen::MatrixXd reduced_gauss_newton(const Layers& layers, const Eigen::MatrixXd& sigma);
double top_gauss_newton_eigenvalue(const Layers& layers, const Eigen::MatrixXd& sigma);

// ---- numeric s_min ----
// widths = {d, h_1, ..., h_(N-1), k}; needs every h_l >= rank(W*).
// A factorisation of W* through the widths, balanced (every layer S^(1/N) on the SVD's
// directions). Throws InputError when a hidden width is below rank(W*).
Layers balanced_factorisation(const Eigen::MatrixXd& target, const std::vector<Eigen::Index>& widths);

struct NumericSMinOptions {
    int restarts = 3;           // the balanced start plus restarts - 1 perturbed ones
    double perturbation = 0.3;  // of the perturbed starts, relative to |W*|^(1/N)
    int stage_iterations = 600; // per smoothing level
};

struct NumericSMin {
    double value = 0.0;               // lambda_max of the Gauss-Newton at `layers`
    Layers layers;                    // the flattest minimum found (P = W* to round-off)
    double constraint_residual = 0.0; // |P - W*|_F / |W*|_F there
    long iterations = 0;              // over all restarts and stages
    std::vector<double> restart_values;
};

// Minimises the top Gauss-Newton eigenvalue over {P = W*}: Riemannian gradient descent on the
// log-sum-exp smoothing mu log sum_i exp(lambda_i / mu) of K's eigenvalues (an upper bound
// within mu ln(k d) of lambda_max), mu lowered from 1e-2 to 1e-11 of the value, with Armijo
// steps projected on the tangent space and retracted onto {P = W*} by minimum-norm
// Gauss-Newton corrections. The value returned is lambda_max itself at a point of the set, so
// it is an upper bound on s_min; restarts guard against local minima. When no start can be
// brought onto the set (W* or Sigma near the overflow threshold), or s_min itself overflows,
// value is NaN and layers empty: numerical trouble is an outcome, not an error. The search runs
// on Sigma and W* scaled to largest entry 1 (the value scales back exactly: linear in Sigma, degree
// 2 - 2/N in W*), so data of any size see the same tolerances.
NumericSMin s_min_numeric(const Eigen::MatrixXd& sigma, const Eigen::MatrixXd& target,
                          const std::vector<Eigen::Index>& widths, Stream& stream,
                          const NumericSMinOptions& options = {});

// theta <-> layers in the Mlp layout.
Eigen::VectorXd flatten_layers(const Layers& layers);
Layers unflatten_layers(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>& widths);

}  // namespace ratebench
