#pragma once
// Observed rates: straight-line fits of ln L against the step (linear convergence) and of the
// envelope's ln L against ln k (power laws), over windows chosen by loss ratios L/L0 so that a
// fit never mixes the transient, the asymptotic regime and the round-off floor.
#include <optional>
#include <span>
#include <vector>

namespace ratebench {

struct LineFit {
    double slope = 0.0;      // per step (linear rate) or log-log exponent (power law)
    double intercept = 0.0;
    double r2 = 0.0;
    long first_step = 0, last_step = 0;  // the window actually used
    std::size_t points = 0;
};

// Least squares y = slope x + intercept; needs >= 2 points with distinct x.
std::optional<LineFit> fit_line(std::span<const double> x, std::span<const double> y);

// Late windows L/L0 in [1e-22, 1e-14], early ones in [1e-10, 1e-2] (DESIGN.md s.6).
struct LossWindow {
    double lo, hi;  // bounds on L / L0
};
inline constexpr LossWindow kLateWindow{1e-22, 1e-14};
inline constexpr LossWindow kEarlyWindow{1e-10, 1e-2};

// Slope of ln L per step over the samples from the first to the last whose L/L0 lies in
// [lo, hi] (samples in between that stray outside, as an oscillating loss does, are kept).
// Works for decay and for growth (a window above 1). nullopt when the run never enters the
// window or it spans fewer than 3 samples.
std::optional<LineFit> fit_linear_rate(std::span<const long> steps, std::span<const double> loss,
                                       double initial_loss, LossWindow window);

// Indices of the local maxima of a sampled sequence (the envelope of an oscillating loss).
std::vector<std::size_t> local_maxima(std::span<const double> values);

// Log-log slope of the envelope (local maxima; every point when there are fewer than 3 maxima)
// of loss against step, over steps in [first, last].
std::optional<LineFit> fit_power_law(std::span<const long> steps, std::span<const double> loss,
                                     long first, long last);

// Median (the mean of the middle two for an even count); nullopt for no values.
std::optional<double> median(std::vector<double> values);

// Local maxima of a sequence seen one value at a time (an oscillating loss, every step),
// without storing the sequence: push(k, value) in increasing k.
class PeakTracker {
public:
    void push(long step, double value);
    const std::vector<long>& steps() const { return steps_; }
    const std::vector<double>& values() const { return values_; }

private:
    long last_step_ = -1;
    double before_ = 0.0, last_ = 0.0;
    int seen_ = 0;
    std::vector<long> steps_;
    std::vector<double> values_;
};

// Median over successive peaks of (ln v_(p+1) - ln v_p) / (k_(p+1) - k_p): a robust per-step
// slope of an oscillating decay's envelope. nullopt with fewer than 2 peaks.
std::optional<double> median_peak_slope(std::span<const long> steps, std::span<const double> values);

}  // namespace ratebench
