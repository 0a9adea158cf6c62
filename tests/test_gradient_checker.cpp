// The finite-difference checker itself: it must pass a correct gradient / HVP of a
// non-polynomial function and must catch (and locate) a wrong one. Every model test rests on it.
#include "core/rng.hpp"
#include "support/gradient_checker.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>
#include <cmath>
#include <limits>

namespace {

using ratebench::Stream;
using ratebench::testing::check_gradient;
using ratebench::testing::check_hvp;
using ratebench::testing::CheckReport;
using Eigen::Index;
using Eigen::VectorXd;

// f(x) = sum_{i < n-1} sin(x_i) exp(x_{i+1}): smooth, not a polynomial, coupled neighbours.
double chain(const VectorXd& x) {
    double f = 0.0;
    for (Index i = 0; i + 1 < x.size(); ++i) f += std::sin(x(i)) * std::exp(x(i + 1));
    return f;
}

// df/dx_i = cos(x_i) exp(x_{i+1}) [i < n-1] + sin(x_{i-1}) exp(x_i) [i > 0].
VectorXd chain_gradient(const VectorXd& x) {
    const Index n = x.size();
    VectorXd g = VectorXd::Zero(n);
    for (Index i = 0; i < n; ++i) {
        if (i + 1 < n) g(i) += std::cos(x(i)) * std::exp(x(i + 1));
        if (i > 0) g(i) += std::sin(x(i - 1)) * std::exp(x(i));
    }
    return g;
}

// Hessian (tridiagonal): H_ii = -sin(x_i) exp(x_{i+1}) [i < n-1] + sin(x_{i-1}) exp(x_i) [i > 0],
// H_{i,i+1} = H_{i+1,i} = cos(x_i) exp(x_{i+1}).
VectorXd chain_hvp(const VectorXd& x, const VectorXd& v) {
    const Index n = x.size();
    VectorXd hv = VectorXd::Zero(n);
    for (Index i = 0; i < n; ++i) {
        double diag = 0.0;
        if (i + 1 < n) {
            diag -= std::sin(x(i)) * std::exp(x(i + 1));
            hv(i) += std::cos(x(i)) * std::exp(x(i + 1)) * v(i + 1);
        }
        if (i > 0) {
            diag += std::sin(x(i - 1)) * std::exp(x(i));
            hv(i) += std::cos(x(i - 1)) * std::exp(x(i)) * v(i - 1);
        }
        hv(i) += diag * v(i);
    }
    return hv;
}

VectorXd random_vector(Index n, std::uint64_t replicate, const char* purpose) {
    Stream stream(11, "test.gradient_checker", replicate, purpose);
    VectorXd x(n);
    stream.fill_normal(x);
    return x;
}

Index argmax_abs(const VectorXd& x) {
    Index i = 0;
    x.cwiseAbs().maxCoeff(&i);
    return i;
}

#define REPORT(r)                                                                 \
    INFO("worst_error " << (r).worst_error << " at index " << (r).worst_index     \
                        << " (exact " << (r).exact_at_worst << ", fd " << (r).fd_at_worst << ")")

}  // namespace

TEST_CASE("checker passes the exact gradient and HVP of a non-polynomial function", "[checker]") {
    for (std::uint64_t rep = 0; rep < 5; ++rep) {
        const VectorXd x = random_vector(12, rep, "point");
        const VectorXd v = random_vector(12, rep, "direction");
        INFO("replicate " << rep);

        const CheckReport g = check_gradient(chain, x, chain_gradient(x));
        REPORT(g);
        // Central differences at step eps^(1/3): error ~ eps^(2/3) ~ 4e-11 relative.
        CHECK(g.worst_error < ratebench::tol::finite_difference);

        const CheckReport h = check_hvp(chain_gradient, x, v, chain_hvp(x, v));
        REPORT(h);
        // Same central-difference error, now of the gradient along v.
        CHECK(h.worst_error < ratebench::tol::finite_difference);
    }
}

TEST_CASE("checker catches a gradient with one component off by 1%", "[checker]") {
    const VectorXd x = random_vector(12, 0, "point");
    const VectorXd exact = chain_gradient(x);
    // Perturb the largest component so that its error, 1% of the scale, dominates.
    const Index k = argmax_abs(exact);
    VectorXd wrong = exact;
    wrong(k) *= 1.01;

    const CheckReport r = check_gradient(chain, x, wrong);
    REPORT(r);
    CHECK(r.worst_index == k);
    // The relative error is 0.01 |g_k| / max(|wrong|, |fd|) = 0.01 / 1.01 (up to FD noise ~1e-10).
    CHECK(r.worst_error == Approx(0.01 / 1.01).epsilon(1e-6));
    CHECK(r.worst_error > ratebench::tol::finite_difference);
    CHECK(r.exact_at_worst == wrong(k));
    CHECK(r.fd_at_worst == Approx(exact(k)).epsilon(1e-8));  // FD error ~ eps^(2/3)
}

TEST_CASE("checker catches a gradient missing a factor 2", "[checker]") {
    // f = sum_i x_i^2 exp(x_i / 4): gradient (2 x_i + x_i^2 / 4) exp(x_i / 4). Forgetting the
    // factor 2 of the square's derivative makes the error |x_i| exp(x_i / 4): the worst index is
    // its argmax.
    const VectorXd x = random_vector(10, 1, "point");
    auto f = [](const VectorXd& t) { return (t.array().square() * (t.array() / 4).exp()).sum(); };
    const VectorXd right =
        ((2 * x.array() + x.array().square() / 4) * (x.array() / 4).exp()).matrix();
    const VectorXd wrong = ((x.array() + x.array().square() / 4) * (x.array() / 4).exp()).matrix();
    const VectorXd missing = (x.array() * (x.array() / 4).exp()).matrix();

    const CheckReport ok = check_gradient(f, x, right);
    REPORT(ok);
    CHECK(ok.worst_error < ratebench::tol::finite_difference);  // FD error ~ eps^(2/3)

    const CheckReport r = check_gradient(f, x, wrong);
    REPORT(r);
    CHECK(r.worst_index == argmax_abs(missing));
    CHECK(r.worst_error > 0.1);  // an O(1) relative error, not round-off
}

TEST_CASE("checker catches a wrong HVP and locates it", "[checker]") {
    const VectorXd x = random_vector(12, 2, "point");
    const VectorXd v = random_vector(12, 2, "direction");
    const VectorXd exact = chain_hvp(x, v);

    SECTION("one component off by 1%") {
        const Index k = argmax_abs(exact);
        VectorXd wrong = exact;
        wrong(k) *= 1.01;
        const CheckReport r = check_hvp(chain_gradient, x, v, wrong);
        REPORT(r);
        CHECK(r.worst_index == k);
        // 0.01 |Hv_k| / (1.01 |Hv_k|), up to FD noise.
        CHECK(r.worst_error == Approx(0.01 / 1.01).epsilon(1e-5));
    }
    SECTION("the diagonal of the Hessian left out (a Gauss-Newton-style omission)") {
        // Only the off-diagonal part: the error is |H_ii v_i|, largest at its argmax.
        VectorXd off = VectorXd::Zero(x.size());
        VectorXd diag_part = VectorXd::Zero(x.size());
        for (Index i = 0; i < x.size(); ++i) {
            VectorXd e = VectorXd::Zero(x.size());
            e(i) = v(i);
            diag_part(i) = chain_hvp(x, e)(i);
        }
        off = exact - diag_part;
        const CheckReport r = check_hvp(chain_gradient, x, v, off);
        REPORT(r);
        CHECK(r.worst_index == argmax_abs(diag_part));
        CHECK(r.worst_error > 0.05);  // an O(1) fraction of the scale, not round-off
    }
}

// A NaN must stay the worst error once seen: a later finite error must not overwrite it.
TEST_CASE("checker reports a NaN in the exact gradient as a failure, and where", "[checker]") {
    const VectorXd x = random_vector(12, 3, "point");
    VectorXd wrong = chain_gradient(x);
    wrong(4) = std::numeric_limits<double>::quiet_NaN();
    const CheckReport r = check_gradient(chain, x, wrong);
    REPORT(r);
    // A NaN must never pass "worst_error < tol", and the report must point at it.
    CHECK_FALSE(r.worst_error < ratebench::tol::finite_difference);
    CHECK(r.worst_index == 4);
}
