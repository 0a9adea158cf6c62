#include "core/rates.hpp"

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

}  // namespace ratebench
