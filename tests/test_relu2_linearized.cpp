// The linearised relu2 (activation patterns frozen at init) is a linear model whose Gram is
// H(0) exactly: the case where every predicted rate of the relu2 family must hold to the
// precision of the fit, not to the few % that finite-width drift costs on the real net.
#include "core/models/relu2.hpp"
#include "core/optim/gradient_descent.hpp"
#include "core/optim/heavy_ball.hpp"
#include "core/optim/nesterov.hpp"
#include "core/optim/two_lag_momentum.hpp"
#include <Eigen/Eigenvalues>
#include "core/spectrum.hpp"
#include "core/train.hpp"
#include "support/gradient_checker.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

using namespace ratebench;
using Catch::Matchers::WithinRel;

namespace {

struct Setup {
    Dataset data;
    Relu2 net;
    Eigen::VectorXd theta0;
};

Setup setup() {
    Stream stream(4, "test.linearized", 0);
    Dataset data{unit_sphere_points(10, 10, stream), gaussian_targets(10, 1, stream)};
    Relu2 net(10, Relu2::random_signs(2000, stream));
    Eigen::VectorXd theta0 = net.init(stream);
    return {std::move(data), std::move(net), std::move(theta0)};
}

}  // namespace

TEST_CASE("the linearised net agrees with the net at theta0 and is linear in W", "[relu2-linear]") {
    const auto [data, net, theta0] = setup();
    const Relu2 lin = net.linearized_at(theta0);
    REQUIRE(lin.predict(theta0, data.X) == net.predict(theta0, data.X));
    Stream stream(5, "test.linearized", 1);
    Eigen::VectorXd v(theta0.size()), theta = theta0;
    stream.fill_normal(v);
    theta += 0.3 * v;
    // Linear in W: f(theta0 + t v) = f(theta0) + t J0 v for any t, patterns never change.
    const Eigen::MatrixXd J0 = net.jacobian(theta0, data.X);
    const Eigen::VectorXd expected = net.predict(theta0, data.X) + 0.3 * J0 * v;
    // Two orders of summation of the same O(1) numbers: round-off only.
    REQUIRE((lin.predict(theta, data.X) - expected).cwiseAbs().maxCoeff() < 1e-12);
    REQUIRE(lin.gram(theta, data.X) == net.gram(theta0, data.X));
    Eigen::VectorXd g;
    lin.loss_grad(theta, data, g);
    const auto report = testing::check_gradient([&](const Eigen::VectorXd& t) { return lin.loss(t, data); }, theta, g);
    INFO("worst " << report.worst_error << " at " << report.worst_index);
    REQUIRE(report.worst_error < tol::finite_difference);
}

namespace {

// On the linearised net the residual e = f - y evolves exactly like the optimiser on the
// quadratic 1/2 e^T H(0) e: in H(0)'s eigenbasis every mode must follow the scalar recurrence
// of the optimiser's characteristic polynomial at that eigenvalue, which is what the
// predicted rates (its root moduli) rest on.
template <class O>
void check_modes(O optimizer) {
    const auto [data, net, theta0] = setup();
    const Relu2 lin = net.linearized_at(theta0);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(net.gram(theta0, data.X));
    optimizer.params.eta /= eig.eigenvalues().maxCoeff();  // eta given as c / lambda_max
    const long steps = 60;
    std::vector<Eigen::VectorXd> modes;
    const StepObserver record = [&](long, double, const Eigen::VectorXd& theta) {
        modes.push_back(eig.eigenvectors().transpose() * (lin.predict(theta, data.X) - data.Y));
    };
    Eigen::VectorXd theta = theta0;
    train(lin, data, optimizer, theta, TrainConfig{steps}, {}, record);
    REQUIRE(modes.size() == steps + 1);
    const double scale = modes[0].cwiseAbs().maxCoeff();
    for (Eigen::Index i = 0; i < modes[0].size(); ++i) {
        // (1/2 sum e^2: the gradient in e-space is H e, so the mode's curvature is lambda_i.)
        const Eigen::VectorXd poly = *optimizer.characteristic(eig.eigenvalues()(i));
        std::vector<double> history(poly.size() - 1, modes[0](i));  // at rest: e_-1 = e_0
        for (long k = 1; k <= steps; ++k) {
            double next = 0.0;
            for (Eigen::Index j = 1; j < poly.size(); ++j) next -= poly(j) * history[j - 1];
            history.insert(history.begin(), next);
            history.pop_back();
            INFO("mode " << i << " (lambda " << eig.eigenvalues()(i) << ") step " << k);
            // Each prediction sums m = 2000 O(1) terms (round-off ~ m eps ~ 4e-13 of |e_0|);
            // the recurrences are stable, so errors stay of that order: 1e-10 leaves margin.
            REQUIRE(std::abs(modes[k](i) - next) <= 1e-10 * scale);
        }
    }
}

}  // namespace

TEST_CASE("GD's modes follow 1 - eta lambda_i exactly on the linearised net", "[relu2-linear]") {
    check_modes(GradientDescent{{.eta = 1.0}});
}
TEST_CASE("heavy ball's modes follow its quadratic on the linearised net", "[relu2-linear]") {
    check_modes(HeavyBall{{.eta = 1.0, .beta = 0.3}});
}
TEST_CASE("Nesterov's modes follow its quadratic on the linearised net", "[relu2-linear]") {
    check_modes(Nesterov{{.eta = 1.0, .beta = 0.5}});
}
TEST_CASE("two-lag momentum's modes follow its cubic on the linearised net", "[relu2-linear]") {
    check_modes(TwoLagMomentum{{.eta = 1.0, .b1 = 0.5, .b2 = 0.3}});
}
