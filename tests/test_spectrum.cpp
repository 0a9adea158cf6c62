// Eigenvalues: dense and Lanczos paths against Eigen's dense solver, with residuals.
#include "core/models/mlp.hpp"
#include "core/spectrum.hpp"
#include "support/quadratic.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

using namespace ratebench;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

Eigen::MatrixXd random_symmetric(Eigen::Index n, Stream& stream) {
    Eigen::MatrixXd A(n, n);
    stream.fill_normal(A);
    return 0.5 * (A + A.transpose());
}

}  // namespace

TEST_CASE("summarize_spectrum gives extremes and condition number", "[spectrum]") {
    const Eigen::Vector3d d(3.0, 0.5, 2.0);
    const SpectrumSummary s = summarize_spectrum(d.asDiagonal().toDenseMatrix());
    REQUIRE_THAT(s.lambda_min, WithinRel(0.5, 1e-15));
    REQUIRE_THAT(s.lambda_max, WithinRel(3.0, 1e-15));
    REQUIRE_THAT(s.kappa, WithinRel(6.0, 1e-15));
    REQUIRE(std::isinf(summarize_spectrum(Eigen::Matrix2d::Zero()).kappa));
}

TEST_CASE("top eigenpair by Lanczos matches the dense solver", "[spectrum]") {
    Stream stream(5, "test.lanczos", 0);
    for (Eigen::Index n : {10, 200}) {  // 10: dense path; 200: Spectra
        const Eigen::MatrixXd A = random_symmetric(n, stream);
        const Eigen::VectorXd exact =
            Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(A, Eigen::EigenvaluesOnly).eigenvalues();
        auto apply = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return A * v; };
        const double scale = exact.cwiseAbs().maxCoeff();
        INFO("n = " << n);
        const TopEigen alg = top_eigenpair(n, apply, stream, Extreme::largest_algebraic);
        REQUIRE(alg.converged);
        REQUIRE_THAT(alg.value, WithinAbs(exact(n - 1), tol::eigenvalue * scale));
        // Lanczos' stopping rule bounds the residual by tol |lambda|.
        REQUIRE(alg.residual <= 1e-6 * scale);
        const TopEigen mag = top_eigenpair(n, apply, stream, Extreme::largest_magnitude);
        const double largest = std::abs(exact(0)) > std::abs(exact(n - 1)) ? exact(0) : exact(n - 1);
        REQUIRE_THAT(mag.value, WithinAbs(largest, tol::eigenvalue * scale));
    }
}

TEST_CASE("a Lanczos run that does not converge says so, with its residual", "[spectrum]") {
    // 400 eigenvalues evenly spaced in [0, 1]: a relative gap of 1/399 at the top, which 24
    // Lanczos vectors and one restart cannot resolve to 1e-10.
    const Eigen::VectorXd lambda = Eigen::VectorXd::LinSpaced(400, 0.0, 1.0);
    auto apply = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd { return lambda.cwiseProduct(v); };
    Stream stream(2, "test.lanczos-cap", 0);
    const TopEigen capped = top_eigenpair(400, apply, stream, Extreme::largest_algebraic, 1e-10, 1);
    REQUIRE_FALSE(capped.converged);
    REQUIRE(std::isfinite(capped.value));
    REQUIRE(capped.vector.size() == 400);
    REQUIRE_THAT(capped.vector.norm(), WithinRel(1.0, 1e-12));
    // The residual is the pair's own, recomputed here, and above the tolerance it missed.
    REQUIRE_THAT(capped.residual, WithinRel((apply(capped.vector) - capped.value * capped.vector).norm(), 1e-12));
    REQUIRE(capped.residual > 1e-10);
    // A symmetric matrix has an eigenvalue within the residual of any Ritz value, and Ritz
    // values never exceed the largest eigenvalue.
    REQUIRE(capped.value <= 1.0 + 1e-12);
    REQUIRE(1.0 - capped.value <= capped.residual + 1.0 / 399);
    // Given its default budget, the same run converges.
    Stream again(2, "test.lanczos-cap", 0);
    REQUIRE(top_eigenpair(400, apply, again).converged);
}

TEST_CASE("Lanczos on an operator that returns NaN is an unconverged answer, not a crash", "[spectrum]") {
    auto nan = [](const Eigen::VectorXd& v) -> Eigen::VectorXd {
        return Eigen::VectorXd::Constant(v.size(), std::nan(""));
    };
    Stream stream(3, "test.lanczos-nan", 0);
    for (Eigen::Index n : {10, 200}) {  // dense path and Spectra
        INFO("n = " << n);
        const TopEigen top = top_eigenpair(n, nan, stream);
        REQUIRE_FALSE(top.converged);
        REQUIRE(std::isnan(top.value));
        REQUIRE_FALSE(top.residual <= 0.0);  // NaN: no claim may read it as small
    }
}

TEST_CASE("sharpness of a quadratic is its largest curvature", "[spectrum]") {
    Eigen::VectorXd lambda = Eigen::VectorXd::LinSpaced(100, 0.01, 4.0);
    const testing::DiagonalQuadratic f{lambda};
    Stream stream(1, "test.sharpness", 0);
    const TopEigen top = top_hessian_eigen(f, Eigen::VectorXd::Ones(100), Dataset{}, stream);
    REQUIRE(top.converged);
    REQUIRE_THAT(top.value, WithinRel(4.0, tol::eigenvalue));
    REQUIRE(top.products > 0);
}

TEST_CASE("Lanczos on an mlp Hessian agrees with the dense Hessian from HVPs", "[spectrum]") {
    Stream stream(2, "test.mlp-hessian", 0);
    const Dataset data{unit_sphere_points(6, 4, stream), gaussian_targets(6, 1, stream)};
    const Mlp net(MlpShape{4, {8, 8}, 1, true, true}, tanh_activation(), LossConvention::mean,
                  MlpInit{MlpInit::Scheme::iid, 0.7});
    const Eigen::VectorXd theta = net.init(stream);
    const Eigen::Index p = net.num_params();
    REQUIRE(p > 40);  // past the dense limit: this exercises Spectra
    Eigen::MatrixXd H(p, p);
    for (Eigen::Index j = 0; j < p; ++j) H.col(j) = net.hvp(theta, Eigen::VectorXd::Unit(p, j), data);
    // The exact HVP gives a symmetric matrix up to round-off in the two products' orders.
    REQUIRE((H - H.transpose()).cwiseAbs().maxCoeff() <= 1e-12 * H.cwiseAbs().maxCoeff());
    const double exact = summarize_spectrum(0.5 * (H + H.transpose())).lambda_max;
    const TopEigen top = top_hessian_eigen(net, theta, data, stream);
    REQUIRE(top.converged);
    REQUIRE_THAT(top.value, WithinRel(exact, tol::eigenvalue));
}
