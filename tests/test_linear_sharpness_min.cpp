// s_min of deep linear nets: every closed form against the numeric minimisation over the
// minimum set, the closed forms against each other, and the Gauss-Newton matrix at a minimum
// against the net's exact Hessian (dense and by Lanczos).
#include "core/models/linear_net.hpp"
#include "core/sharpness_min.hpp"
#include "core/spectrum.hpp"
#include "support/tolerances.hpp"

#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>
#include <cmath>

using namespace ratebench;
using Catch::Matchers::WithinRel;

namespace {

// The numeric value is lambda_max at a point of {P = W*}, minimised down to a smoothing of
// 1e-11 of the value (error <= 1e-11 ln(k d)); 1e-8 leaves three decades for a stage that stops
// early, while a non-flattest minimum (e.g. the balanced one) is off by percents.
constexpr double kNumeric = 1e-8;

std::vector<Eigen::Index> widths_of(Eigen::Index d, Eigen::Index width, int depth, Eigen::Index k) {
    std::vector<Eigen::Index> w{d};
    for (int l = 1; l < depth; ++l) w.push_back(width);
    w.push_back(k);
    return w;
}

Eigen::MatrixXd random_spd(Eigen::Index d, Stream& s, double floor) {
    Eigen::MatrixXd A(d, d);
    s.fill_normal(A);
    return A * A.transpose() / static_cast<double>(d) + floor * Eigen::MatrixXd::Identity(d, d);
}

}  // namespace

TEST_CASE("linear s_min: scalar chain and toy closed forms equal the numeric minimum", "[linear]") {
    Stream s(1, "test", 0, "chain");
    for (double y : {2.0, -0.7, 0.05, 3.5})
        for (int N = 2; N <= 4; ++N) {
            INFO("y = " << y << ", depth " << N);
            const Eigen::MatrixXd one = Eigen::MatrixXd::Ones(1, 1), target = Eigen::MatrixXd::Constant(1, 1, y);
            const NumericSMin numeric = s_min_numeric(one, target, widths_of(1, 1, N, 1), s);
            CHECK_THAT(numeric.value, WithinRel(s_min_scalar_chain(N, y), kNumeric));
            CHECK(numeric.constraint_residual < 1e-13);
            if (N == 2) {  // 1/2 (xy - c)^2: eta* = 1/|c|
                CHECK_THAT(s_min_scalar_toy(y), WithinRel(s_min_scalar_chain(2, y), 1e-15));
                CHECK_THAT(2.0 / s_min_scalar_toy(y), WithinRel(1.0 / std::abs(y), 1e-15));
            }
            // Covariance s scales every curvature: s_min(s) = s s_min(1).
            const NumericSMin scaled = s_min_numeric(3.0 * one, target, widths_of(1, 1, N, 1), s);
            CHECK_THAT(scaled.value, WithinRel(s_min_scalar_chain(N, y, 3.0), kNumeric));
        }
}

TEST_CASE("linear s_min: whitened closed form equals the numeric minimum, wide and multi-output", "[linear]") {
    Stream s(2, "test", 0, "whitened");
    for (int N = 2; N <= 4; ++N)
        for (Eigen::Index k : {1, 2}) {
            INFO("depth " << N << ", k = " << k);
            Eigen::MatrixXd target(k, 3);
            s.fill_normal(target);
            const NumericSMin numeric =
                s_min_numeric(Eigen::MatrixXd::Identity(3, 3), target, widths_of(3, 4, N, k), s);
            CHECK_THAT(numeric.value, WithinRel(s_min_whitened(N, target), kNumeric));
            for (double v : numeric.restart_values) CHECK(v >= numeric.value);
        }
    // Depth 2, one output, Sigma = I: the 1-D search gives 2 |b|.
    Eigen::VectorXd b(3);
    b << 0.3, -1.2, 0.8;
    CHECK_THAT(s_min_depth2_single_output(Eigen::MatrixXd::Identity(3, 3), b).value,
               WithinRel(s_min_whitened(2, b.transpose()), 1e-10));
}

TEST_CASE("linear s_min: the depth-2 single-output 1-D search equals the numeric minimum", "[linear]") {
    Stream s(3, "test", 0, "depth2");
    for (int trial = 0; trial < 4; ++trial) {
        const Eigen::Index d = 2 + trial;
        const Eigen::MatrixXd sigma = random_spd(d, s, 0.05);
        Eigen::VectorXd b(d);
        s.fill_normal(b);
        const OneDimensionalMin closed = s_min_depth2_single_output(sigma, b);
        const NumericSMin numeric = s_min_numeric(sigma, b.transpose(), widths_of(d, d, 2, 1), s);
        INFO("d = " << d << ": closed " << closed.value << ", numeric " << numeric.value);
        CHECK_THAT(numeric.value, WithinRel(closed.value, kNumeric));
        // The naive balanced factorisation is not the flattest under anisotropy.
        const double balanced = top_gauss_newton_eigenvalue(balanced_factorisation(b.transpose(), {d, d, 1}), sigma);
        CHECK(balanced >= closed.value * (1 - 1e-12));
    }
}

TEST_CASE("linear s_min: the numeric minimum holds at any data size (inputs of 1e-150 or 1e100)", "[linear]") {
    // Sigma = c^2 Sigma_1 and W* = W*_1 / c (inputs scaled by c): s_min = c^(2/N) s_min_1. The
    // squared gradients of the unscaled search underflowed at c = 1e-150 (it stopped at the
    // balanced start, 15% above the closed form); scaled inside, the same kNumeric holds.
    Stream s(9, "test", 0, "scale");
    const Eigen::Index d = 3;
    const Eigen::MatrixXd sigma = random_spd(d, s, 0.05);
    Eigen::VectorXd b(d);
    s.fill_normal(b);
    for (double c : {1e-150, 1e-20, 1.0, 1e100}) {
        INFO("inputs scaled by " << c);
        const Eigen::MatrixXd sigma_c = c * c * sigma;
        const Eigen::VectorXd b_c = b / c;
        const double closed = s_min_depth2_single_output(sigma_c, b_c).value;
        CHECK_THAT(closed, WithinRel(c * s_min_depth2_single_output(sigma, b).value, 1e-10));
        const NumericSMin numeric = s_min_numeric(sigma_c, b_c.transpose(), widths_of(d, d, 2, 1), s);
        CHECK_THAT(numeric.value, WithinRel(closed, kNumeric));
        CHECK(numeric.constraint_residual < 1e-13);
        for (int N = 3; N <= 4; ++N) {
            INFO("depth " << N);
            const NumericSMin chain = s_min_numeric(Eigen::MatrixXd::Constant(1, 1, c * c),
                                                    Eigen::MatrixXd::Constant(1, 1, 2.0 / c), widths_of(1, 1, N, 1), s);
            CHECK_THAT(chain.value, WithinRel(s_min_scalar_chain(N, 2.0 / c, c * c), kNumeric));
        }
    }
}

TEST_CASE("linear Gauss-Newton at a minimum equals the net's exact Hessian and Lanczos finds its top", "[linear]") {
    Stream s(4, "test", 0, "hessian");
    // n = 10 points in d = 4, k = 2 noisy targets (L_min > 0), depth 3 of width 5: 55 parameters,
    // above the dense limit of 40, so top_hessian_eigen runs Lanczos.
    Dataset data;
    data.X.resize(10, 4);
    s.fill_normal(data.X);
    data.Y.resize(10, 2);
    s.fill_normal(data.Y);
    const LinearProblem lp = linear_problem(data);
    CHECK(lp.min_loss > 0);
    const std::vector<Eigen::Index> widths{4, 5, 5, 2};
    const Mlp net = linear_net(4, {5, 5}, 2, LossConvention::half_mean);
    REQUIRE(net.num_params() == 55);
    const NumericSMin flattest = s_min_numeric(lp.sigma, lp.target, widths, s);
    for (const Layers& at : {balanced_factorisation(lp.target, widths), flattest.layers}) {
        const Eigen::VectorXd theta = flatten_layers(at);
        CHECK(std::abs(net.loss(theta, data) - lp.min_loss) <= 1e-12 * lp.min_loss);
        CHECK((end_to_end(net, theta) - lp.target).norm() <= 1e-13 * lp.target.norm());
        Eigen::MatrixXd H(55, 55);
        for (Eigen::Index j = 0; j < 55; ++j) H.col(j) = net.hvp(theta, Eigen::VectorXd::Unit(55, j), data);
        const Eigen::MatrixXd G = gauss_newton(at, lp.sigma);
        CHECK((H - G).cwiseAbs().maxCoeff() <= 1e-10 * G.cwiseAbs().maxCoeff());
        const double top = top_gauss_newton_eigenvalue(at, lp.sigma);
        const double dense_top = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(G).eigenvalues().maxCoeff();
        CHECK_THAT(dense_top, WithinRel(top, 1e-12));
        Stream start(4, "test", 1, "lanczos");
        const TopEigen lanczos = top_hessian_eigen(net, theta, data, start);
        CHECK(lanczos.converged);
        CHECK(lanczos.residual <= tol::eigenvalue * top);
        CHECK_THAT(lanczos.value, WithinRel(top, tol::eigenvalue));
    }
    // Off the minimum set the Hessian has a residual term: Gauss-Newton is not the Hessian.
    Eigen::VectorXd off = flatten_layers(flattest.layers);
    off(0) += 0.3;
    Eigen::MatrixXd H(55, 55);
    for (Eigen::Index j = 0; j < 55; ++j) H.col(j) = net.hvp(off, Eigen::VectorXd::Unit(55, j), data);
    CHECK((H - gauss_newton(unflatten_layers(off, widths), lp.sigma)).cwiseAbs().maxCoeff() > 1e-3);
}

TEST_CASE("linear problem: W*, Sigma, L_min and the excess loss from data", "[linear]") {
    Stream s(5, "test", 0, "problem");
    Dataset data;
    data.X.resize(7, 3);
    s.fill_normal(data.X);
    data.Y.resize(7, 1);
    s.fill_normal(data.Y);
    const LinearProblem lp = linear_problem(data);
    const Mlp net = linear_net(3, {2}, 1, LossConvention::half_mean, 0.5);
    Stream init(5, "test", 1, "init");
    const Eigen::VectorXd theta = net.init(init);
    CHECK_THAT(excess_loss(lp, end_to_end(net, theta)), WithinRel(net.loss(theta, data) - lp.min_loss, 1e-10));
    // The normal equations hold at W*.
    CHECK((data.X.transpose() * (data.X * lp.target.transpose() - data.Y)).norm() <= 1e-12 * data.X.norm() * data.Y.norm());
    Dataset singular = data;
    singular.X.col(2) = singular.X.col(0);
    CHECK_THROWS(linear_problem(singular));
    CHECK_THROWS(balanced_factorisation(Eigen::MatrixXd::Identity(2, 2), {2, 1, 2}));  // width below rank
}

TEST_CASE("linear problem: the rank of X^T X names the dependent columns", "[linear]") {
    Stream s(6, "test", 0, "rank");
    Eigen::MatrixXd X(6, 4);
    s.fill_normal(X);
    const auto rank_of = [](const Eigen::MatrixXd& x) { return input_rank(x.transpose() * x / x.rows()); };
    CHECK(rank_of(X).rank == 4);
    CHECK(rank_of(X).dependent_columns.empty());
    // Column 4 = 2 column 1 - column 3: those three, not column 2.
    Eigen::MatrixXd dependent = X;
    dependent.col(3) = 2 * X.col(0) - X.col(2);
    const InputRank r = rank_of(dependent);
    CHECK(r.rank == 3);
    CHECK(r.dependent_columns == std::vector<Eigen::Index>{0, 2, 3});
    CHECK(rank_deficiency_text(r, 6, 4) ==
          "X^T X is singular (rank 3 of d = 4, n = 6 points): input columns 1, 3 and 4 are linearly dependent");
    Eigen::MatrixXd zero = X;
    zero.col(1).setZero();
    CHECK(rank_deficiency_text(rank_of(zero), 6, 4) ==
          "X^T X is singular (rank 3 of d = 4, n = 6 points): input column 2 is zero on every point");
    // Near the overflow threshold the rank holds; past it there is no rank to judge.
    CHECK(rank_of(Eigen::MatrixXd::Constant(1, 1, 1.2e154)).rank == 1);
    CHECK(!rank_of(Eigen::MatrixXd::Constant(1, 1, 1e200)).finite);
    Dataset data{dependent, Eigen::MatrixXd::Ones(6, 1)};
    CHECK_THROWS_WITH(linear_problem(data), Catch::Matchers::Contains("input columns 1, 3 and 4 are linearly dependent"));
}

TEST_CASE("linear s_min: a minimum set out of double's reach is a NaN value, not an exception", "[linear]") {
    Stream s(8, "test", 0, "overflow");
    const NumericSMin numeric = s_min_numeric(Eigen::MatrixXd::Identity(2, 2), Eigen::MatrixXd::Constant(1, 2, 1e300),
                                              widths_of(2, 3, 3, 1), s);
    CHECK(std::isnan(numeric.value));
    CHECK(numeric.layers.empty());
}
