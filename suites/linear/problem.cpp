#include "suites/linear/problem.hpp"

#include "suites/input_rank_metrics.hpp"

#include "core/errors.hpp"
#include "core/optim/gradient_descent.hpp"
#include "core/rates.hpp"
#include "core/spectrum.hpp"
#include "core/train.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace ratebench::linear {
namespace {

// Excess loss below this fraction of its initial value is round-off (DESIGN.md s.6).
constexpr double kRoundOffFloor = 1e-24;
// Stalled: gradient below this fraction of sqrt(2 s_min E0), the gradient scale of the
// problem, with the excess loss still above its floor (the origin of a deep chain).
constexpr double kStallGradient = 1e-16;

// The linear net seen through its excess loss E = L - L_min = 1/2 |(P - W*) Sigma^1/2|^2,
// computed from P so that it reaches 1e-24 E0 even when L_min > 0 (--data); gradient and
// HVP are the net's own (they do not see the constant L_min).
struct ExcessLossNet {
    const Mlp* net;
    const LinearProblem* lp;
    Eigen::Index num_params() const { return net->num_params(); }
    Eigen::VectorXd init(Stream& s) const { return net->init(s); }
    double loss(const Eigen::VectorXd& theta, const Dataset&) const {
        return excess_loss(*lp, end_to_end(*net, theta));
    }
    double loss_grad(const Eigen::VectorXd& theta, const Dataset& data, Eigen::VectorXd& g) const {
        net->loss_grad(theta, data, g);
        return loss(theta, data);
    }
    Eigen::MatrixXd predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
        return net->predict(theta, X);
    }
    Eigen::VectorXd hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, const Dataset& data) const {
        return net->hvp(theta, v, data);
    }
};
static_assert(Model<ExcessLossNet>);

Eigen::MatrixXd scaled_gaussian_columns(Eigen::Index n, Eigen::Index d, double spread, Stream& s) {
    Eigen::MatrixXd X(n, d);
    s.fill_normal(X);
    for (Eigen::Index j = 0; j < d; ++j)
        X.col(j) *= d > 1 ? std::pow(spread, -0.5 * static_cast<double>(j) / static_cast<double>(d - 1)) : 1.0;
    return X;
}

bool is_identity(const Eigen::MatrixXd& S) {
    return (S - Eigen::MatrixXd::Identity(S.rows(), S.cols())).cwiseAbs().maxCoeff() <= 1e-12;
}

}  // namespace

Dataset problem_data(const ScenarioContext& ctx, const Shape& shape) {
    if (ctx.data) return *ctx.data;
    Dataset data;
    Stream s = ctx.stream(0, "data depth=" + std::to_string(shape.depth));
    switch (shape.kind) {
        case DataKind::scalar_point:
            data.X = Eigen::MatrixXd::Ones(1, 1);
            data.Y = Eigen::MatrixXd::Constant(1, 1, ctx.real("y"));
            break;
        case DataKind::whitened: {
            const Eigen::Index n = ctx.integer("n"), d = ctx.integer("d"), k = ctx.integer("k");
            if (n < d) throw InputError("whitened data need n >= d");
            data.X = std::sqrt(static_cast<double>(n)) * orthonormal_points(d, n, s).transpose();
            Eigen::MatrixXd W(k, d);
            s.fill_normal(W);
            data.Y = data.X * W.transpose();
            break;
        }
        case DataKind::anisotropic: {
            const Eigen::Index n = ctx.integer("n"), d = ctx.integer("d"), k = ctx.integer("k");
            data.X = scaled_gaussian_columns(n, d, ctx.real("spread"), s);
            Eigen::MatrixXd W(k, d);
            s.fill_normal(W);
            data.Y = data.X * W.transpose();
            break;
        }
    }
    return data;
}

Problem make_problem(const ScenarioContext& ctx, const Shape& shape, Dataset data) {
    std::vector<Eigen::Index> widths{data.d()};
    for (int l = 1; l < shape.depth; ++l) widths.push_back(shape.width);
    widths.push_back(data.k());
    std::vector<Eigen::Index> hidden(widths.begin() + 1, widths.end() - 1);
    LinearProblem lp = linear_problem(data);
    Mlp net = linear_net(data.d(), hidden, data.k(), LossConvention::half_mean, ctx.real("init_sigma"));
    return Problem{std::move(data), std::move(lp), std::move(widths), std::move(net), shape.depth};
}

Problem make_problem(const ScenarioContext& ctx, const Shape& shape) {
    return make_problem(ctx, shape, problem_data(ctx, shape));
}

SMinAnalysis analyse_s_min(const ScenarioContext& ctx, const Problem& p) {
    SMinAnalysis a;
    const Eigen::Index k = p.data.k();
    const int N = p.depth;
    bool all_one = true;
    for (Eigen::Index w : p.widths) all_one = all_one && w == 1;
    if (all_one && N == 2 && p.lp.sigma(0, 0) == 1.0)
        a.closed.emplace_back("toy", s_min_scalar_toy(p.lp.target(0, 0)));
    if (all_one) a.closed.emplace_back("chain", s_min_scalar_chain(N, p.lp.target(0, 0), p.lp.sigma(0, 0)));
    if (is_identity(p.lp.sigma)) a.closed.emplace_back("whitened", s_min_whitened(N, p.lp.target));
    if (N == 2 && k == 1)
        a.closed.emplace_back("depth2-1d",
                              s_min_depth2_single_output(p.lp.sigma, p.lp.target.row(0).transpose()).value);
    Stream s = ctx.stream(0, "s_min depth=" + std::to_string(N));
    a.numeric = s_min_numeric(p.lp.sigma, p.lp.target, p.widths, s);
    a.balanced = top_gauss_newton_eigenvalue(balanced_factorisation(p.lp.target, p.widths), p.lp.sigma);
    if (!a.closed.empty()) {
        a.reference = a.closed.front().second;
        a.reference_method = a.closed.front().first;
    } else {
        a.reference = a.numeric.value;
        a.reference_method = "numeric";
    }
    return a;
}

void record_s_min(Metrics& m, const SMinAnalysis& a) {
    for (const auto& [name, value] : a.closed) m["s_min.closed." + name] = value;
    m["s_min.numeric"] = a.numeric.value;
    m["s_min.numeric.iterations"] = static_cast<double>(a.numeric.iterations);
    m["s_min.numeric.constraint_residual"] = a.numeric.constraint_residual;
    // No value (no start reached the minimum set): no spread either, never a spread of 0.
    double spread = std::isfinite(a.numeric.value) ? 0.0 : NAN;
    for (double v : a.numeric.restart_values) spread = std::max(spread, (v - a.numeric.value) / a.numeric.value);
    m["s_min.numeric.restart_spread"] = spread;
    m["s_min.balanced"] = a.balanced;
    m["s_min"] = a.reference;
    m["eta_star"] = 2.0 / a.reference;
}

namespace {

// GD from theta (the init, excess loss E0) at eta = eta_fraction x 2 / s_min.
Run run_gd(const ScenarioContext& ctx, const Problem& p, const SMinAnalysis& s, std::uint64_t replicate,
           Eigen::VectorXd theta, double E0) {
    const double eta = ctx.real("eta_fraction") * 2.0 / s.reference;
    const ExcessLossNet model{&p.net, &p.lp};
    const double grad_scale = std::sqrt(2.0 * s.reference * E0);

    // Every step's excess loss once it is below 1e-12 E0, for the late-window fit.
    std::vector<long> late_steps;
    std::vector<double> late_loss;
    const StepObserver observe = [&](long k, double loss, const Eigen::VectorXd&) {
        if (loss <= 1e-12 * E0 && late_steps.size() < 1000000) {
            late_steps.push_back(k);
            late_loss.push_back(loss);
        }
    };
    const TrainConfig config{ctx.integer("max_steps"),
                             {.relative_loss_floor = kRoundOffFloor, .grad_floor = kStallGradient * grad_scale},
                             {.log_points = 200, .even_points = 2000}};
    GradientDescent gd{{.eta = eta}};
    Run run;
    run.trajectory = train(model, p.data, gd, theta, config, {}, observe);
    run.parameters["eta"] = eta;
    run.parameters["depth"] = p.depth;

    Metrics& m = run.metrics;
    record_s_min(m, s);
    m["eta_over_eta_star"] = ctx.real("eta_fraction");
    const Trajectory& t = run.trajectory;
    m["final_excess_ratio"] = t.final_loss() / E0;
    m["final_grad_ratio"] = t.grad_norm.back() / grad_scale;
    m["steps"] = static_cast<double>(t.steps);
    m["outcome.converged"] = t.outcome == Outcome::converged;
    m["outcome.stalled"] = t.outcome == Outcome::stalled;
    m["outcome.diverged"] = t.outcome == Outcome::diverged;
    if (!std::isfinite(t.final_loss())) return run;

    Stream start = ctx.stream(replicate, "lanczos depth=" + std::to_string(p.depth));
    const TopEigen top = top_hessian_eigen(p.net, theta, p.data, start);
    m["sharpness"] = top.value;
    m["sharpness.residual"] = top.residual;
    m["sharpness.products"] = static_cast<double>(top.products);
    m["sharpness.lanczos"] = p.net.num_params() > 40;
    m["sharpness_over_s_min"] = top.value / s.reference;
    m["sharpness_times_eta_over_2"] = top.value * eta / 2.0;

    // The late rate: slope of ln(L - L_min) per step in L/L0 in [1e-22, 1e-14], beside the
    // slowest non-zero Gauss-Newton mode at the final iterate: 2 ln max |1 - eta lambda_i|.
    if (const auto fit = fit_linear_rate(late_steps, late_loss, E0, kLateWindow)) {
        m["window.late.first_step"] = static_cast<double>(fit->first_step);
        m["window.late.last_step"] = static_cast<double>(fit->last_step);
        m["window.late.observed_slope"] = fit->slope;
        m["window.late.intercept"] = fit->intercept;
        m["window.late.r2"] = fit->r2;
        const Layers W = unflatten_layers(theta, p.widths);
        const Eigen::VectorXd lambda =
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(reduced_gauss_newton(W, p.lp.sigma), Eigen::EigenvaluesOnly)
                .eigenvalues();
        double rho = 0.0;
        for (Eigen::Index i = 0; i < lambda.size(); ++i)
            if (lambda(i) > 1e-9 * lambda.maxCoeff()) rho = std::max(rho, std::abs(1.0 - eta * lambda(i)));
        if (rho > 0) m["window.late.predicted_slope"] = 2.0 * std::log(rho);
    }
    return run;
}

// A unit whose GD run cannot start; metrics say why (unit_trouble reads them).
Run unstarted(const ScenarioContext& ctx, int depth) {
    Run run;
    run.parameters["depth"] = depth;
    run.metrics["eta_over_eta_star"] = ctx.real("eta_fraction");
    run.trajectory.initial_loss = NAN;  // not computed
    return run;
}

}  // namespace

Run run_replicate(const ScenarioContext& ctx, const Shape& shape, std::uint64_t replicate) {
    Dataset data = problem_data(ctx, shape);
    const Eigen::Index n = data.n(), d = data.d();
    const InputRank rank = input_rank(data.X.transpose() * data.X / static_cast<double>(n));
    if (rank.finite && rank.rank < d) {
        // The theory's minimum set {P = W*}, s_min and eta* need X^T X invertible: no step to run at.
        Run run = unstarted(ctx, shape.depth);
        record_input_rank(run.metrics, rank, n, d, "column");
        return run;
    }
    const Problem p = make_problem(ctx, shape, std::move(data));
    Stream init = ctx.stream(replicate, "init depth=" + std::to_string(p.depth));
    Eigen::VectorXd theta = p.net.init(init);
    const double E0 = excess_loss(p.lp, end_to_end(p.net, theta));
    if (!std::isfinite(E0)) {
        // The loss overflows double before the first step (so do W* and s_min, computed from the
        // same data): recorded as train() records a non-finite loss, diverged at step 0.
        Run run = unstarted(ctx, shape.depth);
        Eigen::VectorXd g(theta.size());
        p.net.loss_grad(theta, p.data, g);
        Trajectory& t = run.trajectory;
        t.step = {0};
        t.loss = {E0};
        t.grad_norm = {g.norm()};
        t.distance = {0.0};
        t.outcome = Outcome::diverged;
        t.initial_loss = E0;
        run.metrics["outcome.diverged"] = 1;
        return run;
    }
    const SMinAnalysis s = analyse_s_min(ctx, p);
    if (!(std::isfinite(s.reference) && s.reference > 0)) {
        // eta* = 2 / s_min does not exist in double precision: no step to run at.
        Run run = unstarted(ctx, shape.depth);
        record_s_min(run.metrics, s);
        run.trajectory.initial_loss = E0;
        return run;
    }
    return run_gd(ctx, p, s, replicate, std::move(theta), E0);
}

std::optional<UnitTrouble> unit_trouble(const Run& run) {
    const Metrics& m = run.metrics;
    if (const auto recorded = recorded_input_rank(m, "column"))
        return UnitTrouble{Verdict::out_of_scope,
                           run.label + ": " + rank_deficiency_text(recorded->rank, recorded->n, recorded->d) +
                               "; the theory assumes X^T X invertible (THEORY.md linear): without it the minima "
                               "are not {P = W*} and s_min, eta* are not defined as stated"};
    const auto spelled = [](double x) { return std::isnan(x) ? std::string("NaN") : format_number(x); };
    if (!std::isfinite(run.trajectory.initial_loss))
        return UnitTrouble{Verdict::undetermined,
                           run.label + ": the excess loss at the init is " + spelled(run.trajectory.initial_loss) +
                               ", the data overflow double precision (the run is recorded as diverged at step 0); "
                               "rescale the inputs or targets"};
    if (m.count("s_min") && !(std::isfinite(m.at("s_min")) && m.at("s_min") > 0))
        return UnitTrouble{Verdict::undetermined,
                           run.label + ": s_min = " + spelled(m.at("s_min")) +
                               ", so eta* = 2 / s_min does not exist in double precision (no GD run); rescale the "
                               "inputs or targets"};
    return std::nullopt;
}

std::vector<Parameter> common_parameters(double steps_quick, double steps_full) {
    return {{"replicates", 5, 10, "independent small inits on the same data; claims need every one", true, 1, 10000},
            {"eta_fraction", 0.4, 0.4, "step as a fraction of eta* = 2 / s_min, in (0, 1)", false, 1e-6, 0.999999},
            {"init_sigma", 0.01, 0.01, "weights i.i.d. N(0, sigma^2) (small init, DESIGN.md s.3)", false, 1e-12, 10},
            {"max_steps", steps_quick, steps_full,
             "step budget per run (runs stop at convergence; escapes from near the origin are heavy-tailed)", true, 1}};
}

std::vector<std::string> conventions(const ScenarioContext& ctx) {
    std::vector<std::string> notes{
        "loss 1/(2n) sum_i |e_i|^2; P = W_N ... W_1, predictions X P^T; Sigma = X^T X / n; W* = "
        "Y^T X (X^T X)^-1; the Hessian at a minimum is Gauss-Newton J^T (Sigma (x) I) J",
        "eta in units of eta* = 2 / s_min; s_min from the first closed form that applies (toy, "
        "chain, whitened, depth2-1d), else from the numeric minimisation over {P = W*}",
        "trajectory loss = L - L_min computed from P; converged = (L - L_min) / (L0 - L_min) <= 1e-20 "
        "and |grad| <= 1e-9 sqrt(2 s_min (L0 - L_min)); late window (L - L_min)/(L0 - L_min) in [1e-22, 1e-14]",
        "sharpness = top Hessian eigenvalue at the final iterate from exact HVPs: Lanczos (Spectra) "
        "above 40 parameters, the dense matrix of p HVPs below",
        "the data are fixed across replicates; replicates differ in the init only",
    };
    if (ctx.data)
        notes.push_back("data from " + ctx.data_origin +
                        ": one target column (k = 1), n and d taken from the file; s_min and eta* "
                        "computed for these data");
    return notes;
}

}  // namespace ratebench::linear
