#include "reports/figure.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace ratebench {

std::string slug_part(const std::string& name) {
    std::string out;
    for (char c : name) {
        const char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out += (std::isalnum(static_cast<unsigned char>(l)) || l == '.' || l == '-') ? l : '-';
    }
    return out;
}

bool spans_a_decade(const std::vector<double>& values) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        if (v <= 0) return false;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    return lo <= hi && hi >= 10 * lo;
}

std::vector<VLine> marked_values(const Metrics& scenario_metrics, const std::string& parameter) {
    const std::string prefix = "marker." + parameter + ".";
    std::vector<VLine> lines;
    for (const auto& [key, value] : scenario_metrics)
        if (key.rfind(prefix, 0) == 0) lines.push_back({value, key.substr(prefix.size())});
    return lines;
}

}  // namespace ratebench
