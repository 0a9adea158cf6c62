#include "reports/number_text.hpp"

#include <cmath>
#include <fmt/format.h>

namespace ratebench {

std::string number_text(double x, int digits) {
    if (std::isnan(x)) return "NaN";
    return fmt::format("{:.{}g}", x, digits);
}

std::string number_text(const std::optional<double>& x, int digits) {
    return x ? number_text(*x, digits) : "\u2013";
}

std::string seconds_text(double seconds) {
    if (seconds < 10) return fmt::format("{:.2f} s", seconds);
    if (seconds < 120) return fmt::format("{:.1f} s", seconds);
    return fmt::format("{:.1f} min", seconds / 60);
}

std::string duration_text(double seconds) {
    if (!(seconds < 1e-6)) return seconds < 1e-3 ? fmt::format("{:.3g} µs", seconds * 1e6)
                                  : seconds < 1    ? fmt::format("{:.3g} ms", seconds * 1e3)
                                                   : fmt::format("{:.3g} s", seconds);
    return fmt::format("{:.3g} ns", seconds * 1e9);
}

std::string percent_text(double fraction) { return fmt::format("{:.3g}%", fraction * 100); }

}  // namespace ratebench
