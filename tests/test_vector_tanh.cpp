// vector_tanh (libmvec) against std::tanh: the mlp's tanh layers use it, so its accuracy bound
// is what separates their results from a std::tanh implementation (DESIGN.md s.7).
#include "core/vector_tanh.hpp"

#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

namespace {

using ratebench::vector_tanh;

TEST_CASE("vector_tanh is within 4 eps relative of std::tanh on -20..20", "[vector_tanh]") {
    // glibc's libm-test-ulps list tanh at up to 2 ulp for the scalar and the vector variants,
    // so the two differ by at most 4 ulp, and an ulp of y is at most eps |y|. Measured on
    // AVX-512: 1.96 eps at worst (near x = -0.56).
    const int count = 400001;
    std::vector<double> x(count), y(count);
    for (int i = 0; i < count; ++i) x[i] = -20.0 + 40.0 * i / (count - 1);
    vector_tanh(x.data(), y.data(), count);
    double worst = 0.0;
    for (int i = 0; i < count; ++i) {
        const double exact = std::tanh(x[i]);
        worst = std::max(worst, std::abs(y[i] - exact) / std::max(std::abs(exact), std::numeric_limits<double>::min()));
    }
    CHECK(worst <= 4 * ratebench::tol::eps);
}

TEST_CASE("vector_tanh keeps zeros, subnormals, infinities and NaN as std::tanh does", "[vector_tanh]") {
    const double in[] = {0.0, -0.0, 5e-324, -1e-310, 1e-9, INFINITY, -INFINITY, 700.0, -710.0};
    double out[std::size(in)];
    vector_tanh(in, out, std::size(in));
    for (std::size_t i = 0; i < std::size(in); ++i) {
        INFO("x = " << in[i]);
        CHECK(out[i] == std::tanh(in[i]));
        CHECK(std::signbit(out[i]) == std::signbit(in[i]));
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    double nan_out = 0;
    vector_tanh(&nan, &nan_out, 1);
    CHECK(std::isnan(nan_out));
}

TEST_CASE("vector_tanh of a value does not depend on its position or the array's length", "[vector_tanh]") {
    // Row blocks of any size and any thread compute the same bits (the mlp's partition relies on
    // it): every lane is computed alone, the tail through the same 8-lane routine.
    std::vector<double> x(37);
    for (std::size_t i = 0; i < x.size(); ++i) x[i] = 0.37 * static_cast<double>(i) - 5.1;
    std::vector<double> whole(x.size());
    vector_tanh(x.data(), whole.data(), static_cast<Eigen::Index>(x.size()));
    for (std::size_t start = 0; start < x.size(); ++start)
        for (std::size_t length = 1; start + length <= x.size(); length += 3) {
            std::vector<double> part(length);
            vector_tanh(x.data() + start, part.data(), static_cast<Eigen::Index>(length));
            for (std::size_t i = 0; i < length; ++i) REQUIRE(part[i] == whole[start + i]);
        }
}

}  // namespace
