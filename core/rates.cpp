#include "core/rates.hpp"

#include <algorithm>
#include <cmath>

namespace ratebench {

std::optional<LineFit> fit_line(std::span<const double> x, std::span<const double> y) {
    const std::size_t n = x.size();
    if (n < 2 || y.size() != n) return std::nullopt;
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxx = 0, sxy = 0, syy = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
        syy += (y[i] - my) * (y[i] - my);
    }
    if (!(sxx > 0)) return std::nullopt;
    LineFit fit;
    fit.slope = sxy / sxx;
    fit.intercept = my - fit.slope * mx;
    fit.r2 = syy > 0 ? sxy * sxy / (sxx * syy) : 1.0;
    fit.points = n;
    return fit;
}

std::optional<LineFit> fit_linear_rate(std::span<const long> steps, std::span<const double> loss,
                                       double initial_loss, LossWindow window) {
    if (!(initial_loss > 0)) return std::nullopt;
    std::optional<std::size_t> first, last;
    for (std::size_t i = 0; i < loss.size(); ++i) {
        const double ratio = loss[i] / initial_loss;
        if (ratio >= window.lo && ratio <= window.hi) {
            if (!first) first = i;
            last = i;
        }
    }
    if (!first || !last || *last < *first + 2) return std::nullopt;
    std::vector<double> x, y;
    for (std::size_t i = *first; i <= *last; ++i) {
        if (!(loss[i] > 0)) continue;  // exact zeros carry no rate
        x.push_back(static_cast<double>(steps[i]));
        y.push_back(std::log(loss[i]));
    }
    auto fit = fit_line(x, y);
    if (fit) {
        fit->first_step = steps[*first];
        fit->last_step = steps[*last];
    }
    return fit;
}

std::vector<std::size_t> local_maxima(std::span<const double> values) {
    std::vector<std::size_t> peaks;
    for (std::size_t i = 1; i + 1 < values.size(); ++i)
        if (values[i] >= values[i - 1] && values[i] > values[i + 1]) peaks.push_back(i);
    return peaks;
}

std::optional<LineFit> fit_power_law(std::span<const long> steps, std::span<const double> loss,
                                     long first, long last) {
    std::vector<std::size_t> inside;
    std::vector<double> window;
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (steps[i] >= first && steps[i] <= last && steps[i] > 0 && loss[i] > 0) {
            inside.push_back(i);
            window.push_back(loss[i]);
        }
    std::vector<std::size_t> chosen;
    for (std::size_t p : local_maxima(window)) chosen.push_back(inside[p]);
    if (chosen.size() < 3) chosen = inside;
    std::vector<double> x, y;
    for (std::size_t i : chosen) {
        x.push_back(std::log(static_cast<double>(steps[i])));
        y.push_back(std::log(loss[i]));
    }
    auto fit = fit_line(x, y);
    if (fit) {
        fit->first_step = steps[chosen.front()];
        fit->last_step = steps[chosen.back()];
    }
    return fit;
}

std::optional<double> median(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    const std::size_t h = v.size() / 2;
    return v.size() % 2 ? v[h] : 0.5 * (v[h - 1] + v[h]);
}

void PeakTracker::push(long step, double value) {
    // The previous value is a peak when it rose from the one before and the new one is lower.
    if (seen_ >= 2 && last_ >= before_ && last_ > value) {
        steps_.push_back(last_step_);
        values_.push_back(last_);
    }
    before_ = last_;
    last_ = value;
    last_step_ = step;
    seen_ = std::min(seen_ + 1, 2);
}

std::optional<double> median_peak_slope(std::span<const long> steps, std::span<const double> values) {
    std::vector<double> slopes;
    for (std::size_t p = 1; p < steps.size(); ++p)
        if (values[p] > 0 && values[p - 1] > 0)
            slopes.push_back((std::log(values[p]) - std::log(values[p - 1])) /
                             static_cast<double>(steps[p] - steps[p - 1]));
    return median(std::move(slopes));
}

}  // namespace ratebench
