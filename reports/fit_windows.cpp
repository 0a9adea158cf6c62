#include "reports/fit_windows.hpp"

#include <set>

namespace ratebench {

std::vector<FitWindow> fit_windows(const Metrics& metrics) {
    const std::string prefix = "window.";
    std::set<std::string> names;
    // Window names may contain dots: the field is whatever follows the last one.
    for (const auto& [key, value] : metrics)
        if (key.rfind(prefix, 0) == 0 && key.size() > prefix.size()) {
            const auto dot = key.rfind('.');
            if (dot > prefix.size()) names.insert(key.substr(prefix.size(), dot - prefix.size()));
        }
    std::vector<FitWindow> windows;
    for (const std::string& name : names) {
        auto field = [&](const char* f) -> std::optional<double> {
            const auto it = metrics.find(prefix + name + "." + f);
            return it == metrics.end() ? std::nullopt : std::optional<double>(it->second);
        };
        const auto first = field("first_step"), last = field("last_step");
        const auto slope = field("observed_slope"), intercept = field("intercept");
        if (first && last && slope && intercept)
            windows.push_back({name, *first, *last, *slope, *intercept, field("predicted_slope")});
    }
    return windows;
}

}  // namespace ratebench
