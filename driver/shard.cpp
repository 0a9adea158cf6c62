#include "driver/shard.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace ratebench {

namespace {

bool parse_int(std::string_view text, int& value) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Shard parse_shard(const std::string& text) {
    const auto slash = text.find('/');
    Shard s;
    const bool ok = slash != std::string::npos &&
                    parse_int(std::string_view(text).substr(0, slash), s.index) &&
                    parse_int(std::string_view(text).substr(slash + 1), s.count) && s.count >= 1 &&
                    s.index >= 1 && s.index <= s.count;
    if (!ok)
        throw InputError("--shard " + text + ": expected K/N with whole numbers 1 <= K <= N, e.g. --shard 2/4");
    return s;
}

std::string to_string(const Shard& shard) {
    return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::vector<int> assign_slices(const std::vector<UnitCost>& units, int slices) {
    if (slices < 1) throw std::invalid_argument("assign_slices: slices must be >= 1");
    for (const UnitCost& u : units)
        if (!(u.cost > 0) || !std::isfinite(u.cost))
            throw std::invalid_argument(u.scenario + " unit " + std::to_string(u.unit) +
                                        ": declared cost must be a positive finite number");
    std::vector<std::size_t> order(units.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const UnitCost &x = units[a], &y = units[b];
        return std::tie(y.cost, x.scenario, x.unit) < std::tie(x.cost, y.scenario, y.unit);
    });
    std::vector<double> load(static_cast<std::size_t>(slices), 0.0);
    std::vector<int> slice(units.size());
    for (std::size_t i : order) {
        const auto lightest = std::min_element(load.begin(), load.end()) - load.begin();
        slice[i] = static_cast<int>(lightest);
        load[static_cast<std::size_t>(lightest)] += units[i].cost;
    }
    return slice;
}

}  // namespace ratebench
