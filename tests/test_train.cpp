// The training loop: bounded sampling, and outcomes classified by loss and gradient together.
#include "core/optim/gradient_descent.hpp"
#include "core/optim/nesterov.hpp"
#include "core/train.hpp"
#include "support/quadratic.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <limits>

using namespace ratebench;
using testing::DiagonalQuadratic;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {
const Eigen::VectorXd kLambda = (Eigen::VectorXd(2) << 0.5, 1.0).finished();
}

TEST_CASE("sample steps are sorted, bounded and include both ends", "[train]") {
    const SampleSchedule schedule{50, 100};
    for (long K : {0L, 1L, 7L, 1000L, 123457L}) {
        const auto s = sample_steps(K, schedule);
        INFO("max_steps " << K);
        REQUIRE(s.front() == 0);
        REQUIRE(s.back() == K);
        REQUIRE(std::is_sorted(s.begin(), s.end()));
        REQUIRE(std::adjacent_find(s.begin(), s.end()) == s.end());
        REQUIRE(s.size() <= 50u + 100u + 2u);
    }
    // Dense early: the first ten steps of a long run are all sampled by the log grid.
    const auto s = sample_steps(100000, SampleSchedule{200, 1000});
    for (long k = 0; k <= 10; ++k) REQUIRE(std::binary_search(s.begin(), s.end(), k));
}

TEST_CASE("GD on a quadratic converges and records loss, gradient and distance", "[train]") {
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
    GradientDescent gd{{.eta = 1.0}};
    TrainConfig config{1000, {.loss_floor = 1e-20}};
    const std::vector<Probe> probes{{"x0", [](const Eigen::VectorXd& t) { return t(0); }}};
    const Trajectory t = train(f, Dataset{}, gd, x, config, probes);
    REQUIRE(t.outcome == Outcome::converged);
    REQUIRE(t.final_loss() <= 1e-20);
    REQUIRE(t.step.back() == t.steps);
    // x_k = (1/2^k, 0): the first sample after step 0 is step 1.
    REQUIRE(t.step[1] == 1);
    REQUIRE_THAT(t.loss[1], WithinRel(0.5 * 0.5 * 0.25, 1e-15));
    REQUIRE_THAT(t.grad_norm[1], WithinRel(0.25, 1e-15));
    REQUIRE_THAT(t.distance[1], WithinRel(std::sqrt(0.25 + 1.0), 1e-15));
    REQUIRE(t.probe_names == std::vector<std::string>{"x0"});
    REQUIRE(t.probe_values[0].size() == t.size());
    REQUIRE_THAT(t.probe_values[0][1], WithinAbs(0.5, 0.0));
}

TEST_CASE("a step above 2 / lambda_max diverges and says when", "[train]") {
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
    GradientDescent gd{{.eta = 2.5}};  // |1 - 2.5| = 1.5 per step on lambda = 1
    const Trajectory t = train(f, Dataset{}, gd, x, TrainConfig{10000, {.blowup = 1e6}});
    REQUIRE(t.outcome == Outcome::diverged);
    REQUIRE(t.steps < 100);
    REQUIRE(t.final_loss() > 1e6 * t.initial_loss);
}

TEST_CASE("a non-finite loss is divergence, not a crash", "[train]") {
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Constant(2, std::nan(""));
    GradientDescent gd{{.eta = 0.1}};
    const Trajectory t = train(f, Dataset{}, gd, x, TrainConfig{100});
    REQUIRE(t.outcome == Outcome::diverged);
    REQUIRE(t.steps == 0);
}

TEST_CASE("a step so large that the loss overflows is divergence, not a crash", "[train]") {
    // eta = 1e150 with no blow-up threshold: x grows by 1e150 a step, the loss overflows to
    // inf at step 3 (1e300^2) and the next iterate is inf - inf = NaN. Both are divergence.
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
    GradientDescent gd{{.eta = 1e150}};
    // The largest finite threshold: blowup x L0 overflows to infinity, so no finite loss trips it.
    const double never = std::numeric_limits<double>::max();
    const Trajectory t = train(f, Dataset{}, gd, x, TrainConfig{1000, {.blowup = never}});
    REQUIRE(t.outcome == Outcome::diverged);
    REQUIRE(t.steps < 10);
    REQUIRE(!std::isfinite(t.final_loss()));
}

TEST_CASE("a NaN gradient at a finite loss is divergence, not a crash", "[train]") {
    // The loss is fine, the gradient is not (as an overflow inside a backward pass would make
    // it): the run must stop as diverged at the first such step, whatever the loss says.
    struct NanGradient : DiagonalQuadratic {
        double loss_grad(const Eigen::VectorXd& x, const Dataset& data, Eigen::VectorXd& g) const {
            g = Eigen::VectorXd::Constant(x.size(), std::nan(""));
            return loss(x, data);
        }
    };
    const NanGradient f{{kLambda}};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
    GradientDescent gd{{.eta = 0.1}};
    const Trajectory t = train(f, Dataset{}, gd, x, TrainConfig{100});
    REQUIRE(t.outcome == Outcome::diverged);
    REQUIRE(t.steps == 0);
    REQUIRE(std::isfinite(t.final_loss()));
    REQUIRE(std::isnan(t.grad_norm.back()));
}

TEST_CASE("a critical point above the loss floor is a stall", "[train]") {
    const DiagonalQuadratic f{kLambda, 1.0};  // minimum value 1, floor 1e-12
    Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
    GradientDescent gd{{.eta = 1.0}};
    const Trajectory t =
        train(f, Dataset{}, gd, x, TrainConfig{1000, {.loss_floor = 1e-12, .grad_floor = 1e-10}});
    REQUIRE(t.outcome == Outcome::stalled);
    REQUIRE(t.grad_norm.back() <= 1e-10);
}

TEST_CASE("a spent budget is a bounded run", "[train]") {
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
    GradientDescent gd{{.eta = 0.01}};
    const Trajectory t = train(f, Dataset{}, gd, x, TrainConfig{50, {.loss_floor = 1e-20}});
    REQUIRE(t.outcome == Outcome::bounded);
    REQUIRE(t.steps == 50);
    REQUIRE(t.step.back() == 50);
}

TEST_CASE("Nesterov records the gradient at the iterate, not at the look-ahead", "[train]") {
    const DiagonalQuadratic f{kLambda};
    Eigen::VectorXd x = Eigen::VectorXd::Ones(2);
    Nesterov nag{{.eta = 0.5, .beta = 0.9}};
    const std::vector<Probe> probes{
        {"grad_at_iterate", [&](const Eigen::VectorXd& t) { return kLambda.cwiseProduct(t).norm(); }}};
    const Trajectory t = train(f, Dataset{}, nag, x, TrainConfig{200}, probes);
    for (std::size_t i = 0; i < t.size(); ++i)
        REQUIRE_THAT(t.grad_norm[i], WithinRel(t.probe_values[0][i], 1e-15));
}

TEST_CASE("bad training configurations are rejected by name", "[train]") {
    TrainConfig config{-1};
    REQUIRE_THROWS_WITH(config.validate(), Catch::Matchers::Contains("TrainConfig.max_steps = -1"));
}
