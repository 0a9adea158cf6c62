// Philox4x32-10 known answers and the Stream contract: names alone decide the numbers.
#include "core/rng.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

using Catch::Matchers::WithinAbs;
using ratebench::PhiloxBlock;
using ratebench::PhiloxKey;
using ratebench::Stream;

namespace {

std::vector<double> uniforms(Stream s, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i) out.push_back(s.uniform());
    return out;
}

std::vector<double> normals(Stream s, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i) out.push_back(s.normal());
    return out;
}

}  // namespace

// Random123's kat_vectors, philox4x32 with 10 rounds.
TEST_CASE("philox4x32_10 matches Random123 known-answer vectors", "[rng]") {
    SECTION("zero counter, zero key") {
        const PhiloxBlock out = ratebench::philox4x32_10({0u, 0u, 0u, 0u}, {0u, 0u});
        CHECK(out == PhiloxBlock{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u});
    }
    SECTION("all-ones counter and key") {
        const PhiloxBlock out = ratebench::philox4x32_10(
            {0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu});
        CHECK(out == PhiloxBlock{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu});
    }
    SECTION("pi digits counter and key") {
        const PhiloxBlock out = ratebench::philox4x32_10(
            {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u});
        CHECK(out == PhiloxBlock{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u});
    }
}

TEST_CASE("philox4x32_10 is a bijection sensitive to every counter and key word", "[rng]") {
    const PhiloxBlock c0{1u, 2u, 3u, 4u};
    const PhiloxKey k0{5u, 6u};
    const PhiloxBlock base = ratebench::philox4x32_10(c0, k0);
    for (int w = 0; w < 4; ++w) {
        PhiloxBlock c = c0;
        c[w] ^= 1u;
        CHECK(ratebench::philox4x32_10(c, k0) != base);
    }
    for (int w = 0; w < 2; ++w) {
        PhiloxKey k = k0;
        k[w] ^= 1u;
        CHECK(ratebench::philox4x32_10(c0, k) != base);
    }
}

TEST_CASE("Stream: the same names give the same sequence", "[rng]") {
    CHECK(uniforms(Stream(42, "relu2.hb", 3, "data"), 64) ==
          uniforms(Stream(42, "relu2.hb", 3, "data"), 64));
    CHECK(normals(Stream(42, "relu2.hb", 3, "init"), 63) ==
          normals(Stream(42, "relu2.hb", 3, "init"), 63));
    // Default purpose is the empty string.
    CHECK(uniforms(Stream(7, "s", 0), 16) == uniforms(Stream(7, "s", 0, ""), 16));
}

TEST_CASE("Stream: changing any one name changes the sequence", "[rng]") {
    const auto base = uniforms(Stream(42, "relu2.hb", 3, "data"), 8);
    CHECK(uniforms(Stream(43, "relu2.hb", 3, "data"), 8) != base);
    CHECK(uniforms(Stream(42, "relu2.gd", 3, "data"), 8) != base);
    CHECK(uniforms(Stream(42, "relu2.hb", 4, "data"), 8) != base);
    CHECK(uniforms(Stream(42, "relu2.hb", 3, "init"), 8) != base);
    CHECK(uniforms(Stream(42, "relu2.hb", 3), 8) != base);
    // Names are not simply concatenated or summed.
    CHECK(uniforms(Stream(0, "ab", 0, "c"), 8) != uniforms(Stream(0, "a", 0, "bc"), 8));
    CHECK(uniforms(Stream(1, "s", 0), 8) != uniforms(Stream(0, "s", 1), 8));
    // Streams for consecutive replicates share no first value (a collision of 53-bit
    // uniforms among a few hundred streams would have probability ~1e-11).
    std::vector<double> firsts;
    for (std::uint64_t r = 0; r < 256; ++r) firsts.push_back(Stream(42, "x", r).uniform());
    std::sort(firsts.begin(), firsts.end());
    CHECK(std::adjacent_find(firsts.begin(), firsts.end()) == firsts.end());
}

TEST_CASE("Stream: draws do not depend on other streams' draws", "[rng]") {
    const auto alone = normals(Stream(9, "deep.tanh", 1, "init"), 101);

    Stream a(9, "deep.tanh", 1, "init");
    Stream b(9, "deep.tanh", 1, "data");
    Stream c(9, "deep.tanh", 1, "init");  // same names as a: still separate state
    std::vector<double> interleaved;
    for (int i = 0; i < 101; ++i) {
        for (int j = 0; j < i % 3; ++j) b.normal();
        b.uniform();
        interleaved.push_back(a.normal());
        if (i % 2 == 0) c.uniform();
    }
    CHECK(interleaved == alone);
}

TEST_CASE("Stream: uniform lies in the half-open unit interval on the 2^-53 grid", "[rng]") {
    Stream s(1, "uniform", 0);
    const int n = 100000;
    double sum = 0.0, lo = 1.0, hi = 0.0;
    bool in_range = true, on_grid = true;
    for (int i = 0; i < n; ++i) {
        const double u = s.uniform();
        in_range = in_range && u >= 0.0 && u < 1.0;
        const double scaled = std::ldexp(u, 53);
        on_grid = on_grid && scaled == std::floor(scaled);
        sum += u;
        lo = std::min(lo, u);
        hi = std::max(hi, u);
    }
    CHECK(in_range);
    CHECK(on_grid);
    // 5 standard errors of the mean of n U(0,1): sd 1/sqrt(12); false alarm rate ~6e-7.
    CHECK_THAT(sum / n, WithinAbs(0.5, 5.0 / std::sqrt(12.0 * n)));
    // With 1e5 draws the extremes fall within 1e-3 of the ends except with probability
    // 2 (1 - 1e-3)^1e5 ~ 1e-43.
    CHECK(lo < 1e-3);
    CHECK(hi > 1.0 - 1e-3);
}

TEST_CASE("Stream: normal has mean 0 and variance 1", "[rng]") {
    Stream s(2024, "normal", 0, "moments");
    const int n = 100000;
    double sum = 0.0, sum_sq = 0.0, sum_4 = 0.0;
    int within_one_sd = 0;
    bool all_finite = true;
    for (int i = 0; i < n; ++i) {
        const double z = s.normal();
        all_finite = all_finite && std::isfinite(z);
        sum += z;
        sum_sq += z * z;
        sum_4 += z * z * z * z;
        within_one_sd += std::abs(z) < 1.0;
    }
    CHECK(all_finite);
    const double mean = sum / n;
    const double var = sum_sq / n - mean * mean;
    // 5 standard errors: SE(mean) = 1/sqrt(n), SE(variance) = sqrt(2/n) for N(0,1).
    CHECK_THAT(mean, WithinAbs(0.0, 5.0 / std::sqrt(n)));
    CHECK_THAT(var, WithinAbs(1.0, 5.0 * std::sqrt(2.0 / n)));
    // E z^4 = 3 with SE sqrt((105 - 9)/n): 5 SE.
    CHECK_THAT(sum_4 / n, WithinAbs(3.0, 5.0 * std::sqrt(96.0 / n)));
    // P(|z| < 1) = 0.682689...; binomial SE sqrt(p(1-p)/n): 5 SE.
    const double p = std::erf(1.0 / std::sqrt(2.0));
    CHECK_THAT(static_cast<double>(within_one_sd) / n,
               WithinAbs(p, 5.0 * std::sqrt(p * (1 - p) / n)));
}

TEST_CASE("Stream: normal(mean, sd) is mean + sd * normal()", "[rng]") {
    Stream a(5, "affine", 0), b(5, "affine", 0);
    for (int i = 0; i < 17; ++i) {
        const double z = b.normal();
        // Same arithmetic on the same draw: exact.
        CHECK(a.normal(3.0, 0.5) == 3.0 + 0.5 * z);
    }
}

TEST_CASE("Stream: fill_normal and fill_uniform follow column-major order", "[rng]") {
    SECTION("fill_normal equals successive sd * normal() draws") {
        Eigen::MatrixXd m(3, 5);  // odd size: the Box-Muller spare crosses column boundaries
        Stream s(11, "fill", 2, "w");
        s.fill_normal(m, 0.25);
        Stream ref(11, "fill", 2, "w");
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            for (Eigen::Index i = 0; i < m.rows(); ++i) CHECK(m(i, j) == 0.25 * ref.normal());
        // And the stream continues where the matrix left off.
        CHECK(s.normal() == ref.normal());
    }
    SECTION("fill_normal default sd is 1") {
        Eigen::MatrixXd m(4, 2);
        Stream s(11, "fill", 2, "w");
        s.fill_normal(m);
        Stream ref(11, "fill", 2, "w");
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            for (Eigen::Index i = 0; i < m.rows(); ++i) CHECK(m(i, j) == ref.normal());
    }
    SECTION("fill_normal works on a block") {
        Eigen::MatrixXd m = Eigen::MatrixXd::Zero(4, 4);
        Stream s(11, "fill", 2, "w");
        auto block = m.block(1, 1, 2, 3);
        s.fill_normal(block);
        Stream ref(11, "fill", 2, "w");
        for (Eigen::Index j = 1; j < 4; ++j)
            for (Eigen::Index i = 1; i < 3; ++i) CHECK(m(i, j) == ref.normal());
        CHECK(m.row(0).isZero(0.0));
        CHECK(m.row(3).isZero(0.0));
        CHECK(m.col(0).isZero(0.0));
    }
    SECTION("fill_uniform equals successive lo + (hi - lo) * uniform() draws") {
        Eigen::MatrixXd m(2, 3);
        Stream s(12, "fill", 0);
        s.fill_uniform(m, -2.0, 3.0);
        Stream ref(12, "fill", 0);
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            for (Eigen::Index i = 0; i < m.rows(); ++i) {
                CHECK(m(i, j) == -2.0 + 5.0 * ref.uniform());
                CHECK(m(i, j) >= -2.0);
                CHECK(m(i, j) < 3.0);
            }
    }
}
