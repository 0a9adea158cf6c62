// relu2's fused, register-tiled kernel (core/models/relu2_kernel.hpp) against the plain dense
// formula of the whole net, computed with Eigen in long double: loss, gradient, HVP and the
// linearised net, at shapes that exercise every edge of the tiling (n, d or width 1; n, d,
// width and block not multiples of the vector, the tile or each other).
//
// Tolerance: the standard first-order bound on the double computation's rounding error
// (Higham, Accuracy and Stability of Numerical Algorithms, s.3.1), evaluated entry by entry
// from the absolute values of the same terms: gamma_k |terms| for a sum that passes each term
// through at most k roundings, whatever its order. The long double reference is 2^11 times
// more accurate; the factor 2 below covers it and the second-order terms. A unit dropped or
// counted twice, a wrong sign or a wrong row changes results by O(1 / sqrt(m)), orders of
// magnitude above the bound.
#include "core/data.hpp"
#include "core/models/relu2.hpp"
#include "core/rng.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>
#include <cmath>

namespace {

using namespace ratebench;
using Eigen::Index;
using MatrixL = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;
using VectorL = Eigen::Matrix<long double, Eigen::Dynamic, 1>;

constexpr long double kUnitRoundoff = tol::eps / 2;

// gamma_k = k u / (1 - k u): the relative error of k successive roundings (Higham's gamma).
long double rounding(Index k) {
    const long double ku = static_cast<long double>(k) * kUnitRoundoff;
    return ku / (1 - ku);
}

// A quantity from the dense formula and the bound on the kernel's error in computing it.
struct Bounded {
    MatrixL value, bound;
};

// z = X W; the pattern 1{z >= 0}. No entry may lie within z's round-off of the kink, where
// the two computations could legitimately disagree on the pattern (probability ~1e-15 an
// entry at these generic points).
MatrixL pattern_of(const MatrixL& X, const MatrixL& W) {
    const MatrixL Z = X * W, Zabs = X.cwiseAbs() * W.cwiseAbs();
    const Index near_kink = (Z.cwiseAbs().array() <= 2 * rounding(X.cols()) * Zabs.array()).count();
    REQUIRE(near_kink == 0);
    return (Z.array() >= 0).cast<long double>().matrix();
}

// f = m^-1/2 (P o X W) a. Each z_ir is a d-term FMA chain (gamma_d |x_i| . |w_r|); each term
// of f passes through at most block + blocks <= m + 1 additions, then sqrt and division.
Bounded masked_output(const MatrixL& X, const MatrixL& W, const MatrixL& P, const VectorL& a) {
    const long double root = std::sqrt(static_cast<long double>(W.cols()));
    const MatrixL Z = P.cwiseProduct(X * W), Zabs = P.cwiseProduct(X.cwiseAbs() * W.cwiseAbs());
    const Index d = X.cols(), m = W.cols();
    return {Z * a / root, (rounding(d) * Zabs + rounding(m + 3) * Z.cwiseAbs()) * a.cwiseAbs() / root};
}

// G = scale m^-1/2 X^T (P o q a^T) (d x m), given q's own bound dq. The kernel scales q by
// scale / sqrt(m) (three roundings, one more for the coefficient itself), multiplies by a_r
// (exact for a_r = +-1), and sums n FMAs.
Bounded masked_gradient(const MatrixL& X, const MatrixL& P, const VectorL& a, const Bounded& q,
                        long double scale) {
    const long double s = scale / std::sqrt(static_cast<long double>(P.cols()));
    const Index n = X.rows();
    const MatrixL Q = P.cwiseProduct(q.value * a.transpose());
    const MatrixL dQ = P.cwiseProduct((q.bound + rounding(n + 5) * q.value.cwiseAbs()) * a.cwiseAbs().transpose());
    return {s * X.transpose() * Q, std::abs(s) * X.cwiseAbs().transpose() * dQ};
}

// |computed - value| <= 2 bound, entry by entry.
void check_within(const Eigen::MatrixXd& computed, const Bounded& expected, const char* what) {
    REQUIRE(computed.rows() == expected.value.rows());
    REQUIRE(computed.cols() == expected.value.cols());
    const MatrixL excess = (computed.cast<long double>() - expected.value).cwiseAbs() - 2 * expected.bound;
    INFO(what << ": largest |computed - dense| - 2 bound = " << static_cast<double>(excess.maxCoeff())
              << " (bound up to " << static_cast<double>(expected.bound.maxCoeff()) << ")");
    CHECK(excess.maxCoeff() <= 0);
}

struct Shape {
    Index n, d, m, block;
};

}  // namespace

TEST_CASE("relu2: the fused kernel equals the dense formula within its round-off bound, at edge shapes",
          "[relu2-kernel]") {
    // n, d, width 1; n = 33 and d = 13 (not whole vectors, nor whole 32-row tiles); width 37
    // in blocks of 16 (neither a multiple of the 6-unit tile nor of the block); d = 70 (three
    // column tiles, the last one vector); the benchmark's d = 64 with a whole 300-unit block.
    const Shape shapes[] = {{1, 1, 1, 256}, {1, 3, 5, 2},   {5, 1, 13, 256}, {9, 3, 1, 256},
                            {33, 13, 37, 16}, {40, 70, 25, 7}, {64, 64, 300, 256}};
    for (const Shape& s : shapes) {
        INFO("n " << s.n << ", d " << s.d << ", width " << s.m << ", block " << s.block);
        Stream stream(2024, "test.relu2.kernel", static_cast<std::uint64_t>(s.n * 1000 + s.m));
        const Dataset data{unit_sphere_points(s.n, s.d, stream), gaussian_targets(s.n, 1, stream)};
        const Relu2 net(s.d, Relu2::random_signs(s.m, stream), LossConvention::half_mean, s.block);
        const Eigen::VectorXd theta = net.init(stream), theta0 = net.init(stream), v = net.init(stream);
        const long double c = 1.0L / (2 * s.n);  // half_mean

        const MatrixL X = data.X.cast<long double>();
        const VectorL a = net.signs().cast<long double>(), y = data.Y.col(0).cast<long double>();
        auto weights = [&](const Eigen::VectorXd& t) { return MatrixL(net.weights(t).cast<long double>()); };
        const MatrixL W = weights(theta);

        // The net: f, e = f - y (one more rounding), L = c |e|^2, gradient 2c J^T e.
        const MatrixL P = pattern_of(X, W);
        const Bounded f = masked_output(X, W, P, a);
        const Bounded e{f.value - y, f.bound + rounding(1) * (f.value - y).cwiseAbs()};
        const long double loss = c * e.value.squaredNorm();
        const long double loss_bound =
            c * (2 * e.value.cwiseAbs().cwiseProduct(e.bound).sum() + rounding(s.n + 3) * e.value.squaredNorm());
        Eigen::VectorXd grad;
        const double l = net.loss_grad(theta, data, grad);
        INFO("loss " << l << ", dense " << static_cast<double>(loss));
        CHECK(std::abs(l - loss) <= 2 * loss_bound);
        check_within(net.predict(theta, data.X), f, "predict");
        check_within(grad.reshaped(s.d, s.m), masked_gradient(X, P, a, e, 2 * c), "gradient");

        // Gauss-Newton HVP: J v through the same pattern, then 2c J^T (J v).
        const Bounded Jv = masked_output(X, weights(v), P, a);
        check_within(net.hvp(theta, v, data).reshaped(s.d, s.m), masked_gradient(X, P, a, Jv, 2 * c), "hvp");

        // The net linearised at theta0: theta's pre-activations through theta0's pattern.
        const Relu2 lin = net.linearized_at(theta0);
        const MatrixL P0 = pattern_of(X, weights(theta0));
        const Bounded f0 = masked_output(X, W, P0, a);
        const Bounded e0{f0.value - y, f0.bound + rounding(1) * (f0.value - y).cwiseAbs()};
        Eigen::VectorXd grad0;
        lin.loss_grad(theta, data, grad0);
        check_within(lin.predict(theta, data.X), f0, "linearised predict");
        check_within(grad0.reshaped(s.d, s.m), masked_gradient(X, P0, a, e0, 2 * c), "linearised gradient");
    }
}
