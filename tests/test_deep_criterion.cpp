// The deep family's core math: the toy objectives' derivatives against finite differences, the
// search of the ball against their closed forms, the three answers of the criterion, and the
// positive-init certificate never above |grad f|^2 / f anywhere in its ball (a violation is a bug).
#include "support/gradient_checker.hpp"
#include "support/tolerances.hpp"

#include "core/deep/criterion.hpp"
#include "core/deep/positive_init_certificate.hpp"
#include "core/deep/ratio_search.hpp"
#include "core/deep/toy_objectives.hpp"
#include "core/models/mlp.hpp"
#include "core/optim/gradient_descent.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace ratebench;
using Eigen::VectorXd;

namespace {

std::vector<ToyObjective> toys_at(Stream& s) {
    VectorXd x(3);
    s.fill_normal(x);
    return {ToyObjective::double_well(x), ToyObjective::product(s.normal(), s.normal()),
            ToyObjective::quartic(s.normal())};
}

// |grad f|^2 / f at w.
template <class M>
double ratio(const M& model, const VectorXd& w, const Dataset& data) {
    VectorXd g;
    const double f = model.loss_grad(w, data, g);
    return g.squaredNorm() / f;
}

}  // namespace

TEST_CASE("deep toys: gradient, HVP and rho match finite differences and the closed forms", "[deep]") {
    const Dataset none;
    for (std::uint64_t rep = 0; rep < 5; ++rep) {
        Stream s(1, "test.deep.toys", rep, "points");
        for (const ToyObjective& toy : toys_at(s)) {
            INFO(toy.name() << " replicate " << rep);
            const VectorXd x = toy.start;
            VectorXd g;
            toy.loss_grad(x, none, g);
            CHECK(testing::check_gradient([&](const VectorXd& y) { return toy.loss(y, none); }, x, g).worst_error <
                  tol::finite_difference);
            VectorXd v(x.size());
            s.fill_normal(v);
            auto grad = [&](const VectorXd& y) {
                VectorXd gy;
                toy.loss_grad(y, none, gy);
                return gy;
            };
            CHECK(testing::check_hvp(grad, x, v, toy.hvp(x, v, none)).worst_error < tol::finite_difference);
            // rho's closed form against |g|^2 / f: a few ulps of each.
            CHECK_THAT(ratio(toy, x, none), Catch::Matchers::WithinRel(toy.ratio(x), 1e-12));
        }
    }
}

TEST_CASE("deep toys: the search of the ball finds the closed-form alpha and never goes below it", "[deep]") {
    const Dataset none;
    for (std::uint64_t rep = 0; rep < 6; ++rep) {
        Stream s(2, "test.deep.search", rep, "points");
        for (const ToyObjective& toy : toys_at(s)) {
            const VectorXd x0 = toy.start;
            const double r = (0.2 + 0.6 * s.uniform()) * x0.norm();
            INFO(toy.name() << " replicate " << rep << " |x0| " << x0.norm() << " r " << r);
            Stream search(2, "test.deep.search", rep, toy.name());
            const RatioSearchResult found = search_ratio_minimum(toy, none, x0, r, search, {4, 200});
            const double alpha = toy.alpha(x0, r);
            // Every value the search sees is rho at a point of the ball: >= alpha up to the ulps
            // of a point projected onto the boundary.
            CHECK(found.alpha_up >= alpha * (1 - 1e-12));
            CHECK((found.at - x0).norm() <= r * (1 + 1e-12));
            // The minimiser x0 (1 - r/|x0|) is on the boundary: projected descent reaches it to
            // the length of its last accepted step (1e-6 relative: a wrong closed form is off by
            // tens of percent).
            CHECK_THAT(found.alpha_up, Catch::Matchers::WithinRel(alpha, 1e-6));
        }
    }
}

TEST_CASE("deep criterion: certified, refuted or undetermined, and the GD constants", "[deep]") {
    // f0 = 1, r = 2: the threshold is alpha = 1.
    CHECK(judge_criterion(1.0, 2.0, 1.5, 3.0) == CriterionVerdict::certified);
    CHECK(judge_criterion(1.0, 2.0, 0.5, 0.9) == CriterionVerdict::refuted);
    CHECK(judge_criterion(1.0, 2.0, 0.5, 3.0) == CriterionVerdict::undetermined);
    CHECK(judge_criterion(1.0, 2.0, -1.0, 3.0) == CriterionVerdict::undetermined);  // no certificate
    // alpha = 4, beta = 10, eta = 0.1: delta = 2 sqrt(1/4) / 2 = 0.5, theta = 0.5,
    // rate 1 - 0.1 * 0.5 * 4 = 0.8, path bound 2 / (0.5 * 2) = 2.
    const GdConstants c = gd_constants(1.0, 2.0, 4.0, 10.0, 0.1);
    CHECK_THAT(c.delta, Catch::Matchers::WithinRel(0.5, 1e-15));
    CHECK_THAT(c.theta, Catch::Matchers::WithinRel(0.5, 1e-15));
    CHECK_THAT(c.rate_factor, Catch::Matchers::WithinRel(0.8, 1e-15));
    CHECK_THAT(c.path_bound, Catch::Matchers::WithinRel(2.0, 1e-15));
    CHECK_THAT(max_certified_step(0.5, 10.0), Catch::Matchers::WithinRel(0.1, 1e-15));
}

TEST_CASE("deep certificate: alpha_cert never exceeds |grad f|^2/f in its ball on random small nets", "[deep]") {
    long checked = 0;
    for (std::uint64_t rep = 0; rep < 24; ++rep) {
        Stream s(3, "test.deep.certificate", rep, "shape");
        const Activation& act = activation_by_name(rep % 3 == 0 ? "tanh" : rep % 3 == 1 ? "softplus" : "sigmoid");
        const Eigen::Index n = 2 + static_cast<Eigen::Index>(3 * s.uniform());
        const Eigen::Index d = n + static_cast<Eigen::Index>(3 * s.uniform());
        const int hidden_layers = 1 + static_cast<int>(4 * s.uniform());
        const Eigen::Index width = 1 + static_cast<Eigen::Index>(3 * s.uniform());
        const std::vector<Eigen::Index> hidden(static_cast<std::size_t>(hidden_layers), width);
        const double w_h = (0.5 + s.uniform()) / static_cast<double>(width);
        const double r = (0.1 + 0.8 * s.uniform()) * w_h;
        const double A = 1.0 + 20.0 * s.uniform();
        Dataset data;
        data.X = unit_sphere_points(n, d, s);
        data.Y = gaussian_targets(n, 1, s);
        const Mlp net(MlpShape{d, hidden, 1, false, true}, act, LossConvention::mean,
                      MlpInit{MlpInit::Scheme::positive, 1.0, w_h, A});
        Stream init(3, "test.deep.certificate", rep, "init");
        const VectorXd w0 = net.init(init);
        const auto cert = positive_init_certificate(act, data.X, hidden, w_h, A, r);
        REQUIRE(cert);
        INFO(act.name << " n " << n << " d " << d << " hidden " << hidden_layers << " x " << width << " w_h " << w_h
                      << " r " << r << " A " << A << " alpha_cert " << cert->alpha_cert);
        REQUIRE(cert->alpha_cert > 0);
        // Points of the ball: random ones at every radius, and a GD trajectory while it stays inside.
        for (int i = 0; i < 40; ++i) {
            VectorXd u(net.num_params());
            s.fill_normal(u);
            const VectorXd w = w0 + r * std::pow(s.uniform(), 1.0 / 3.0) / u.norm() * u;
            CHECK(ratio(net, w, data) >= cert->alpha_cert);
            ++checked;
        }
        VectorXd w = w0, g;
        const double eta = 0.2 / (A * A);
        for (int k = 0; k < 200 && (w - w0).norm() <= r; ++k) {
            const double f = net.loss_grad(w, data, g);
            if (f <= 0) break;
            CHECK(g.squaredNorm() / f >= cert->alpha_cert);
            ++checked;
            w -= eta * g;
        }
    }
    CHECK(checked > 24 * 40);
}

TEST_CASE("deep certificate: zero when a slope bound is zero or the weights can reach zero", "[deep]") {
    Stream s(4, "test.deep.certificate.zero", 0, "data");
    const Eigen::MatrixXd X = unit_sphere_points(3, 5, s);
    // z^3 has sigma'(0) = 0: nothing certified. w_h <= r or A <= r: a weight can vanish.
    CHECK(positive_init_certificate(activation_by_name("cube"), X, {2, 2}, 1.0, 10.0, 0.1)->alpha_cert == 0.0);
    CHECK(positive_init_certificate(tanh_activation(), X, {2, 2}, 0.1, 10.0, 0.2)->alpha_cert == 0.0);
    CHECK(positive_init_certificate(tanh_activation(), X, {2}, 1.0, 0.1, 0.2)->alpha_cert == 0.0);
    // No bound derived for cos or relu: no certificate at all.
    CHECK_FALSE(positive_init_certificate(activation_by_name("cos"), X, {2}, 1.0, 10.0, 0.1));
    CHECK_FALSE(positive_init_certificate(relu(), X, {2}, 1.0, 10.0, 0.1));
    // One hidden tanh layer of width m, orthonormal-free check of the formula:
    // alpha = (4/n) lambda_min(X X^T) m (tanh'(r max|x|) (A - r))^2.
    const auto one = positive_init_certificate(tanh_activation(), X, {3}, 1.0, 10.0, 0.1);
    const double s1 = 1.0 - std::pow(std::tanh(0.1), 2);  // unit-norm rows
    CHECK_THAT(one->alpha_cert,
               Catch::Matchers::WithinRel(4.0 / 3.0 * one->lambda_min_xx * 3.0 * std::pow(s1 * 9.9, 2), 1e-12));
}
