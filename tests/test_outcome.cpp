// The outcome classifier on constructed trajectories of each kind: loss and gradient judged
// together, so a minimum, a saddle, an orbit, chaos, a slow descent and a blow-up all differ.
#include "core/outcome.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

using namespace ratebench;

namespace {

// L0 = 1: floors as the lr family sets them relative to L0 and a gradient scale of 1.
const OutcomeThresholds kThresholds{.loss_floor = 1e-20, .grad_floor = 1e-9, .stall_ratio = 1e-12, .blowup_loss = 1e12};

Classification tail_of(const std::vector<double>& loss, const std::vector<double>& grad) {
    return classify_outcome(Outcome::bounded, loss.front(), grad.front(), loss, grad, kThresholds);
}

}  // namespace

TEST_CASE("classifier: a minimum needs loss and gradient both at their floors", "[outcome]") {
    const Classification c = classify_outcome(Outcome::converged, 1e-22, 1e-11, {}, {}, kThresholds);
    CHECK(c.outcome == Outcome::converged);
    CHECK(c.late_grad_norm == 1e-11);
    // The loss at its floor with a gradient that is not small: no minimum.
    CHECK(classify_outcome(Outcome::converged, 1e-22, 1e-3, {}, {}, kThresholds).outcome != Outcome::converged);
}

TEST_CASE("classifier: divergence from training, a non-finite tail or a blown-up loss", "[outcome]") {
    CHECK(classify_outcome(Outcome::diverged, 1e13, 1e7, {}, {}, kThresholds).outcome == Outcome::diverged);
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(tail_of({1.0, 2.0, inf, 1.0}, {1.0, 1.0, 1.0, 1.0}).outcome == Outcome::diverged);
    CHECK(tail_of({1.0, 2.0, 3.0, 1.0}, {1.0, std::nan(""), 1.0, 1.0}).outcome == Outcome::diverged);
    CHECK(tail_of({1.0, 2.0, 2e12, 1.0}, {1.0, 1.0, 1.0, 1.0}).outcome == Outcome::diverged);
}

TEST_CASE("classifier: a saddle approached by a deep chain is stalled, not converged", "[outcome]") {
    // The depth-3 chain's origin: L = y^2/2 = 2 constant, |grad| ~ 1/k falling through 1e-8.
    std::vector<double> loss, grad;
    for (int k = 0; k < 64; ++k) {
        loss.push_back(2.0 - 1e-12 * k);
        grad.push_back(1e-8 / (1.0 + 1e-3 * k));
    }
    const Classification c = tail_of(loss, grad);
    CHECK(c.outcome == Outcome::stalled);
    // A dead net: the gradient exactly 0 with the loss at its start.
    CHECK(classify_outcome(Outcome::stalled, 0.5, 0.0, {}, {}, kThresholds).outcome == Outcome::stalled);
}

TEST_CASE("classifier: a period-2 orbit and chaos are bounded and settled, a slow descent is unsettled",
          "[outcome]") {
    std::vector<double> loss, grad;
    for (int k = 0; k < 64; ++k) {
        loss.push_back(k % 2 ? 0.01 : 0.03);
        grad.push_back(k % 2 ? 0.2 : 0.4);
    }
    Classification orbit = tail_of(loss, grad);
    CHECK(orbit.outcome == Outcome::bounded);
    CHECK_FALSE(orbit.unsettled);
    CHECK(orbit.late_grad_norm == Approx(0.3).epsilon(1e-15));  // the orbit's mean over an even tail

    // The logistic map at r = 4 (chaotic): no order between the tail's halves.
    std::vector<double> chaos, chaos_grad(64, 0.5);
    double x = 0.3;
    for (int k = 0; k < 64; ++k) chaos.push_back(x = 4 * x * (1 - x));
    const Classification c = tail_of(chaos, chaos_grad);
    CHECK(c.outcome == Outcome::bounded);
    CHECK_FALSE(c.unsettled);

    // Power-law slow convergence near eta*: an oscillating but strictly shrinking envelope.
    std::vector<double> slow, slow_grad;
    for (int k = 0; k < 64; ++k) {
        slow.push_back((k % 2 ? 1.0 : 1.5) / (1000.0 + k));
        slow_grad.push_back(1.0 / std::sqrt(1000.0 + k));
    }
    const Classification s = tail_of(slow, slow_grad);
    CHECK(s.outcome == Outcome::bounded);
    CHECK(s.unsettled);
}

TEST_CASE("classifier: tails of different lengths are a programming error", "[outcome]") {
    const std::vector<double> loss{1.0, 2.0}, grad{1.0};
    CHECK_THROWS_AS(classify_outcome(Outcome::bounded, 1.0, 1.0, loss, grad, kThresholds), std::invalid_argument);
}
