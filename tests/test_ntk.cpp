// Neural tangent kernels: the closed-form infinite-width Gram of relu2 (THEORY.md "relu2"),
// its Monte-Carlo limit from a very wide net, and the empirical J J^T.
#include "core/activation.hpp"
#include "core/data.hpp"
#include "core/models/mlp.hpp"
#include "core/models/relu2.hpp"
#include "core/ntk.hpp"
#include "core/rng.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>
#include <omp.h>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <numbers>
#include <vector>

namespace {

using namespace ratebench;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

MatrixXd sphere(Index n, Index d, std::uint64_t rep) {
    Stream s(7, "test.ntk", rep, "data");
    return unit_sphere_points(n, d, s);
}

// Gram of relu2 at init for width m: J J^T via the fast path.
MatrixXd relu2_gram_at_init(const MatrixXd& X, Index m, std::uint64_t rep) {
    Stream signs(7, "test.ntk.wide", rep, "signs");
    Stream init(7, "test.ntk.wide", rep, "init");
    const Relu2 model(X.cols(), Relu2::random_signs(m, signs));
    return model.gram(model.init(init), X);
}

}  // namespace

TEST_CASE("H_inf: known entries, symmetry, diagonal |x|^2/2, positive definite", "[ntk]") {
    SECTION("known answers") {
        // e1, (e1 + sqrt3 e2)/2 (60 degrees), e2 (90 degrees), -e1 (180 degrees), 3 e2.
        const double s3 = std::sqrt(3.0);
        MatrixXd X(5, 2);
        X << 1, 0, 0.5, s3 / 2, 0, 1, -1, 0, 0, 3;
        const MatrixXd H = ntk_gram_relu_infinite(X);
        // x.y (pi - angle) / (2 pi); each is one or two roundings of exact constants: 1e-15.
        CHECK(H(0, 0) == Approx(0.5).margin(1e-15));
        CHECK(H(0, 1) == Approx(0.5 * (2.0 / 3.0) / 2.0).margin(1e-15));  // = 1/6
        CHECK(H(0, 2) == Approx(0.0).margin(1e-15));                      // orthogonal
        CHECK(H(0, 3) == Approx(0.0).margin(1e-15));                      // antiparallel
        CHECK(H(1, 2) == Approx((s3 / 2) * (1.0 - 1.0 / 6.0) / 2.0).margin(1e-15));  // 30 deg
        CHECK(H(4, 4) == Approx(4.5).margin(1e-14));                      // |x|^2 / 2 = 9/2
        CHECK(H(2, 4) == Approx(1.5).margin(1e-14));                      // parallel: 3/2
        // Parallel points: round-off could push the cosine past 1; no NaN.
        CHECK(H.allFinite());
    }
    SECTION("random unit points") {
        const MatrixXd X = sphere(12, 6, 0);
        const MatrixXd H = ntk_gram_relu_infinite(X);
        REQUIRE(H.rows() == 12);
        REQUIRE(H.cols() == 12);
        CHECK(H == H.transpose());  // every entry is computed from the symmetric X X^T
        // |x_i|^2 of a normalised row is 1 up to ~d eps; 1e-14 is ~8x that.
        for (Index i = 0; i < 12; ++i) CHECK(H(i, i) == Approx(0.5).margin(1e-14));
        // Non-parallel unit points give lambda_min > 0 (Du et al. 2019, Thm 3.1). For 12 generic
        // points in R^6 it is well away from the round-off floor ~ n eps.
        const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(H);
        INFO("eigenvalues " << eig.eigenvalues().transpose());
        CHECK(eig.eigenvalues().minCoeff() > 1e3 * 12 * tol::eps);
        // Entries are x.y (pi - angle)/(2 pi) with |x.y| <= 1: bounded by 1/2 in magnitude.
        CHECK(H.cwiseAbs().maxCoeff() <= 0.5 + 1e-14);  // same round-off of |x|^2 as above
    }
}

TEST_CASE("H_inf is the infinite-width limit of relu2's Gram at init (Monte Carlo)", "[ntk]") {
    // H_ij(m) = (x_i.x_j) (1/m) sum_r 1{w_r.x_i >= 0, w_r.x_j >= 0}, w_r i.i.d. N(0, I): a mean of
    // m i.i.d. Bernoulli(p_ij) indicators times x_i.x_j, with expectation H_inf_ij. Its standard
    // error is |x_i.x_j| sqrt(p (1-p) / m) <= |x_i.x_j| * 0.5 / sqrt(m).
    const Index n = 8, d = 10;
    const MatrixXd X = sphere(n, d, 1);
    const MatrixXd Hinf = ntk_gram_relu_infinite(X);
    const MatrixXd dots = X * X.transpose();

    // Over R independent nets per width: the largest deviation in standard errors, and the RMS
    // deviation (Frobenius over entries and replicates), whose square has expectation
    // proportional to 1/m. The RMS is far steadier than a maximum over entries.
    constexpr std::uint64_t R = 8;
    auto deviations = [&](Index m, std::uint64_t first_rep) {
        double worst_z = 0.0, sum_sq = 0.0;
        for (std::uint64_t rep = first_rep; rep < first_rep + R; ++rep) {
            const MatrixXd err = relu2_gram_at_init(X, m, rep) - Hinf;
            sum_sq += err.squaredNorm();
            for (Index j = 0; j < n; ++j)
                for (Index i = 0; i < n; ++i) {
                    const double se =
                        std::abs(dots(i, j)) * 0.5 / std::sqrt(static_cast<double>(m));
                    // +1e-300: an entry with x_i.x_j = 0 exactly has zero error and zero se.
                    worst_z = std::max(worst_z, std::abs(err(i, j)) / (se + 1e-300));
                }
        }
        return std::pair{worst_z, std::sqrt(sum_sq / R)};
    };

    const auto [z_wide, rms_wide] = deviations(200000, 0);
    const auto [z_narrow, rms_narrow] = deviations(2000, R);  // independent replicates
    INFO("m = 200000: RMS |G - H_inf| = " << rms_wide << ", max in standard errors " << z_wide);
    INFO("m = 2000:   RMS |G - H_inf| = " << rms_narrow << ", max in standard errors " << z_narrow);
    // 6 standard errors: by the CLT (m >= 2000 terms) P(|z| > 6) ~ 2e-9 per entry, so over the
    // 2 x 8 x 36 distinct entries the chance of a false alarm is ~1e-6; a wrong kernel (e.g. a
    // factor 1/2 or the wrong angle) is off by O(0.1) = ~100 standard errors at m = 200000.
    CHECK(z_wide < 6.0);
    CHECK(z_narrow < 6.0);
    // The error shrinks like m^-1/2: the RMS ratio is ~ sqrt(100) = 10. The band (3, 33), a
    // factor 3.3 either side, is generous: even counting only 8 independent entries per width
    // and replicate the RMS over 64 of them fluctuates by ~10%. It excludes no decay (ratio ~1)
    // and an m^-1 decay (~100).
    const double ratio = rms_narrow / rms_wide;
    INFO("RMS error ratio m=2000 / m=200000: " << ratio);
    CHECK(ratio > 3.0);
    CHECK(ratio < 33.0);
}

TEST_CASE("empirical_ntk of relu2 equals Relu2::gram", "[ntk]") {
    const MatrixXd X = sphere(7, 5, 2);
    Stream signs(7, "test.ntk.relu2", 0, "signs");
    Stream init(7, "test.ntk.relu2", 0, "init");
    const Relu2 model(5, Relu2::random_signs(300, signs));
    const VectorXd theta = model.init(init);
    const MatrixXd K = empirical_ntk(model, theta, X);
    const MatrixXd G = model.gram(theta, X);
    REQUIRE(K.rows() == 7);
    REQUIRE(K.cols() == 7);
    // (J J^T)_ij sums p = m d = 1500 terms x_ik x_jk / m (or 0) whose absolute values add up
    // to <= |x_i||x_j| = 1: round-off <= ~p eps; gram's is ~(d + 2) eps. 4 p eps bounds both.
    const double bound = 4.0 * 300 * 5 * tol::eps;
    INFO("max |empirical_ntk - gram| = " << (K - G).cwiseAbs().maxCoeff());
    CHECK((K - G).cwiseAbs().maxCoeff() <= bound);
}

TEST_CASE("empirical_ntk of an mlp is J J^T, n k x n k", "[ntk]") {
    SECTION("tanh net, two outputs") {
        const Index n = 6, d = 3, k = 2;
        const Mlp model(MlpShape{d, {5, 4}, k, true, true}, tanh_activation(),
                        LossConvention::mean, MlpInit{MlpInit::Scheme::iid, 0.7});
        Stream init(7, "test.ntk.mlp", 0, "init");
        const VectorXd theta = model.init(init);
        const MatrixXd X = sphere(n, d, 3);
        const MatrixXd K = empirical_ntk(model, theta, X);
        REQUIRE(K.rows() == n * k);
        REQUIRE(K.cols() == n * k);
        const MatrixXd J = model.jacobian(theta, X);
        const MatrixXd JJt = J * J.transpose();
        // The same product computed twice: identical up to a few ulps of the largest entry.
        CHECK((K - JJt).cwiseAbs().maxCoeff() <= 1e-13 * JJt.cwiseAbs().maxCoeff());
        // Symmetric: (K_ij, K_ji) are the same dot products summed in possibly different orders.
        CHECK((K - K.transpose()).cwiseAbs().maxCoeff() <= 1e-13 * K.cwiseAbs().maxCoeff());
        const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(K);
        // Positive semidefinite: eigenvalues >= -(round-off ~ p eps |K|).
        CHECK(eig.eigenvalues().minCoeff() >= -1e-12 * K.cwiseAbs().maxCoeff());
    }
    SECTION("linear model with output bias: K_{(i,a),(j,b)} = delta_ab (x_i.x_j + 1)") {
        // f_a(x) = W_a. x + b_a: d f_a / d(W_c, b_c) = delta_ac (x, 1), a known kernel.
        const Index n = 4, d = 3, k = 3;
        const Mlp model(MlpShape{d, {}, k, false, true}, identity(), LossConvention::half_mean,
                        MlpInit{MlpInit::Scheme::iid, 0.7});
        Stream init(7, "test.ntk.linear", 0, "init");
        const VectorXd theta = model.init(init);
        Stream s(7, "test.ntk.linear", 0, "data");
        MatrixXd X(n, d);
        s.fill_normal(X);
        const MatrixXd K = empirical_ntk(model, theta, X);
        REQUIRE(K.rows() == n * k);
        REQUIRE(K.cols() == n * k);
        for (Index i = 0; i < n; ++i)
            for (Index a = 0; a < k; ++a)
                for (Index j = 0; j < n; ++j)
                    for (Index b = 0; b < k; ++b) {
                        const double expected = a == b ? X.row(i).dot(X.row(j)) + 1.0 : 0.0;
                        // d + 1 = 4 products of O(1) numbers: a few ulps.
                        CHECK(K(i * k + a, j * k + b) == Approx(expected).margin(1e-14));
                    }
    }
}

TEST_CASE("H_inf is bit-identical for 1, 2 and 3 OpenMP threads", "[ntk]") {
    const MatrixXd X = sphere(61, 5, 4);  // 61 columns: uneven shares for 2 and 3 threads
    const int saved = omp_get_max_threads();
    std::vector<MatrixXd> grams;
    for (int threads : {1, 2, 3}) {
        omp_set_num_threads(threads);
        grams.push_back(ntk_gram_relu_infinite(X));
    }
    omp_set_num_threads(saved);
    CHECK(grams[1] == grams[0]);  // bitwise: ==, not Approx
    CHECK(grams[2] == grams[0]);
}
