// Rate fits recover slopes and exponents they were built with, through noise and a float floor.
#include "core/rates.hpp"
#include "core/rng.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace ratebench;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

TEST_CASE("fit_line is exact on a line", "[rates]") {
    const std::vector<double> x{0, 1, 2, 5}, y{1, -1, -3, -9};
    const auto fit = fit_line(x, y);
    REQUIRE(fit);
    REQUIRE_THAT(fit->slope, WithinAbs(-2.0, 1e-14));  // a few eps on O(10) sums
    REQUIRE_THAT(fit->intercept, WithinAbs(1.0, 1e-14));
    REQUIRE_THAT(fit->r2, WithinAbs(1.0, 1e-14));
    REQUIRE_FALSE(fit_line(std::vector<double>{1, 1}, std::vector<double>{0, 2}));
}

TEST_CASE("fit_linear_rate recovers the slowest mode through noise and a floor", "[rates]") {
    // Two modes (early slope steeper, as in real runs), 10% multiplicative noise, and a
    // round-off floor at 1e-30 that the late window must stay clear of.
    Stream noise(7, "test.rates", 0);
    std::vector<long> steps;
    std::vector<double> loss;
    const double slow = -0.02, fast = -0.3;
    for (long k = 0; k <= 4000; k += 4) {
        const double clean = 0.5 * std::exp(slow * k) + 0.5 * std::exp(fast * k);
        steps.push_back(k);
        loss.push_back(std::max(clean, 1e-30) * std::exp(0.1 * noise.normal()));
    }
    const auto late = fit_linear_rate(steps, loss, loss[0], kLateWindow);
    REQUIRE(late);
    // ln L's noise sd 0.1 over ~100 samples spanning ~900 steps: the slope's standard error is
    // about 0.1 / (900 sqrt(100/12)) ~ 4e-5; 5e-4 absolute (2.5%) is over 10 standard errors.
    REQUIRE_THAT(late->slope, WithinAbs(slow, 5e-4));
    REQUIRE(late->first_step > 0);
    const auto early = fit_linear_rate(steps, loss, loss[0], kEarlyWindow);
    REQUIRE(early);
    REQUIRE(early->last_step < late->first_step);
}

TEST_CASE("fit_linear_rate declines a window the run never reached", "[rates]") {
    const std::vector<long> steps{0, 1, 2, 3};
    const std::vector<double> loss{1, 0.5, 0.25, 0.125};
    REQUIRE_FALSE(fit_linear_rate(steps, loss, 1.0, kLateWindow));
    REQUIRE_FALSE(fit_linear_rate(steps, loss, 0.0, kEarlyWindow));
}

TEST_CASE("local_maxima finds the peaks of an oscillation", "[rates]") {
    const std::vector<double> v{0, 2, 1, 3, 3, 1, 0, 5, 4};
    REQUIRE(local_maxima(v) == std::vector<std::size_t>{1, 4, 7});
}

TEST_CASE("fit_power_law recovers the envelope exponent of an oscillating decay", "[rates]") {
    // L = k^-3 (1 + 0.9 cos(k/3))^2 oscillates below an envelope ~ 3.6 k^-3; points alone
    // would give a noisy slope, the peaks give -3.
    Stream noise(11, "test.powerlaw", 0);
    std::vector<long> steps;
    std::vector<double> loss;
    for (long k = 1; k <= 20000; ++k) {
        const double osc = 1.0 + 0.9 * std::cos(k / 3.0);
        steps.push_back(k);
        loss.push_back(std::pow(static_cast<double>(k), -3.0) * osc * osc *
                       std::exp(1e-3 * noise.normal()));
    }
    const auto fit = fit_power_law(steps, loss, 100, 20000);
    REQUIRE(fit);
    // Peaks sit within one step of the cosine's maxima, so the envelope is sampled at
    // (1 + 0.9 cos(<= 1/6))^2 >= 0.987 x its top: a bias under 1.5% in level, far less in slope.
    REQUIRE_THAT(fit->slope, WithinRel(-3.0, 0.01));
    REQUIRE(fit->first_step >= 100);
    REQUIRE(fit->last_step <= 20000);
}

TEST_CASE("fit_linear_rate fits growth in a window above the initial loss", "[rates]") {
    std::vector<long> steps;
    std::vector<double> loss;
    for (long k = 0; k <= 500; ++k) {
        steps.push_back(k);
        loss.push_back(std::exp(0.1 * k));
    }
    const auto fit = fit_linear_rate(steps, loss, 1.0, LossWindow{1e2, 1e10});
    REQUIRE(fit);
    REQUIRE_THAT(fit->slope, WithinRel(0.1, 1e-12));  // exact data: round-off only
    REQUIRE(fit->first_step == 47);   // e^(0.1 k) >= 100 from k = 46.05
    REQUIRE(fit->last_step == 230);   // e^(0.1 k) <= 1e10 up to k = 230.26
}

TEST_CASE("median of an odd and an even count, and of none", "[rates]") {
    REQUIRE(*median({3.0, 1.0, 2.0}) == 2.0);
    REQUIRE(*median({4.0, 1.0, 3.0, 2.0}) == 2.5);
    REQUIRE_FALSE(median({}));
}

TEST_CASE("PeakTracker finds the same peaks as local_maxima, one value at a time", "[rates]") {
    const std::vector<double> v{0, 2, 1, 3, 3, 1, 0, 5, 4};
    PeakTracker tracker;
    for (std::size_t k = 0; k < v.size(); ++k) tracker.push(static_cast<long>(k), v[k]);
    REQUIRE(tracker.steps() == std::vector<long>{1, 4, 7});
    REQUIRE(tracker.values() == std::vector<double>{2, 3, 5});
}

TEST_CASE("median_peak_slope recovers an oscillating geometric decay", "[rates]") {
    // L_k = 0.9^k (1 + 0.5 cos(k)): peaks one period (2 pi steps, rounded) apart decay like
    // 0.9^k, so successive peak slopes are ln 0.9 up to the sampling of the cosine's top.
    PeakTracker tracker;
    for (long k = 0; k < 400; ++k)
        tracker.push(k, std::pow(0.9, static_cast<double>(k)) * (1.0 + 0.5 * std::cos(static_cast<double>(k))));
    const auto slope = median_peak_slope(tracker.steps(), tracker.values());
    REQUIRE(slope);
    // The peak sits within half a step of the cosine's maximum: cos(0.5) >= 0.877 changes the
    // peak height by at most 8%, spread over ~6 steps: |error| < ln(1.08)/6 ~ 0.013.
    REQUIRE_THAT(*slope, WithinAbs(std::log(0.9), 0.013));
}
