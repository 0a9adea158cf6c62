// Activation table: derivatives against finite differences, extreme arguments, flags, lookup.
#include "core/activation.hpp"

#include "core/errors.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <set>
#include <string>
#include <vector>

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;
using ratebench::Activation;
using ratebench::InputError;
namespace tol = ratebench::tol;

namespace {

// -3, -2.75, ..., 3: quarter steps are exact in binary, and include 0.
std::vector<double> grid() {
    std::vector<double> z;
    for (int i = -12; i <= 12; ++i) z.push_back(0.25 * i);
    return z;
}

double step(double z) { return std::cbrt(tol::eps) * std::max(std::abs(z), 1.0); }

double central_difference(double (*f)(double), double z) {
    const double h = step(z);
    return (f(z + h) - f(z - h)) / (2.0 * h);
}

}  // namespace

TEST_CASE("activations: first derivative matches finite differences of the value",
          "[activation]") {
    for (const Activation& a : ratebench::all_activations()) {
        for (double z : grid()) {
            // A kink (relu at 0) has no derivative; elsewhere the step, at most 6e-6, never
            // reaches it from the grid points +-0.25.
            if (!a.smooth && z == 0.0) continue;
            CAPTURE(a.name, z);
            const double scale = std::max(1.0, std::abs(a.value(z)));
            // Central differences with h = eps^(1/3) max(|z|, 1) are accurate to ~eps^(2/3)
            // times the function's scale; tol::finite_difference explains the margin.
            CHECK_THAT(a.first(z),
                       WithinAbs(central_difference(a.value, z), tol::finite_difference * scale));
        }
    }
}

TEST_CASE("activations: second derivative matches finite differences of the first",
          "[activation]") {
    for (const Activation& a : ratebench::all_activations()) {
        for (double z : grid()) {
            if (!a.smooth && z == 0.0) continue;  // relu' jumps at 0
            CAPTURE(a.name, z);
            const double scale = std::max(1.0, std::abs(a.first(z)));
            // Same error model as above, with sigma' as the differenced function.
            CHECK_THAT(a.second(z),
                       WithinAbs(central_difference(a.first, z), tol::finite_difference * scale));
        }
    }
}

TEST_CASE("activations: known values", "[activation]") {
    using ratebench::activation_by_name;
    const auto& relu = ratebench::relu();
    CHECK(relu.value(2.5) == 2.5);
    CHECK(relu.value(-2.5) == 0.0);
    CHECK(relu.first(2.5) == 1.0);
    CHECK(relu.first(-2.5) == 0.0);

    const auto& tanh = ratebench::tanh_activation();
    CHECK(tanh.value(0.0) == 0.0);
    CHECK(tanh.first(0.0) == 1.0);
    CHECK(tanh.second(0.0) == 0.0);

    const auto& id = ratebench::identity();
    CHECK(id.value(-1.75) == -1.75);
    CHECK(id.first(-1.75) == 1.0);
    CHECK(id.second(-1.75) == 0.0);

    const auto& sigmoid = activation_by_name("sigmoid");
    CHECK(sigmoid.value(0.0) == 0.5);
    CHECK(sigmoid.first(0.0) == 0.25);
    CHECK(sigmoid.second(0.0) == 0.0);
    // sigmoid(z) + sigmoid(-z) = 1; a couple of roundings: 2 eps.
    CHECK_THAT(sigmoid.value(1.5) + sigmoid.value(-1.5), WithinAbs(1.0, 2 * tol::eps));

    const auto& softplus = activation_by_name("softplus");
    // log1p and log are each faithfully rounded: 2 eps relative.
    CHECK_THAT(softplus.value(0.0), WithinRel(std::numbers::ln2, 2 * tol::eps));
    // softplus(z) - softplus(-z) = z; a few roundings on values of size ~2: 4 eps * 2.
    CHECK_THAT(softplus.value(1.5) - softplus.value(-1.5), WithinAbs(1.5, 8 * tol::eps));
    CHECK(softplus.first(0.0) == 0.5);

    const auto& gelu = activation_by_name("gelu");
    CHECK(gelu.value(0.0) == 0.0);
    CHECK(gelu.first(0.0) == 0.5);
    // gelu''(0) = 2 phi(0) = sqrt(2/pi); exp, sqrt and a division: 4 eps relative.
    CHECK_THAT(gelu.second(0.0), WithinRel(std::sqrt(2.0 / std::numbers::pi), 4 * tol::eps));
    // gelu(1) = Phi(1) = (1 + erf(1/sqrt 2)) / 2; erf vs erfc paths differ by a few eps.
    CHECK_THAT(gelu.value(1.0), WithinRel(0.5 * (1.0 + std::erf(1.0 / std::sqrt(2.0))), 4 * tol::eps));

    const auto& cube = activation_by_name("cube");
    CHECK(cube.value(-2.0) == -8.0);
    CHECK(cube.first(0.0) == 0.0);
    CHECK(cube.first(-2.0) == 12.0);
    CHECK(cube.second(-2.0) == -12.0);

    const auto& cos = activation_by_name("cos");
    CHECK(cos.value(0.0) == 1.0);
    CHECK(cos.first(0.0) == 0.0);
    CHECK(cos.second(0.0) == -1.0);
}

TEST_CASE("activations: softplus and sigmoid stay finite and accurate at |z| = 800",
          "[activation]") {
    const auto& softplus = ratebench::activation_by_name("softplus");
    const auto& sigmoid = ratebench::activation_by_name("sigmoid");

    // log(1 + e^800) = 800 + log1p(e^-800), and e^-800 is far below half an ulp of 800.
    CHECK(softplus.value(800.0) == 800.0);
    const double tail = softplus.value(-800.0);  // e^-800 ~ 1e-348 underflows: 0 is correct
    CHECK(std::isfinite(tail));
    CHECK(tail >= 0.0);
    CHECK(tail < 1e-300);
    // The small tail is kept where it is representable: log1p(e^z) = e^z (1 - e^z / 2 + ...),
    // and e^-40 / 2 ~ 2e-18 is far below eps, so 2 eps relative covers exp's rounding.
    CHECK_THAT(softplus.value(-40.0), WithinRel(std::exp(-40.0), 2 * tol::eps));
    CHECK(softplus.value(40.0) == 40.0);  // 40 + 4e-18 rounds to 40

    CHECK(sigmoid.value(800.0) == 1.0);
    CHECK(sigmoid.value(-800.0) == 0.0);  // e^-800 underflows; never NaN from inf / inf
    // sigmoid(-40) = e^-40 / (1 + e^-40): relative difference from e^-40 is 4e-18 << eps.
    CHECK_THAT(sigmoid.value(-40.0), WithinRel(std::exp(-40.0), 2 * tol::eps));

    for (const Activation* a : {&softplus, &sigmoid}) {
        for (double z : {-800.0, 800.0}) {
            CAPTURE(a->name, z);
            CHECK(std::isfinite(a->value(z)));
            CHECK(std::isfinite(a->first(z)));
            CHECK(std::isfinite(a->second(z)));
        }
    }
    CHECK(softplus.first(800.0) == 1.0);
    CHECK(softplus.first(-800.0) == 0.0);
    CHECK(softplus.second(800.0) == 0.0);
    CHECK(softplus.second(-800.0) == 0.0);
    CHECK(sigmoid.first(800.0) == 0.0);
    CHECK(sigmoid.first(-800.0) == 0.0);
}

TEST_CASE("activations: every activation is finite at |z| = 800", "[activation]") {
    for (const Activation& a : ratebench::all_activations()) {
        for (double z : {-800.0, 800.0}) {
            CAPTURE(a.name, z);
            CHECK(std::isfinite(a.value(z)));
            CHECK(std::isfinite(a.first(z)));
            CHECK(std::isfinite(a.second(z)));
        }
    }
}

TEST_CASE("activations: smooth and strictly_increasing flags", "[activation]") {
    const auto& relu = ratebench::relu();
    CHECK_FALSE(relu.smooth);
    CHECK_FALSE(relu.strictly_increasing);
    for (const char* name : {"gelu", "cos"}) {
        CAPTURE(name);
        const auto& a = ratebench::activation_by_name(name);
        CHECK(a.smooth);
        CHECK_FALSE(a.strictly_increasing);
    }
    for (const char* name : {"tanh", "sigmoid", "softplus", "cube", "identity"}) {
        CAPTURE(name);
        const auto& a = ratebench::activation_by_name(name);
        CHECK(a.smooth);
        CHECK(a.strictly_increasing);
    }
}

TEST_CASE("activations: the strictly_increasing flag agrees with the derivative",
          "[activation]") {
    // Grid on [-6, 6] in steps of 1/8: wide enough to find gelu's dip near -0.75 and cos's
    // decreasing stretches.
    for (const Activation& a : ratebench::all_activations()) {
        CAPTURE(a.name);
        bool negative_slope = false, nonnegative = true;
        for (int i = -48; i <= 48; ++i) {
            const double z = i / 8.0;
            negative_slope = negative_slope || a.first(z) < 0.0;
            nonnegative = nonnegative && a.first(z) >= 0.0;
            if (a.strictly_increasing) CHECK(a.value(z + 0.125) > a.value(z));
        }
        if (a.strictly_increasing) CHECK(nonnegative);
        if (a.smooth && !a.strictly_increasing) CHECK(negative_slope);
    }
}

TEST_CASE("activations: table and lookup by name", "[activation]") {
    const auto all = ratebench::all_activations();
    std::set<std::string> names;
    for (const Activation& a : all) {
        names.insert(std::string(a.name));
        CHECK(&ratebench::activation_by_name(a.name) == &a);
        CHECK(a.value != nullptr);
        CHECK(a.first != nullptr);
        CHECK(a.second != nullptr);
    }
    CHECK(names.size() == all.size());  // unique names
    for (const char* name :
         {"relu", "tanh", "sigmoid", "softplus", "gelu", "cube", "cos", "identity"})
        CHECK(names.count(name) == 1);
    CHECK(ratebench::relu().name == "relu");
    CHECK(ratebench::tanh_activation().name == "tanh");
    CHECK(ratebench::identity().name == "identity");
}

TEST_CASE("activations: an unknown name is an InputError listing the known ones",
          "[activation]") {
    CHECK_THROWS_AS(ratebench::activation_by_name("swish"), InputError);
    CHECK_THROWS_AS(ratebench::activation_by_name(""), InputError);
    CHECK_THROWS_AS(ratebench::activation_by_name("ReLU"), InputError);  // names are exact
    try {
        ratebench::activation_by_name("swish");
        FAIL("no exception");
    } catch (const InputError& e) {
        const std::string msg = e.what();
        CHECK_THAT(msg, Contains("swish"));
        for (const Activation& a : ratebench::all_activations())
            CHECK_THAT(msg, Contains(std::string(a.name)));
    }
}
