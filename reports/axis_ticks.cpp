#include "reports/axis_ticks.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace ratebench {

AxisScale linear_axis(double data_lo, double data_hi, int target) {
    if (data_lo == data_hi) {
        const double pad = data_lo == 0 ? 1.0 : std::abs(data_lo) * 0.1;
        data_lo -= pad;
        data_hi += pad;
    }
    // Of the steps 1, 2 and 5 times a power of ten that give 4 to 9 ticks, the one whose
    // ticks overshoot the data least (0..310 ends at 350 in steps of 50, not at 400).
    const double raw = (data_hi - data_lo) / std::max(1, target - 1);
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 0, span = INFINITY;
    for (double d : {decade / 10, decade, decade * 10})
        for (double m : {1.0, 2.0, 5.0}) {
            const double s = m * d;
            const double lo = std::floor(data_lo / s + 1e-9), hi = std::ceil(data_hi / s - 1e-9);
            if (hi - lo + 1 < 4 || hi - lo + 1 > 9 || (hi - lo) * s >= span) continue;
            step = s;
            span = (hi - lo) * s;
        }
    if (step == 0) step = 10 * decade;  // unreachable for finite input; keeps the loop finite
    // Ticks are k * step for whole k: no accumulated rounding, and 0 is exactly 0.
    const long first = static_cast<long>(std::floor(data_lo / step + 1e-9));
    const long last = static_cast<long>(std::ceil(data_hi / step - 1e-9));
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    AxisScale axis{first * step, last * step, false, {}};
    // Tiny or huge values in exponent notation ("2e-12"), not as a row of zeros.
    const bool exponent = step < 1e-3 || std::max(std::abs(axis.lo), std::abs(axis.hi)) >= 1e6;
    for (long k = first; k <= last; ++k) {
        const double v = k == 0 ? 0.0 : k * step;
        axis.ticks.push_back({v, exponent ? fmt::format("{:.3g}", v) : fmt::format("{:.{}f}", v, decimals),
                              std::nullopt});
    }
    return axis;
}

AxisScale log_axis(double data_lo, double data_hi) {
    int lo = static_cast<int>(std::floor(std::log10(data_lo)));
    int hi = static_cast<int>(std::ceil(std::log10(data_hi)));
    if (hi == lo) ++hi;
    const int decades = hi - lo;
    int stride = 1;
    for (int s : {1, 2, 5, 10, 20, 50, 100})
        if (decades / s <= 6) {
            stride = s;
            break;
        }
    AxisScale axis{std::pow(10.0, lo), std::pow(10.0, hi), true, {}};
    for (int e = lo; e <= hi; ++e) {
        const double v = std::pow(10.0, e);
        // Labelled decades are multiples of the stride, so 10^0 is labelled whenever in range.
        if (e % stride == 0) axis.ticks.push_back({v, fmt::format("10^{}", e), e});
        else axis.ticks.push_back({v, "", std::nullopt});
        if (decades <= 3 && e < hi)
            for (int m = 2; m <= 9; ++m) axis.ticks.push_back({m * v, "", std::nullopt});
    }
    return axis;
}

}  // namespace ratebench
