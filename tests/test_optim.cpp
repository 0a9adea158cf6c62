// Optimisers on a diagonal quadratic: every coordinate is one mode, so each must follow the
// scalar recurrence whose characteristic polynomial the optimiser states, and its observed
// loss slope must match the predicted root modulus.
#include "core/optim/gradient_descent.hpp"
#include "core/optim/heavy_ball.hpp"
#include "core/optim/nesterov.hpp"
#include "core/optim/two_lag_momentum.hpp"
#include "core/predict.hpp"
#include "core/rates.hpp"
#include "core/train.hpp"
#include "support/quadratic.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>
#include <deque>

using namespace ratebench;
using testing::DiagonalQuadratic;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinRel;

namespace {

const Eigen::VectorXd kLambda = (Eigen::VectorXd(4) << 0.05, 0.3, 1.1, 1.7).finished();

// Iterates one mode by the recurrence read off the characteristic polynomial
// z^p + c1 z^(p-1) + ... + cp: e_(k+1) = -(c1 e_k + c2 e_(k-1) + ...). A method started at
// rest has e_(-1) = e_(-2) = e_0.
std::vector<double> recurrence(const Eigen::VectorXd& poly, double e0, long steps) {
    std::deque<double> history(poly.size() - 1, e0);  // newest first
    std::vector<double> out{e0};
    for (long k = 0; k < steps; ++k) {
        double next = 0.0;
        for (Eigen::Index j = 1; j < poly.size(); ++j) next -= poly(j) * history[j - 1];
        history.push_front(next);
        history.pop_back();
        out.push_back(next);
    }
    return out;
}

template <class O>
void check_against_recurrence(O optimizer, long steps) {
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(kLambda.size());
    Eigen::VectorXd g;
    optimizer.reset();
    auto oracle = [&](const Eigen::VectorXd& at, Eigen::VectorXd& grad) {
        return f.loss_grad(at, Dataset{}, grad);
    };
    std::vector<Eigen::VectorXd> iterates{x};
    for (long k = 0; k < steps; ++k) {
        f.loss_grad(x, Dataset{}, g);
        optimizer.step(x, g, oracle);
        iterates.push_back(x);
    }
    for (Eigen::Index i = 0; i < kLambda.size(); ++i) {
        const auto expected = recurrence(*optimizer.characteristic(kLambda(i)), 1.0, steps);
        double largest = 1.0;
        for (long k = 0; k <= steps; ++k) {
            largest = std::max(largest, std::abs(expected[k]));
            INFO("mode " << i << " step " << k);
            // Rounding differs between the vector update and the scalar recurrence: the gap
            // grows by a few eps per step, relative to the largest iterate so far.
            REQUIRE(std::abs(iterates[k](i) - expected[k]) <= tol::recurrence(k) * largest);
        }
    }
}

// Slope of ln L over the late window, against 2 ln rho from the polynomials.
template <class O>
void check_rate(O optimizer, long steps) {
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(kLambda.size());
    TrainConfig config{steps, {}, {0, 4000}};
    const Trajectory t = train(f, Dataset{}, optimizer, x, config);
    const auto fit = fit_linear_rate(t.step, t.loss, t.initial_loss, LossWindow{1e-40, 1e-10});
    REQUIRE(fit);
    const double predicted = loss_slope(*predicted_contraction(optimizer, kLambda));
    INFO("observed " << fit->slope << " predicted " << predicted << " over steps "
                     << fit->first_step << ".." << fit->last_step);
    // Over 30 decades the fast modes are gone and the slowest mode's oscillation (complex
    // roots) averages out: 1% covers the fit's residual transient.
    REQUIRE_THAT(fit->slope, WithinRel(predicted, 0.01));
}

}  // namespace

TEST_CASE("gradient descent follows (1 - eta lambda)^k per mode", "[optim]") {
    check_against_recurrence(GradientDescent{{.eta = 0.9}}, 300);
    check_rate(GradientDescent{{.eta = 0.9}}, 4000);
}

TEST_CASE("heavy ball follows its two-term recurrence", "[optim]") {
    check_against_recurrence(HeavyBall{{.eta = 0.9, .beta = 0.6}}, 300);
    check_rate(HeavyBall{{.eta = 0.9, .beta = 0.6}}, 4000);
}

TEST_CASE("heavy ball fully under-damped contracts by sqrt(beta)", "[optim]") {
    // Every eta lambda_i inside [(1 - sqrt b)^2, (1 + sqrt b)^2]: rho = sqrt(beta).
    const HeavyBall hb{{.eta = 1.0, .beta = 0.81}};
    const Eigen::VectorXd lambdas = (Eigen::VectorXd(3) << 0.02, 1.0, 3.5).finished();
    REQUIRE_THAT(*predicted_contraction(hb, lambdas), WithinRel(0.9, 1e-7));
}

TEST_CASE("Nesterov with constant beta follows its recurrence", "[optim]") {
    check_against_recurrence(Nesterov{{.eta = 0.8, .beta = 0.5}}, 300);
    check_rate(Nesterov{{.eta = 0.8, .beta = 0.5}}, 4000);
}

TEST_CASE("Nesterov with the (k-1)/(k+r-1) schedule", "[optim]") {
    Nesterov nag{{.eta = 0.5, .r = 3.0}};
    REQUIRE_FALSE(nag.characteristic(1.0).has_value());
    // Per mode, the scalar form of the same update: y = x + beta_k (x - x-), x+ = (1 - eta l) y.
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(kLambda.size()), g;
    nag.reset();
    auto oracle = [&](const Eigen::VectorXd& at, Eigen::VectorXd& grad) {
        return f.loss_grad(at, Dataset{}, grad);
    };
    Eigen::ArrayXd cur = Eigen::ArrayXd::Ones(kLambda.size()), prev = cur;
    for (long k = 1; k <= 200; ++k) {
        const double beta = (k - 1.0) / (k + 3.0 - 1.0);
        const Eigen::ArrayXd y = cur + beta * (cur - prev);
        prev = cur;
        cur = (1.0 - 0.5 * kLambda.array()) * y;
        f.loss_grad(x, Dataset{}, g);
        nag.step(x, g, oracle);
        INFO("step " << k);
        REQUIRE((x.array() - cur).abs().maxCoeff() <= tol::recurrence(k));
    }
}

TEST_CASE("two-lag momentum follows its cubic", "[optim]") {
    check_against_recurrence(TwoLagMomentum{{.eta = 0.9, .b1 = 0.5, .b2 = 0.3}}, 300);
    check_rate(TwoLagMomentum{{.eta = 0.9, .b1 = 0.5, .b2 = 0.3}}, 4000);
}

TEST_CASE("optimiser parameters are validated with field, value and rule", "[optim]") {
    REQUIRE_THROWS_WITH((GradientDescent{{.eta = -1}}.params.validate()),
                        Contains("GradientDescent.eta = -1") && Contains("must be > 0"));
    REQUIRE_THROWS_WITH((HeavyBall{{.eta = 0.1, .beta = 1.0}}.params.validate()),
                        Contains("HeavyBall.beta = 1") && Contains("[0, 1)"));
    REQUIRE_THROWS_WITH((Nesterov{{.eta = 0.1, .beta = 0.5, .r = -2}}.params.validate()),
                        Contains("Nesterov.r = -2"));
    REQUIRE_THROWS_WITH((TwoLagMomentum{{.eta = 0.1, .b1 = std::nan(""), .b2 = 0}}.params.validate()),
                        Contains("TwoLagMomentum.b1"));
}
