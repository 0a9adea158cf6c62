// Models: gradients against finite differences of the loss, exact HVPs against finite
// differences of the exact gradient (never FD against FD), Jacobians against FD of predict, and
// the structural invariants each model promises (DESIGN.md s.3-5).
#include "core/activation.hpp"
#include "core/data.hpp"
#include "core/errors.hpp"
#include "core/models/linear_net.hpp"
#include "core/models/loss.hpp"
#include "core/models/mlp.hpp"
#include "core/models/relu2.hpp"
#include "core/models/scalar_chain.hpp"
#include "core/sharpness_min.hpp"
#include "core/vector_tanh.hpp"
#include "core/rng.hpp"
#include "support/gradient_checker.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>
#include <omp.h>

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace ratebench;
using ratebench::testing::check_gradient;
using ratebench::testing::check_hvp;
using ratebench::testing::CheckReport;
using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr LossConvention kConventions[] = {LossConvention::half_sum, LossConvention::half_mean,
                                           LossConvention::mean};

const char* name_of(LossConvention c) {
    switch (c) {
        case LossConvention::half_sum: return "half_sum";
        case LossConvention::half_mean: return "half_mean";
        case LossConvention::mean: return "mean";
    }
    return "?";
}

// The convention's coefficient written out from its definition (loss.hpp), not through
// loss_coefficient, so that the test is independent of it.
double expected_coefficient(LossConvention c, Index n) {
    switch (c) {
        case LossConvention::half_sum: return 0.5;
        case LossConvention::half_mean: return 1.0 / (2.0 * static_cast<double>(n));
        case LossConvention::mean: return 1.0 / static_cast<double>(n);
    }
    return 0.0;
}

Stream stream(const char* test, std::uint64_t replicate, const char* purpose) {
    return Stream(2024, test, replicate, purpose);
}

VectorXd normal_vector(Index n, Stream& s, double sd = 1.0) {
    VectorXd v(n);
    s.fill_normal(v, sd);
    return v;
}

Dataset sphere_data(Index n, Index d, Index k, const char* test, std::uint64_t rep) {
    Stream s = stream(test, rep, "data");
    Dataset data;
    data.X = unit_sphere_points(n, d, s);
    data.Y = gaussian_targets(n, k, s);
    return data;
}

Dataset gaussian_data(Index n, Index d, Index k, const char* test, std::uint64_t rep) {
    Stream s = stream(test, rep, "data");
    Dataset data;
    data.X = MatrixXd(n, d);
    s.fill_normal(data.X);
    data.Y = gaussian_targets(n, k, s);
    return data;
}

#define REPORT(what, r)                                                                  \
    INFO(what << ": worst_error " << (r).worst_error << " at index " << (r).worst_index  \
              << " (exact " << (r).exact_at_worst << ", fd " << (r).fd_at_worst << ")")

// Gradient vs FD of the loss; exact HVP vs FD of the exact gradient along a random direction;
// and loss_grad's returned value vs loss().
template <class M>
void check_derivatives(const M& model, const VectorXd& theta, const Dataset& data, Stream& dirs) {
    VectorXd grad;
    const double l = model.loss_grad(theta, data, grad);
    REQUIRE(grad.size() == model.num_params());
    // Same arithmetic in both paths; allow a few ulps in case the compiler fuses differently.
    CHECK(l == Approx(model.loss(theta, data)).epsilon(1e-14));

    const CheckReport g =
        check_gradient([&](const VectorXd& t) { return model.loss(t, data); }, theta, grad);
    REPORT("gradient", g);
    // Central differences at step eps^(1/3): error ~ eps^(2/3) ~ 4e-11 of the scale; a wrong
    // derivative is off by O(1).
    CHECK(g.worst_error < tol::finite_difference);

    const VectorXd v = normal_vector(model.num_params(), dirs);
    const VectorXd hv = model.hvp(theta, v, data);
    REQUIRE(hv.size() == model.num_params());
    auto exact_gradient = [&](const VectorXd& t) {
        VectorXd gt;
        model.loss_grad(t, data, gt);
        return gt;
    };
    const CheckReport h = check_hvp(exact_gradient, theta, v, hv);
    REPORT("hvp", h);
    // Central differences of the exact gradient along v: the same eps^(2/3) error.
    CHECK(h.worst_error < tol::finite_difference);
}

// Row i k + j of the Jacobian against FD of f_j(x_i) = predict(theta, X)(i, j).
template <class M>
void check_jacobian(const M& model, const VectorXd& theta, const MatrixXd& X) {
    const MatrixXd F = model.predict(theta, X);
    const MatrixXd J = model.jacobian(theta, X);
    const Index n = X.rows(), k = F.cols();
    REQUIRE(J.rows() == n * k);
    REQUIRE(J.cols() == model.num_params());
    for (Index i = 0; i < n; ++i)
        for (Index j = 0; j < k; ++j) {
            INFO("point " << i << ", output " << j);
            const CheckReport r = check_gradient(
                [&](const VectorXd& t) { return model.predict(t, X)(i, j); }, theta,
                VectorXd(J.row(i * k + j).transpose()));
            REPORT("jacobian row", r);
            // FD of predict: same central-difference error as for the loss.
            CHECK(r.worst_error < tol::finite_difference);
        }
}

Relu2 small_relu2(LossConvention loss, std::uint64_t rep, Index block = 256) {
    Stream s = stream("test.models.relu2", rep, "signs");
    return Relu2(5, Relu2::random_signs(40, s), loss, block);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// relu2

TEST_CASE("relu2: gradient and HVP match finite differences for every loss convention",
          "[models]") {
    // At a generic random point the chance that some w_r . x_i lies within the FD step
    // (~6e-6 |w|) of the ReLU kink is ~ n m 1e-5 ~ 2e-3 per point, so the loss is smooth there.
    for (const LossConvention c : kConventions)
        for (std::uint64_t rep = 0; rep < 3; ++rep) {
            INFO("loss " << name_of(c) << ", replicate " << rep);
            const Relu2 model = small_relu2(c, rep);
            const Dataset data = sphere_data(6, 5, 1, "test.models.relu2", rep);
            Stream init = stream("test.models.relu2", rep, "init");
            const VectorXd theta = model.init(init);
            Stream dirs = stream("test.models.relu2", rep, "directions");
            check_derivatives(model, theta, data, dirs);
        }
}

TEST_CASE("relu2: Jacobian rows match finite differences of predict", "[models]") {
    const Relu2 model = small_relu2(LossConvention::half_sum, 0);
    const Dataset data = sphere_data(6, 5, 1, "test.models.relu2", 0);
    Stream init = stream("test.models.relu2", 0, "init");
    check_jacobian(model, model.init(init), data.X);
}

TEST_CASE("relu2: gram equals J J^T and the HVP is the Gauss-Newton product", "[models]") {
    const Relu2 model = small_relu2(LossConvention::half_mean, 1);
    const Dataset data = sphere_data(6, 5, 1, "test.models.relu2", 1);
    Stream init = stream("test.models.relu2", 1, "init");
    const VectorXd theta = model.init(init);
    const MatrixXd J = model.jacobian(theta, data.X);
    const MatrixXd JJt = J * J.transpose();
    const MatrixXd G = model.gram(theta, data.X);
    REQUIRE(G.rows() == 6);
    REQUIRE(G.cols() == 6);
    // (J J^T)_ik sums p = m d = 200 terms x_ij x_kj / m (or 0), so |sum of |terms|| <= |x_i||x_k|
    // = 1 and its round-off is <= ~p eps; gram's is ~(d + 2) eps. 4 p eps bounds both.
    const double round_off = 4.0 * 40 * 5 * tol::eps;
    INFO("max |gram - J J^T| = " << (G - JJt).cwiseAbs().maxCoeff());
    CHECK((G - JJt).cwiseAbs().maxCoeff() <= round_off);

    // ReLU'' = 0 a.e.: H v = 2c J^T J v exactly, here c = 1/(2n).
    Stream dirs = stream("test.models.relu2", 1, "directions");
    const VectorXd v = normal_vector(model.num_params(), dirs);
    const VectorXd gn = 2.0 * (1.0 / 12.0) * (J.transpose() * (J * v));
    const VectorXd hv = model.hvp(theta, v, data);
    // Products with inner dimensions n and p = 200: round-off ~ p eps relative to the scale of
    // the terms; 1e-12 is ~ 20x that.
    INFO("max |hvp - 2c J^T J v| = " << (hv - gn).cwiseAbs().maxCoeff());
    CHECK((hv - gn).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, gn.cwiseAbs().maxCoeff()));
}

TEST_CASE("relu2: loss is coefficient * |predict - Y|^2 for each convention", "[models]") {
    const Dataset data = sphere_data(6, 5, 1, "test.models.relu2", 2);
    for (const LossConvention c : kConventions) {
        INFO("loss " << name_of(c));
        const Relu2 model = small_relu2(c, 2);
        Stream init = stream("test.models.relu2", 2, "init");
        const VectorXd theta = model.init(init);
        const double expected =
            expected_coefficient(c, 6) * (model.predict(theta, data.X) - data.Y).squaredNorm();
        // Same sums in a possibly different order: a few ulps.
        CHECK(model.loss(theta, data) == Approx(expected).epsilon(1e-13));
    }
}

TEST_CASE("relu2: predict is m^-1/2 sum_r a_r relu(w_r . x), W = weights(theta) is d x m",
          "[models]") {
    const Relu2 model = small_relu2(LossConvention::half_sum, 3);
    const Dataset data = sphere_data(6, 5, 1, "test.models.relu2", 3);
    Stream init = stream("test.models.relu2", 3, "init");
    const VectorXd theta = model.init(init);
    const auto W = model.weights(theta);
    REQUIRE(W.rows() == 5);
    REQUIRE(W.cols() == 40);
    CHECK(W(2, 7) == theta(7 * 5 + 2));  // column r = w_r, stored unit after unit
    const MatrixXd f = model.predict(theta, data.X);
    REQUIRE(f.rows() == 6);
    REQUIRE(f.cols() == 1);
    for (Index i = 0; i < 6; ++i) {
        double sum = 0.0;
        for (Index r = 0; r < 40; ++r)
            sum += model.signs()(r) * std::max(0.0, data.X.row(i).dot(W.col(r)));
        // Summation order differs: round-off ~ m eps of the sum of |terms| (~ sqrt(m)).
        CHECK(f(i, 0) == Approx(sum / std::sqrt(40.0)).margin(1e-12));
    }
}

TEST_CASE("relu2: loss_grad, hvp and the linearised net are bit-identical for 1, 2 and 3 OpenMP threads", "[models]") {
    // Inner dimensions d = 260 (forward X W) and n = 300 (backward X^T Gz) exceed 256 and the
    // m = 1000 units span 4 blocks of 256, more blocks than threads: tiny shapes pass
    // spuriously. Neither n nor d is a whole number of 8-lane vectors, and the last block
    // (232 units) is neither a whole block nor a whole number of the kernel's 6-unit tiles.
    const Index n = 300, d = 260, m = 1000;
    Stream s = stream("test.models.relu2.threads", 0, "signs");
    const Relu2 model(d, Relu2::random_signs(m, s), LossConvention::half_sum, 256);
    const Dataset data = sphere_data(n, d, 1, "test.models.relu2.threads", 0);
    Stream init = stream("test.models.relu2.threads", 0, "init");
    const VectorXd theta = model.init(init);
    Stream dirs = stream("test.models.relu2.threads", 0, "directions");
    const VectorXd v = normal_vector(model.num_params(), dirs);

    const int saved = omp_get_max_threads();
    // The net linearised at v: the kernel's other forward (through a given pattern).
    const Relu2 linear = model.linearized_at(v);
    auto run = [&](int threads, VectorXd& grad, VectorXd& hv, VectorXd& grad_linear) {
        omp_set_num_threads(threads);
        const double l = model.loss_grad(theta, data, grad);
        hv = model.hvp(theta, v, data);
        linear.loss_grad(theta, data, grad_linear);
        return l;
    };
    VectorXd g1, g2, g3, h1, h2, h3, k1, k2, k3;
    const double l1 = run(1, g1, h1, k1);
    const double l2 = run(2, g2, h2, k2);
    const double l3 = run(3, g3, h3, k3);
    omp_set_num_threads(saved);

    CHECK(l1 == l2);  // bitwise: ==, not Approx
    CHECK(l1 == l3);
    CHECK(g1 == g2);
    CHECK(g1 == g3);
    CHECK(h1 == h2);
    CHECK(h1 == h3);
    CHECK(k1 == k2);
    CHECK(k1 == k3);
}

TEST_CASE("relu2: block sizes 64 and 256 agree up to round-off", "[models]") {
    const Index n = 300, d = 260, m = 1024;
    Stream s = stream("test.models.relu2.threads", 1, "signs");
    const VectorXd a = Relu2::random_signs(m, s);
    const Relu2 coarse(d, a, LossConvention::half_sum, 256);
    const Relu2 fine(d, a, LossConvention::half_sum, 64);
    const Dataset data = sphere_data(n, d, 1, "test.models.relu2.threads", 1);
    Stream init = stream("test.models.relu2.threads", 1, "init");
    const VectorXd theta = coarse.init(init);

    VectorXd gc, gf;
    const double lc = coarse.loss_grad(theta, data, gc);
    const double lf = fine.loss_grad(theta, data, gf);
    // Only the order of the block sums changes: ~ (m + n) eps ~ 3e-13 relative at an O(1)
    // residual. 1e-10 leaves margin; a unit dropped or counted twice at a block boundary
    // changes things by O(1/m) ~ 1e-3.
    CHECK(lf == Approx(lc).epsilon(1e-10));
    const double diff = (gf - gc).cwiseAbs().maxCoeff();
    INFO("max |grad(64) - grad(256)| = " << diff << ", scale " << gc.cwiseAbs().maxCoeff());
    CHECK(diff <= 1e-10 * gc.cwiseAbs().maxCoeff());
    const double pdiff = (fine.predict(theta, data.X) - coarse.predict(theta, data.X))
                             .cwiseAbs().maxCoeff();
    CHECK(pdiff <= 1e-10);  // predictions are O(1)
}

TEST_CASE("relu2: data with the wrong shape is an InputError", "[models]") {
    const Relu2 model = small_relu2(LossConvention::half_sum, 0);
    Stream init = stream("test.models.relu2", 0, "init");
    const VectorXd theta = model.init(init);
    const Dataset wrong_d = sphere_data(6, 4, 1, "test.models.relu2.errors", 0);  // d = 4 != 5
    VectorXd grad;
    CHECK_THROWS_AS(model.loss(theta, wrong_d), InputError);
    CHECK_THROWS_AS(model.loss_grad(theta, wrong_d, grad), InputError);
    CHECK_THROWS_AS(model.predict(theta, wrong_d.X), InputError);
    CHECK_THROWS_AS(model.jacobian(theta, wrong_d.X), InputError);
    CHECK_THROWS_AS(model.gram(theta, wrong_d.X), InputError);
    CHECK_THROWS_AS(model.hvp(theta, theta, wrong_d), InputError);
    const Dataset two_targets = sphere_data(6, 5, 2, "test.models.relu2.errors", 1);
    CHECK_THROWS_AS(model.loss(theta, two_targets), InputError);
    CHECK_THROWS_AS(model.loss_grad(theta, two_targets, grad), InputError);
    CHECK_THROWS_AS(model.hvp(theta, theta, two_targets), InputError);
}

// ---------------------------------------------------------------------------------------------
// mlp

TEST_CASE("mlp: gradient and HVP match finite differences for every activation and shape",
          "[models]") {
    // relu is included: sigma'' = 0 a.e., so the exact HVP is valid away from the kinks, which a
    // generic random point avoids (see the relu2 case).
    const std::vector<std::vector<Index>> hidden_layers{{4}, {4, 3}, {3, 4, 3}};
    const MlpInit::Scheme schemes[] = {MlpInit::Scheme::iid, MlpInit::Scheme::fan_in};
    std::uint64_t rep = 0;
    for (const Activation& act : all_activations())
        for (const auto& hidden : hidden_layers)
            for (const bool hidden_bias : {false, true})
                for (const bool output_bias : {false, true})
                    for (const Index k : {Index{1}, Index{2}})
                        for (const LossConvention c : kConventions)
                            for (const MlpInit::Scheme scheme : schemes) {
                                ++rep;
                                INFO(act.name << ", depth " << hidden.size()
                                              << ", hidden_bias " << hidden_bias
                                              << ", output_bias " << output_bias << ", k " << k
                                              << ", loss " << name_of(c) << ", init "
                                              << (scheme == MlpInit::Scheme::iid ? "iid"
                                                                                 : "fan_in"));
                                // Gaussian inputs (coordinates O(1)) with fan_in scale 1 or
                                // iid scale 0.7: first-layer pre-activations O(1), neither
                                // saturated nor vanishing. (On unit-sphere inputs fan_in gives
                                // z ~ N(0, 1/d): a depth-3 cube net then has a gradient ~1e-12,
                                // below the FD round-off floor eps L / h, and nothing is tested.)
                                const double scale = scheme == MlpInit::Scheme::iid ? 0.7 : 1.0;
                                const Mlp model(MlpShape{3, hidden, k, hidden_bias, output_bias},
                                                act, c, MlpInit{scheme, scale});
                                const Dataset data = gaussian_data(5, 3, k, "test.models.mlp", rep);
                                Stream init = stream("test.models.mlp", rep, "init");
                                // fan_in leaves biases at 0; a small perturbation makes every
                                // point generic (no special symmetry at the checked point).
                                Stream jitter = stream("test.models.mlp", rep, "jitter");
                                const VectorXd theta =
                                    model.init(init) + normal_vector(model.num_params(), jitter, 0.1);
                                Stream dirs = stream("test.models.mlp", rep, "directions");
                                check_derivatives(model, theta, data, dirs);
                            }
}

TEST_CASE("mlp: Jacobian rows match finite differences of predict", "[models]") {
    for (const char* act : {"tanh", "relu", "softplus"}) {
        INFO("activation " << act);
        const Mlp model(MlpShape{3, {4, 3}, 2, true, true}, activation_by_name(act),
                        LossConvention::mean, MlpInit{MlpInit::Scheme::iid, 0.7});
        const Dataset data = sphere_data(5, 3, 2, "test.models.mlp.jacobian", 0);
        Stream init = stream("test.models.mlp.jacobian", 0, "init");
        check_jacobian(model, model.init(init), data.X);
    }
}

TEST_CASE("mlp: loss is coefficient * sum of squared errors over points and outputs",
          "[models]") {
    const Dataset data = sphere_data(5, 3, 2, "test.models.mlp.loss", 0);
    for (const LossConvention c : kConventions) {
        INFO("loss " << name_of(c));
        const Mlp model(MlpShape{3, {4}, 2, true, true}, tanh_activation(), c,
                        MlpInit{MlpInit::Scheme::iid, 0.7});
        Stream init = stream("test.models.mlp.loss", 0, "init");
        const VectorXd theta = model.init(init);
        // The coefficient counts points (n = 5), not points x outputs.
        const double expected =
            expected_coefficient(c, 5) * (model.predict(theta, data.X) - data.Y).squaredNorm();
        CHECK(model.loss(theta, data) == Approx(expected).epsilon(1e-13));  // a few ulps
    }
}

TEST_CASE("mlp: predict follows the documented layout of theta", "[models]") {
    // One hidden tanh layer with biases: f(x) = W2 tanh(W1 x + b1) + b2, theta = [W1, b1, W2, b2].
    const Mlp model(MlpShape{3, {4}, 2, true, true}, tanh_activation(), LossConvention::half_sum,
                    MlpInit{MlpInit::Scheme::iid, 0.7});
    REQUIRE(model.num_params() == 3 * 4 + 4 + 4 * 2 + 2);
    REQUIRE(model.num_layers() == 2);
    Stream init = stream("test.models.mlp.layout", 0, "init");
    const VectorXd theta = model.init(init);
    const MatrixXd W1 = Eigen::Map<const MatrixXd>(theta.data(), 4, 3);
    const VectorXd b1 = theta.segment(12, 4);
    const MatrixXd W2 = Eigen::Map<const MatrixXd>(theta.data() + 16, 2, 4);
    const VectorXd b2 = theta.segment(24, 2);
    CHECK(MatrixXd(model.layer_weights(theta, 0)) == W1);
    CHECK(MatrixXd(model.layer_weights(theta, 1)) == W2);
    const Dataset data = sphere_data(5, 3, 2, "test.models.mlp.layout", 0);
    const MatrixXd F = model.predict(theta, data.X);
    for (Index i = 0; i < 5; ++i) {
        const VectorXd h = (W1 * data.X.row(i).transpose() + b1).array().tanh().matrix();
        const VectorXd f = W2 * h + b2;
        for (Index j = 0; j < 2; ++j) CHECK(F(i, j) == Approx(f(j)).margin(1e-13));  // ulps of O(1)
    }
}

TEST_CASE("mlp: positive init sets W_1 = 0 and constant hidden and output weights", "[models]") {
    const MlpInit init{MlpInit::Scheme::positive, 1.0, 0.3, 2.5};
    const Mlp model(MlpShape{3, {4, 5, 2}, 2, true, true}, activation_by_name("softplus"),
                    LossConvention::mean, init);
    Stream s1 = stream("test.models.mlp.positive", 0, "init");
    Stream s2 = stream("test.models.mlp.positive", 1, "init");
    const VectorXd theta = model.init(s1);
    REQUIRE(model.num_layers() == 4);
    CHECK((model.layer_weights(theta, 0).array() == 0.0).all());
    CHECK((model.layer_weights(theta, 1).array() == 0.3).all());
    CHECK((model.layer_weights(theta, 2).array() == 0.3).all());
    CHECK((model.layer_weights(theta, 3).array() == 2.5).all());
    CHECK(model.layer_weights(theta, 3).rows() == 2);
    CHECK(model.layer_weights(theta, 3).cols() == 2);
    // Nothing in the scheme is random: the stream does not matter.
    CHECK(model.init(s2) == theta);
}

TEST_CASE("mlp: data with the wrong shape is an InputError", "[models]") {
    const Mlp model(MlpShape{3, {4}, 2, false, true}, tanh_activation());
    Stream init = stream("test.models.mlp.errors", 0, "init");
    const VectorXd theta = model.init(init);
    VectorXd grad;
    const Dataset wrong_d = sphere_data(5, 4, 2, "test.models.mlp.errors", 0);  // d = 4 != 3
    CHECK_THROWS_AS(model.loss(theta, wrong_d), InputError);
    CHECK_THROWS_AS(model.loss_grad(theta, wrong_d, grad), InputError);
    CHECK_THROWS_AS(model.predict(theta, wrong_d.X), InputError);
    CHECK_THROWS_AS(model.jacobian(theta, wrong_d.X), InputError);
    CHECK_THROWS_AS(model.hvp(theta, theta, wrong_d), InputError);
    const Dataset wrong_k = sphere_data(5, 3, 1, "test.models.mlp.errors", 1);  // k = 1 != 2
    CHECK_THROWS_AS(model.loss(theta, wrong_k), InputError);
    CHECK_THROWS_AS(model.loss_grad(theta, wrong_k, grad), InputError);
    CHECK_THROWS_AS(model.hvp(theta, theta, wrong_k), InputError);
    CHECK_THROWS_AS(Mlp(MlpShape{3, {4, 0}, 1}, tanh_activation()), InputError);
}

// ---------------------------------------------------------------------------------------------
// linear nets

TEST_CASE("linear_net: gradient and HVP match finite differences, depth 2-4 and a scalar chain",
          "[models]") {
    struct Case {
        Index d;
        std::vector<Index> hidden;
        Index k;
    };
    const std::vector<Case> cases{
        {3, {4}, 2}, {3, {4, 3}, 2}, {3, {4, 3, 2}, 1}, {1, {1, 1}, 1}, {1, {1}, 1}};
    std::uint64_t rep = 0;
    for (const Case& cs : cases)
        for (const LossConvention c : kConventions) {
            ++rep;
            INFO("d " << cs.d << ", depth " << cs.hidden.size() + 1 << ", k " << cs.k << ", loss "
                      << name_of(c));
            // sigma = 0.7, not the default 0.01: at a tiny init the gradient (~sigma^(N-1)) is
            // far below the loss, and FD round-off (eps L / h) would swamp it.
            const Mlp net = linear_net(cs.d, cs.hidden, cs.k, c, 0.7);
            Dataset data;
            Stream s = stream("test.models.linear", rep, "data");
            data.X = MatrixXd(6, cs.d);
            s.fill_normal(data.X);
            data.Y = gaussian_targets(6, cs.k, s);
            Stream init = stream("test.models.linear", rep, "init");
            const VectorXd theta = net.init(init);
            Stream dirs = stream("test.models.linear", rep, "directions");
            check_derivatives(net, theta, data, dirs);
        }
}

TEST_CASE("linear_net: end_to_end reproduces predict = X P^T and the default init is small",
          "[models]") {
    const Mlp net = linear_net(4, {5, 3}, 2);
    REQUIRE(net.num_params() == 4 * 5 + 5 * 3 + 3 * 2);
    Stream init = stream("test.models.linear.e2e", 0, "init");
    const VectorXd theta = net.init(init);
    // Default sigma = 0.01: 41 draws of N(0, 1e-4) all lie within 6 sigma.
    CHECK(theta.cwiseAbs().maxCoeff() < 0.06);
    const VectorXd big = 50.0 * theta;  // O(1) weights so the comparison is not trivially tiny
    const MatrixXd P = end_to_end(net, big);
    REQUIRE(P.rows() == 2);
    REQUIRE(P.cols() == 4);
    Stream s = stream("test.models.linear.e2e", 0, "data");
    MatrixXd X(7, 4);
    s.fill_normal(X);
    const MatrixXd F = net.predict(big, X);
    const MatrixXd expected = X * P.transpose();
    // Re-associated products of three O(1) matrices: round-off ~ a few eps * 10s.
    INFO("max |predict - X P^T| = " << (F - expected).cwiseAbs().maxCoeff());
    CHECK((F - expected).cwiseAbs().maxCoeff() <= 1e-12 * std::max(1.0, expected.cwiseAbs().maxCoeff()));

    // Scalar chain: P is the product of the scalar weights.
    const Mlp chain = linear_net(1, {1, 1}, 1);
    // Products of exactly representable numbers: exact here; 1e-15 allows one rounding.
    const VectorXd w = (VectorXd(3) << 0.5, -2.0, 3.0).finished();
    CHECK(end_to_end(chain, w)(0, 0) == Approx(-3.0).epsilon(1e-15));
    const MatrixXd x = (MatrixXd(2, 1) << 1.0, -0.25).finished();
    const MatrixXd f = chain.predict(w, x);
    CHECK(f(0, 0) == Approx(-3.0).epsilon(1e-15));
    CHECK(f(1, 0) == Approx(0.75).epsilon(1e-15));
}

TEST_CASE("scalar chain: gradient and HVP match finite differences at every depth", "[models]") {
    for (int depth = 1; depth <= 4; ++depth) {
        INFO("depth " << depth);
        const ScalarChain model(depth, 0.8);
        // Three points with a noisy target: L_min > 0, so the loss's L_min term is exercised.
        const Dataset data = gaussian_data(3, 1, 1, "test.models.chain", static_cast<std::uint64_t>(depth));
        Stream init = stream("test.models.chain", static_cast<std::uint64_t>(depth), "init");
        Stream dirs = stream("test.models.chain", static_cast<std::uint64_t>(depth), "directions");
        check_derivatives(model, model.init(init), data, dirs);
    }
}

TEST_CASE("scalar chain: loss is 1/(2n) sum (P x_i - y_i)^2 and the balanced minimum has sharpness s_min",
          "[models]") {
    const Dataset data = gaussian_data(4, 1, 1, "test.models.chain-loss", 0);
    const ScalarChain model(3, 1.0);
    const VectorXd w = (VectorXd(3) << 0.7, -1.3, 0.4).finished();
    const double direct = 0.5 * (w.prod() * data.X.col(0) - data.Y.col(0)).squaredNorm() / 4.0;
    // Two arrangements of the same sum: a few ulps of the loss apart.
    CHECK_THAT(model.loss(w, data), Catch::Matchers::WithinRel(direct, 1e-13));
    CHECK(model.predict(w, data.X).isApprox(w.prod() * data.X));
    // One point x = 1, target y: at the balanced minimum w_i = y^(1/N) the Hessian's top
    // eigenvalue is the closed form N |y|^(2-2/N) (sharpness_min.hpp).
    Dataset one;
    one.X = MatrixXd::Ones(1, 1);
    one.Y = MatrixXd::Constant(1, 1, 2.0);
    for (int depth = 2; depth <= 4; ++depth) {
        const ScalarChain chain(depth, 1.0);
        const VectorXd balanced = VectorXd::Constant(depth, std::pow(2.0, 1.0 / depth));
        const MatrixXd H = chain.hessian(balanced, one);
        CHECK((H - H.transpose()).norm() == 0.0);
        const double top = Eigen::SelfAdjointEigenSolver<MatrixXd>(H).eigenvalues().maxCoeff();
        CHECK_THAT(top, Catch::Matchers::WithinRel(s_min_scalar_chain(depth, 2.0), tol::eigenvalue));
    }
    CHECK_THROWS_AS(model.loss(w, gaussian_data(3, 2, 1, "test.models.chain-loss", 1)), InputError);
}

TEST_CASE("mlp: partitioned tanh layers are bit-identical for 1, 2 and 3 OpenMP threads", "[models]") {
    // n = 400 rows (blocks of 128, 128, 128 and 16: more blocks than threads, one short) and
    // layers of 150 x 130 units: n in out >= 2^20, so products run blocked over rows and output
    // units (mlp.cpp).
    const Mlp model(MlpShape{150, {130, 130}, 1}, tanh_activation(), LossConvention::mean);
    const Dataset data = sphere_data(400, 150, 1, "test.models.mlp.threads", 0);
    Stream init = stream("test.models.mlp.threads", 0, "init");
    const VectorXd theta = model.init(init);
    Stream dirs = stream("test.models.mlp.threads", 0, "directions");
    const VectorXd v = normal_vector(model.num_params(), dirs);

    const int saved = omp_get_max_threads();
    std::vector<VectorXd> grads, hvps;
    std::vector<double> losses;
    for (int threads : {1, 2, 3}) {
        omp_set_num_threads(threads);
        VectorXd g;
        losses.push_back(model.loss_grad(theta, data, g));
        grads.push_back(g);
        hvps.push_back(model.hvp(theta, v, data));
    }
    omp_set_num_threads(saved);
    for (std::size_t i = 1; i < grads.size(); ++i) {
        CHECK(losses[i] == losses[0]);  // bitwise: ==, not Approx
        CHECK(grads[i] == grads[0]);
        CHECK(hvps[i] == hvps[0]);
    }

    // The partitioned gradient and HVP are right, not just reproducible: the directional
    // derivative along v against central differences of the loss, and the HVP against
    // differences of the exact gradient (37k parameters: a full FD gradient would be slow).
    const double h = 1e-5;
    const double fd = (model.loss(VectorXd(theta + h * v), data) - model.loss(VectorXd(theta - h * v), data)) / (2 * h);
    CHECK(std::abs(fd - grads[0].dot(v)) <= tol::finite_difference * std::max(std::abs(fd), 1.0));
    const CheckReport hv = check_hvp(
        [&](const VectorXd& t) {
            VectorXd g;
            model.loss_grad(t, data, g);
            return g;
        },
        theta, v, hvps[0]);
    CHECK(hv.worst_error < tol::finite_difference);
}

TEST_CASE("mlp: tanh layers compute tanh through vector_tanh, bit for bit", "[models]") {
    // Identity weights make the net's output the hidden layer's tanh itself (products with 1
    // and 0 are exact), so it must equal vector_tanh's bits: the speed of every tanh mlp rests
    // on this path being taken, and std::tanh differs from it in the last bits at some points.
    const Index k = 12, n = 200;
    const Mlp model(MlpShape{k, {k}, k}, tanh_activation());
    VectorXd theta = VectorXd::Zero(model.num_params());
    Eigen::Map<MatrixXd>(theta.data(), k, k).setIdentity();
    Eigen::Map<MatrixXd>(theta.data() + k * k, k, k).setIdentity();
    Stream points = stream("test.models.mlp.vector_tanh", 0, "points");
    MatrixXd X(n, k);
    for (Index j = 0; j < k; ++j)
        for (Index i = 0; i < n; ++i) X(i, j) = 6.0 * points.uniform() - 3.0;
    MatrixXd expected(n, k), scalar = X.array().tanh().matrix();
    for (Index j = 0; j < k; ++j) ratebench::vector_tanh(X.col(j).data(), expected.col(j).data(), n);
    if (ratebench::vector_tanh_is_libmvec()) REQUIRE(expected != scalar);  // the check can tell them apart
    CHECK(model.predict(theta, X) == expected);
}
