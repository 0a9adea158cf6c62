// Predicted rates against closed forms (THEORY.md) and the Jury stability conditions.
#include "core/optim/gradient_descent.hpp"
#include "core/optim/heavy_ball.hpp"
#include "core/optim/two_lag_momentum.hpp"
#include "core/predict.hpp"
#include "core/rng.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace ratebench;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

// Companion-matrix roots are accurate to ~eps for simple roots; a double root is only
// sqrt(eps) ~ 1e-8 accurate, hence the looser bound where one appears.
constexpr double kSimpleRoot = 1e-12;
constexpr double kDoubleRoot = 1e-7;

TEST_CASE("max_root_modulus on polynomials with known roots", "[predict]") {
    // (z - 0.5)(z + 0.8) = z^2 + 0.3 z - 0.4
    REQUIRE_THAT(max_root_modulus(Eigen::Vector3d(1, 0.3, -0.4)), WithinAbs(0.8, kSimpleRoot));
    // Complex pair of modulus 0.7 at angle 1: z^2 - 2 (0.7) cos(1) z + 0.49
    REQUIRE_THAT(max_root_modulus(Eigen::Vector3d(1, -1.4 * std::cos(1.0), 0.49)),
                 WithinAbs(0.7, kSimpleRoot));
    // (z - 0.9)(z^2 + 0.25) = z^3 - 0.9 z^2 + 0.25 z - 0.225
    REQUIRE_THAT(max_root_modulus(Eigen::Vector4d(1, -0.9, 0.25, -0.225)),
                 WithinAbs(0.9, kSimpleRoot));
    REQUIRE_THAT(max_root_modulus(Eigen::Vector2d(1, 1.3)), WithinAbs(1.3, 0.0));
}

TEST_CASE("GD contracts by max |1 - eta lambda|", "[predict]") {
    const Eigen::VectorXd lambdas = (Eigen::VectorXd(3) << 0.1, 1.0, 1.9).finished();
    const GradientDescent gd{{.eta = 1.0}};
    REQUIRE_THAT(*predicted_contraction(gd, lambdas), WithinAbs(0.9, kSimpleRoot));
    REQUIRE_THAT(loss_slope(0.9), WithinRel(2 * std::log(0.9), 1e-15));
}

TEST_CASE("Polyak's tuning gives (sqrt k - 1)/(sqrt k + 1)", "[predict]") {
    const double l0 = 0.04, l1 = 4.0, kappa = l1 / l0;
    const double eta = 4.0 / std::pow(std::sqrt(l1) + std::sqrt(l0), 2);
    const double root = (std::sqrt(kappa) - 1) / (std::sqrt(kappa) + 1);
    const HeavyBall hb{{.eta = eta, .beta = root * root}};
    const Eigen::VectorXd lambdas = (Eigen::VectorXd(3) << l0, 1.0, l1).finished();
    // The extreme modes are critically damped: double roots.
    REQUIRE_THAT(*predicted_contraction(hb, lambdas), WithinAbs(root, kDoubleRoot));
}

TEST_CASE("two-lag null-space modes: a root at 1, a double one when b1 + b2 = 1", "[predict]") {
    const TwoLagMomentum stable{{.eta = 0.1, .b1 = 0.5, .b2 = 0.3}};
    REQUIRE_THAT(max_root_modulus(*stable.characteristic(0.0)), WithinAbs(1.0, kSimpleRoot));
    // Beside the root at 1 the velocity factor z^2 - b1 z - b2 decays iff b1 + b2 < 1 (and
    // b2 - b1 < 1, |b2| < 1): at (0.5, 0.3) its roots are inside the circle ...
    REQUIRE(max_root_modulus(Eigen::Vector3d(1, -0.5, -0.3)) < 1.0);
    // ... at (0.2, 0.8) one of them is 1: (z - 1)^2 (z + 0.8).
    REQUIRE_THAT(max_root_modulus(Eigen::Vector3d(1, -0.2, -0.8)), WithinAbs(1.0, kSimpleRoot));
}

TEST_CASE("Jury conditions agree with the cubic's roots", "[predict]") {
    // THEORY.md: a mode with lambda > 0 converges iff 0 < eta lambda < 2 (1 + b1 - b2),
    // |b2| < 1 and 1 - b2^2 > |b2 eta lambda - b1 (1 + b2)|.
    Stream stream(3, "test.jury", 0);
    int checked = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        const double b1 = stream.uniform() * 4 - 2, b2 = stream.uniform() * 2.4 - 1.2;
        const double el = stream.uniform() * 6;
        const double m1 = 2 * (1 + b1 - b2) - el, m2 = 1 - b2 * b2 - std::abs(b2 * el - b1 * (1 + b2));
        const bool jury = el > 0 && m1 > 0 && std::abs(b2) < 1 && m2 > 0;
        const double rho = max_root_modulus(*TwoLagMomentum{{.eta = 1.0, .b1 = b1, .b2 = b2}}
                                                 .characteristic(el));
        // Skip the boundary band, where the roots' own error (~1e-8 near double roots)
        // could flip the comparison.
        if (std::abs(rho - 1) < 1e-6 || std::min({std::abs(m1), std::abs(m2), std::abs(1 - std::abs(b2))}) < 1e-6)
            continue;
        ++checked;
        INFO("b1 " << b1 << " b2 " << b2 << " eta lambda " << el << " rho " << rho);
        REQUIRE(jury == (rho < 1));
    }
    REQUIRE(checked > 19000);
}

TEST_CASE("heavy-ball ODE exponent is continuous at critical damping", "[predict]") {
    const double l0 = 0.25, critical = 2 * std::sqrt(l0);
    REQUIRE_THAT(heavy_ball_ode_exponent(0.5 * critical, l0), WithinAbs(0.5 * critical, 0.0));
    REQUIRE_THAT(heavy_ball_ode_exponent(critical, l0), WithinAbs(critical, 1e-15));
    REQUIRE_THAT(heavy_ball_ode_exponent(critical * (1 - 1e-9), l0), WithinAbs(critical, 1e-8));
    // Strong damping: nu -> 2 lambda0 / gamma.
    REQUIRE_THAT(heavy_ball_ode_exponent(100.0, l0), WithinRel(2 * l0 / 100.0, 1e-4));
}

TEST_CASE("Nesterov schedule slopes", "[predict]") {
    REQUIRE_THAT(nesterov_ode_envelope_slope(3, 0.0, 1.0, 10, 100), WithinAbs(-3.0, 0.0));
    REQUIRE(nesterov_ode_envelope_slope(6, 0.01, 0.1, 100, 300) < -6.0);
    REQUIRE_THAT(nesterov_late_peak_slope(3, 0.1, 0.1, 1000),
                 WithinRel(std::log(0.99) - 0.003, 1e-15));
}
