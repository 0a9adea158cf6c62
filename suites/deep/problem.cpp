// One measured run. Run metrics:
//   f0, r, w_h, A, eta, params; certificate.available, alpha_cert; alpha_up (search of the ball);
//   criterion.certified / criterion.refuted; criterion.margin_cert = r^2 alpha_cert / (4 f0),
//   criterion.margin_up = r^2 alpha_up / (4 f0); alpha_traj (min of |g|^2/f over the iterates);
//   beta.init, beta.estimate, beta.iterates; delta, theta, rate_factor, path_bound (certified
//   runs); path_length, max_distance, final_distance; violations.rate_bound, violations.descent,
//   counted_steps; steps_to_converged (f <= 1e-20 f0), min_loss_ratio, final_loss_ratio;
//   gn_init.kappa, xx.kappa, gn_final.mu_min / mu_max; window.late.*; curve.step=K.observed and
//   curve.step=K.rate_bound (f_k / f0 and the bound, for the report's plot). A run whose data
//   overflow double has only f0, grad_norm.init, beta.init, steps = 0, outcome.diverged and one
//   of overflow.xx (X X^T), overflow.A (the certified A), overflow.init (f0, gradient or beta).
//   Points the theory needs independent but are not (X X^T singular within round-off) add
//   inputs.rank, inputs.n, inputs.d and inputs.dependent_point.K (K from 1) to whatever else the
//   run records; with A to be sized by the certificate nothing else (no A, no run), and
//   inputs.roundoff where the rank is full but the certificate's lambda_min is lost in round-off.
#include "suites/deep/problem.hpp"

#include "suites/deep/step_log.hpp"
#include "suites/input_rank_metrics.hpp"

#include "core/deep/criterion.hpp"
#include "core/deep/positive_init_certificate.hpp"
#include "core/deep/ratio_search.hpp"
#include "core/errors.hpp"
#include "core/optim/gradient_descent.hpp"
#include "core/rates.hpp"
#include "core/sharpness_min.hpp"
#include "core/spectrum.hpp"
#include "core/train.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>

namespace ratebench::deep {
namespace {

// Loss ratios f_k / f0 at whose first crossing the Hessian norm is sampled (plus init and end).
constexpr double kBetaSampleRatios[] = {1e-1, 1e-4, 1e-8, 1e-16};
// Stalled: gradient below this fraction of its initial norm with f above its floor (z^3, cos
// and d < n runs end at such critical points).
constexpr double kStallGradient = 1e-13;
// Eigenvalues below this fraction of the largest are round-off of a singular matrix.
constexpr double kSingular = 1e-12;

Eigen::VectorXd eigenvalues(const Eigen::MatrixXd& symmetric) {
    return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(symmetric, Eigen::EigenvaluesOnly).eigenvalues();
}

// (2/n) J J^T: the Gauss-Newton matrix of f = (1/n) sum e^2 in output space.
Eigen::MatrixXd gauss_newton(const Mlp& net, const Eigen::VectorXd& w, const Dataset& data) {
    const Eigen::MatrixXd J = net.jacobian(w, data.X);
    return 2.0 / static_cast<double>(data.n()) * J * J.transpose();
}

double hessian_norm(const Mlp& net, const Eigen::VectorXd& w, const Dataset& data, Stream& start) {
    return std::abs(top_hessian_eigen(net, w, data, start, Extreme::largest_magnitude).value);
}

Mlp make_net(const Problem& p, double A) {
    MlpShape shape{p.data.d(), p.hidden, 1, false, true};
    MlpInit init{p.spec.init, 1.0, p.w_h, A};
    return Mlp(shape, *p.spec.activation, LossConvention::mean, init);
}

// The output bias that makes the initial output 0. At W_1 = 0 every hidden layer is constant in
// x, so this cancels the output exactly and f(w0) = mean(y^2) whatever A is.
void zero_initial_output(const Mlp& net, Eigen::VectorXd& w, const Dataset& data) {
    w(w.size() - 1) -= net.predict(w, data.X)(0, 0);
}

// A run that cannot start because the data overflow double precision: recorded as train()
// records a non-finite loss, diverged at step 0, and nothing else is measured (the search,
// Lanczos and GD would see only inf and NaN). run_trouble (claims.hpp) reads the metrics.
Run overflowed(Run run, double f0, double grad_norm, double beta0, const char* what) {
    Trajectory& t = run.trajectory;
    t.step = {0};
    t.loss = {f0};
    t.grad_norm = {grad_norm};
    t.distance = {0.0};
    t.outcome = Outcome::diverged;
    t.initial_loss = f0;
    run.metrics["f0"] = f0;
    run.metrics["grad_norm.init"] = grad_norm;
    run.metrics["beta.init"] = beta0;
    run.metrics["steps"] = 0;
    run.metrics["outcome.diverged"] = 1;
    run.metrics[std::string("overflow.") + what] = 1;
    return run;
}

// The rank of X X^T judged on the points' directions (rows scaled to unit norm): scaling a row
// leaves the rank as it is, and points of very different sizes (1e50 next to 1e150) are not
// taken for dependent ones. Not finite where X X^T itself overflows.
InputRank point_rank(const Eigen::MatrixXd& X) {
    Eigen::MatrixXd directions = X;
    for (Eigen::Index i = 0; i < X.rows(); ++i)
        if (const double norm = X.row(i).stableNorm(); norm > 0) directions.row(i) /= norm;
    InputRank rank = input_rank(directions * directions.transpose());
    rank.finite = (X * X.transpose()).allFinite();
    return rank;
}

// A run with no A to run at (the certificate cannot size it): no GD step, f0 = mean(y^2) as at
// the positive init; its metrics say why.
Run unstarted(Run run, double f0) {
    run.trajectory.initial_loss = f0;
    run.metrics["f0"] = f0;
    return run;
}

}  // namespace

std::string net_label(const NetSpec& spec) {
    return std::string(spec.activation->name) + ".depth=" + std::to_string(spec.depth) +
           ".width=" + std::to_string(spec.width);
}

Dataset make_data(const ScenarioContext& ctx, std::uint64_t draw) {
    if (ctx.data) {
        if (ctx.data->k() != 1) throw InputError("deep scenarios take one target column; --data has " +
                                                 std::to_string(ctx.data->k()));
        return *ctx.data;
    }
    Stream s = ctx.stream(draw, "data");
    Dataset data;
    data.X = unit_sphere_points(ctx.integer("n"), ctx.integer("d"), s);
    data.Y = gaussian_targets(ctx.integer("n"), 1, s);
    return data;
}

Problem make_problem(const ScenarioContext& ctx, Dataset data, const NetSpec& spec) {
    Problem p{std::move(data), spec, {}, 0.0, 0.0};
    for (int l = 1; l < spec.depth; ++l) p.hidden.push_back(spec.width);
    p.w_h = ctx.real("hidden_scale") / static_cast<double>(spec.width);
    p.r = ctx.real("radius_fraction") * p.w_h;
    return p;
}

Run run_measured(const ScenarioContext& ctx, const Problem& p, std::uint64_t replicate) {
    const std::string tag = net_label(p.spec) + (p.spec.init == MlpInit::Scheme::positive ? "" : ".fan-in");
    const double f_mean_y2 = p.data.Y.squaredNorm() / static_cast<double>(p.data.n());
    const bool positive = p.spec.init == MlpInit::Scheme::positive;

    // Output scale: absolute, or a_factor x the smallest A the certificate certifies
    // (alpha_cert = K (A - r)^2 and f0 = mean(y^2) do not depend on A otherwise).
    Run run;
    run.parameters["depth"] = p.spec.depth;
    run.parameters["width"] = static_cast<double>(p.spec.width);
    double A = p.spec.A;
    // The theory needs the points linearly independent (lambda_min(X X^T) > 0): duplicate or
    // parallel points, or more points than dimensions, put every claim on the run out of scope
    // (run_trouble in claims.hpp). A run at a given A still goes ahead, its numbers reported.
    const InputRank points = point_rank(p.data.X);
    const bool dependent = points.finite && points.rank < p.data.n();
    if (dependent) record_input_rank(run.metrics, points, p.data.n(), p.data.d(), "point");
    if (A <= 0) {
        // The certificate needs lambda_min(X X^T), and A grows like sqrt(mean(y^2)), the
        // positive init's f0 whatever A is: data whose squares overflow leave no A to run at,
        // and so do dependent points (lambda_min = 0 certifies nothing).
        if (!points.finite) return overflowed(std::move(run), f_mean_y2, NAN, NAN, "xx");
        if (dependent) return unstarted(std::move(run), f_mean_y2);
        const auto unit = positive_init_certificate(*p.spec.activation, p.data.X, p.hidden, p.w_h, p.r + 1.0, p.r);
        if (unit && unit->lambda_min_xx <= 0) {
            // Full rank, but the eigensolver's round-off bound swamps lambda_min (n in the
            // thousands, or points of very different sizes): nothing can be certified in double.
            run.metrics["inputs.roundoff"] = 1;
            return unstarted(std::move(run), f_mean_y2);
        }
        if (!unit || unit->alpha_cert <= 0)
            throw InputError("deep: no certificate for " + tag + " (w_h = " + format_number(p.w_h) +
                             ", r = " + format_number(p.r) + "): lower radius_fraction or use tanh, softplus or sigmoid");
        A = p.spec.a_factor * (p.r + std::sqrt(4.0 * f_mean_y2 / (p.r * p.r * unit->alpha_cert)));
        if (!std::isfinite(A)) return overflowed(std::move(run), f_mean_y2, NAN, NAN, "A");
    }
    run.parameters["A"] = A;
    const Mlp net = make_net(p, A);
    Stream init = ctx.stream(replicate, "init " + tag);
    Eigen::VectorXd w = net.init(init);
    if (positive) zero_initial_output(net, w, p.data);
    const Eigen::VectorXd w0 = w;
    Eigen::VectorXd g;
    const double f0 = net.loss_grad(w, p.data, g);
    if (!std::isfinite(f0) || !std::isfinite(g.norm())) return overflowed(std::move(run), f0, g.norm(), NAN, "init");
    // The step is a fraction of 2 / beta(w0), beta the Hessian norm at the init: it too must be
    // finite (inputs of 1e200 overflow it where sigma'(0) = 0 leaves the gradient finite).
    Stream lanczos = ctx.stream(replicate, "lanczos " + tag);
    const double beta0 = hessian_norm(net, w0, p.data, lanczos);
    if (!std::isfinite(beta0)) return overflowed(std::move(run), f0, g.norm(), beta0, "init");

    Metrics& m = run.metrics;
    m["f0"] = f0;
    m["r"] = p.r;
    m["w_h"] = p.w_h;
    m["A"] = A;
    m["A.sized_by_certificate"] = p.spec.A <= 0;
    m["params"] = static_cast<double>(net.num_params());

    // The criterion, three ways.
    const auto cert = positive ? positive_init_certificate(*p.spec.activation, p.data.X, p.hidden, p.w_h, A, p.r)
                               : std::nullopt;
    m["certificate.available"] = cert.has_value();
    if (cert) m["alpha_cert"] = cert->alpha_cert;
    Stream search_stream = ctx.stream(replicate, "ratio search " + tag);
    const RatioSearchResult search = search_ratio_minimum(
        net, p.data, w0, p.r, search_stream,
        {static_cast<int>(ctx.integer("search_restarts")), static_cast<int>(ctx.integer("search_steps"))});
    m["alpha_up"] = search.alpha_up;
    m["alpha_up.rho_at_init"] = search.rho_at_center;
    m["alpha_up.hvps"] = static_cast<double>(search.hvps);
    const CriterionVerdict verdict = judge_criterion(f0, p.r, cert ? cert->alpha_cert : -1.0, search.alpha_up);
    m["criterion.certified"] = verdict == CriterionVerdict::certified;
    m["criterion.refuted"] = verdict == CriterionVerdict::refuted;
    if (cert) m["criterion.margin_cert"] = p.r * p.r * cert->alpha_cert / (4.0 * f0);
    m["criterion.margin_up"] = p.r * p.r * search.alpha_up / (4.0 * f0);

    // Conditioning at init: Gauss-Newton against the inputs' Gram (the lazy limit).
    const Eigen::VectorXd gn0 = eigenvalues(gauss_newton(net, w0, p.data));
    const Eigen::VectorXd xx = eigenvalues(p.data.X * p.data.X.transpose());
    // kappa only where the matrix is non-singular (d < n, sigma'(0) = 0: it is not).
    if (gn0.minCoeff() > kSingular * gn0.maxCoeff()) m["gn_init.kappa"] = gn0.maxCoeff() / gn0.minCoeff();
    if (xx.minCoeff() > kSingular * xx.maxCoeff()) m["xx.kappa"] = xx.maxCoeff() / xx.minCoeff();
    m["xx.lambda_min"] = xx.minCoeff();

    // Step: a fraction of the theorem's largest step 2 (1 - delta) / beta with beta the Hessian
    // norm at init; of 2 / beta where nothing is certified.
    const double delta = verdict == CriterionVerdict::certified && !p.spec.step_without_delta
                             ? 2.0 * std::sqrt(f0 / cert->alpha_cert) / p.r
                             : 0.0;
    const double eta = ctx.real("eta_fraction") * max_certified_step(delta, beta0);
    run.parameters["eta"] = eta;
    m["eta"] = eta;
    m["beta.init"] = beta0;

    // Every step's loss and squared gradient norm; iterates kept where the Hessian is sampled.
    StepLog log;
    std::vector<Eigen::VectorXd> sampled{w0};
    std::size_t next_ratio = 0;
    long window_start = -1;  // the first step with f <= 1e-14 f0, and the iterate there
    Eigen::VectorXd w_window;
    const Recording<Mlp> model{&net};
    const StepObserver logger = step_logger(model, w0, log);
    const StepObserver observe = [&](long k, double f, const Eigen::VectorXd& at) {
        logger(k, f, at);
        if (window_start < 0 && f <= kLateWindow.hi * f0) {
            window_start = k;
            w_window = at;
        }
        if (next_ratio < std::size(kBetaSampleRatios) && f <= kBetaSampleRatios[next_ratio] * f0) {
            sampled.push_back(at);
            while (next_ratio < std::size(kBetaSampleRatios) && f <= kBetaSampleRatios[next_ratio] * f0) ++next_ratio;
        }
    };
    const TrainConfig config{ctx.integer("max_steps"),
                             {.relative_loss_floor = kRoundOffFloor, .grad_floor = kStallGradient * g.norm()},
                             {.log_points = 200, .even_points = 1000}};
    GradientDescent gd{{.eta = eta}};
    run.trajectory = train(model, p.data, gd, w, config, {}, observe);
    const Trajectory& t = run.trajectory;
    m["steps"] = static_cast<double>(t.steps);
    m["outcome.converged"] = t.outcome == Outcome::converged;
    m["outcome.stalled"] = t.outcome == Outcome::stalled;
    m["outcome.diverged"] = t.outcome == Outcome::diverged;
    m["final_loss"] = t.final_loss();
    m["final_loss_ratio"] = t.final_loss() / f0;
    m["mean_y2"] = f_mean_y2;
    const double mean_y = p.data.Y.mean();
    m["var_y"] = f_mean_y2 - mean_y * mean_y;
    m["final_distance"] = (w - w0).norm();
    if (!std::isfinite(t.final_loss())) return run;
    sampled.push_back(w);

    // beta: the largest Hessian norm over the sampled iterates (a lower bound on the sup over
    // the ball: everything built on it is an estimate).
    double beta = 0.0;
    for (const auto& at : sampled) beta = std::max(beta, hessian_norm(net, at, p.data, lanczos));
    m["beta.estimate"] = beta;
    m["beta.iterates"] = static_cast<double>(sampled.size());
    std::optional<GdConstants> constants;
    if (verdict == CriterionVerdict::certified) constants = gd_constants(f0, p.r, cert->alpha_cert, beta, eta);

    // The late rate against GD linearised at the final iterate, e+ = (I - eta G) e with
    // G = (2/n) J J^T: its slowest mode alone, 2 ln max_i |1 - eta mu_i|, and the mixture of
    // modes from the residual at the window's start, fitted over the same steps (a mode close to
    // the slowest one still shows in the window).
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> gn(gauss_newton(net, w, p.data));
    const Eigen::VectorXd mu = gn.eigenvalues();
    m["gn_final.mu_min"] = mu.minCoeff();
    m["gn_final.mu_max"] = mu.maxCoeff();
    // The terms the output sums: |a^T h_L(x_i)| (no cancellation inside it: a > 0 and h_L >= 0
    // at the positive init, h_L ~ 0 for tanh) and the bias c, the last parameter.
    const double c = w(w.size() - 1);
    const double output_scale = (net.predict(w, p.data.X).array() - c).abs().maxCoeff() + std::abs(c);
    m["output_scale"] = output_scale;
    const double step_decrease = 1.0 - (1.0 - eta * mu.array()).square().maxCoeff();
    const double floor = roundoff_floor(f0, output_scale, step_decrease);
    record_step_checks(log, t, eta, beta, floor, constants, m);
    Eigen::ArrayXd q = (1.0 - eta * mu.array()).abs();
    m["late.slowest_mode_slope"] = 2.0 * std::log(q.maxCoeff());
    std::sort(q.begin(), q.end());
    if (q.size() > 1) m["late.next_mode_slope"] = 2.0 * std::log(q(q.size() - 2));
    std::vector<long> late_steps;
    std::vector<double> late_loss, linearised;
    if (window_start >= 0) {
        const Eigen::ArrayXd c2 = (gn.eigenvectors().transpose() * (net.predict(w_window, p.data.X) - p.data.Y).col(0))
                                      .array()
                                      .square();
        // Mode i's share of the loss shrinks by (1 - eta mu_i)^2 a step.
        Eigen::ArrayXd share = c2 / static_cast<double>(p.data.n());
        const Eigen::ArrayXd factor = (1.0 - eta * mu.array()).square();
        for (std::size_t k = static_cast<std::size_t>(window_start); k < log.loss.size(); ++k) {
            late_steps.push_back(static_cast<long>(k));
            late_loss.push_back(log.loss[k]);
            linearised.push_back(share.sum());
            share *= factor;
        }
    }
    // A fit over many steps averages the round-off of single steps: the window only starts where
    // f's own relative error, 2 kResidualUlps eps S / sqrt(f), is below 2%. Under two decades
    // left, nothing is fitted.
    const double fit_floor = std::pow(100.0 * kResidualUlps * std::numeric_limits<double>::epsilon() * output_scale, 2);
    m["late.fit_floor_ratio"] = fit_floor / f0;
    const LossWindow window{std::max(kLateWindow.lo, fit_floor / f0), kLateWindow.hi};
    m["late.window_below_roundoff"] = window.lo > kLateWindow.hi * 1e-2;
    const auto fit = window.lo > kLateWindow.hi * 1e-2 ? std::nullopt : fit_linear_rate(late_steps, late_loss, f0, window);
    const auto predicted = fit_linear_rate(late_steps, linearised, f0, window);
    if (fit && predicted) {
        m["window.late.first_step"] = static_cast<double>(fit->first_step);
        m["window.late.last_step"] = static_cast<double>(fit->last_step);
        m["window.late.observed_slope"] = fit->slope;
        m["window.late.intercept"] = fit->intercept;
        m["window.late.r2"] = fit->r2;
        m["window.late.predicted_slope"] = predicted->slope;
    }
    return run;
}

std::vector<Parameter> common_parameters(double steps_quick, double steps_full) {
    return {{"n", 4, 8, "points on the unit sphere (ignored with --data)", true, 1, 1000},
            {"d", 8, 16, "input dimension; d >= n gives independent inputs (ignored with --data)", true, 1, 10000},
            {"hidden_scale", 1.0, 1.0, "hidden weight w_h = hidden_scale / width", false, 1e-6, 1e6},
            {"radius_fraction", 0.2, 0.2, "ball radius r = radius_fraction x w_h (the certificate needs r < w_h)",
             false, 1e-6, 0.999999},
            {"eta_fraction", 0.5, 0.5, "step as a fraction of 2 (1 - delta) / beta(w0) (of 2 / beta(w0) when not certified)",
             false, 1e-6, 0.999999},
            {"search_restarts", 4, 8, "starts of the search of the ball for small |grad f|^2 / f", true, 1, 1000},
            {"search_steps", 40, 100, "projected descent steps per start (one HVP each)", true, 1, 100000},
            {"max_steps", steps_quick, steps_full, "GD step budget (runs stop at f <= 1e-24 f0)", true, 1}};
}

Parameter single_replicate_row() {
    return {"replicates", 1, 1, "one data draw: the claims compare runs on the same data", true, 1, 1};
}

std::vector<std::string> conventions(const ScenarioContext& ctx) {
    std::vector<std::string> notes{
        "loss f = (1/n) sum_i (phi(x_i) - y_i)^2 (mean, no 1/2); phi(x) = a^T h_L + c, h_l = sigma(W_l h_(l-1)), no "
        "hidden biases; depth = number of weight layers (depth - 1 hidden layers)",
        "positive init: W_1 = 0, every hidden weight w_h = hidden_scale / width, every output weight A; the output "
        "bias starts at -a^T h_L(w0), so the initial output is 0 and f(w0) = mean(y^2) for every A",
        "criterion 4 f0 < r^2 alpha(w0, r): certified when 4 f0 < r^2 alpha_cert (the pre-activation bound of "
        "THEORY.md), refuted when 4 f0 >= r^2 alpha_up (projected descent on |grad f|^2/f over the ball, one exact "
        "HVP a step), else undetermined; alpha_traj (min over iterates) is an upper bound, a diagnostic",
        "beta = the largest |Hessian eigenvalue| (Lanczos on exact HVPs) at the init, at the first iterates with "
        "f/f0 below 1e-1, 1e-4, 1e-8, 1e-16 and at the end: a lower bound on the sup over the ball, so theta, the "
        "rate bound and the path bound built on it are estimates",
        "bounds compared with f_k only above the round-off floor max(1e-24 f0, (100 eps S / q)^2), S = max_i |a^T "
        "h_L(x_i)| + |c| (the bias cancels a^T h_L at init), q the slowest mode's per-step decrease; late window f/f0 in [1e-22, 1e-14]; Gauss-Newton "
        "matrix (2/n) J J^T",
    };
    if (ctx.data)
        notes.push_back("data from " + ctx.data_origin + "; n and d taken from the file (deep.contrasts' d < n case "
                        "keeps its generated points)");
    return notes;
}

}  // namespace ratebench::deep
