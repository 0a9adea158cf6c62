// The balanced period-2 orbit of GD on 1/2 (xy - c)^2: the closed form against iterating GD.
#include "core/toy_orbit.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace ratebench;

namespace {

// Mean |grad| over two steps of GD after `steps` steps from (x, y).
double late_grad(double c, double eta, double x, double y, long steps) {
    auto step = [&] {
        const double e = x * y - c, gx = y * e, gy = x * e;
        const double norm = std::hypot(gx, gy);
        x -= eta * gx;
        y -= eta * gy;
        return norm;
    };
    for (long k = 0; k < steps; ++k) step();
    return 0.5 * (step() + step());
}

}  // namespace

TEST_CASE("toy orbit: closed-form late gradient equals GD's on the attracting 2-cycle", "[toy-orbit]") {
    for (double c : {1.0, 2.5, -0.7})
        for (double rho : {1.02, 1.1, 1.2}) {
            INFO("c " << c << ", eta/eta* " << rho);
            const double eta = rho / std::abs(c);
            // Start off the balanced line and off the cycle: both contract (header comment).
            const double s = std::sqrt(std::abs(c));
            const double observed = late_grad(c, eta, 1.01 * s, std::copysign(0.98 * s, c), 20000);
            // Contraction to round-off in 20000 steps (multiplier |9 - 2(1 + rho)^2| <= 0.92 per
            // two steps at rho = 1.02); what is left is round-off of a few ulps of each step.
            CHECK_THAT(observed, Catch::Matchers::WithinRel(toy_period2_grad_norm(c, eta), 1e-12));
        }
    // Close to the flip bifurcation the amplitude is sqrt(2 (rho - 1)) |c|^(3/2) to first order.
    CHECK_THAT(toy_period2_grad_norm(1.0, 1.0 + 1e-8), Catch::Matchers::WithinRel(std::sqrt(2e-8), 1e-6));
    CHECK(std::isnan(toy_period2_grad_norm(1.0, 0.99)));
}

TEST_CASE("toy orbit: beyond sqrt 5 - 1 the cycle repels", "[toy-orbit]") {
    const double rho = 1.3;  // > sqrt 5 - 1 = 1.236: period doubling has happened
    REQUIRE(rho > toy_period2_stable_limit());
    const double observed = late_grad(1.0, rho, 1.01, 0.98, 20000);
    CHECK(std::abs(observed - toy_period2_grad_norm(1.0, rho)) > 1e-3 * toy_period2_grad_norm(1.0, rho));
}
