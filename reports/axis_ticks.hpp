#pragma once
// Where an axis starts and ends and where its ticks go, the way a plotting library would:
// linear axes on "nice" steps (1, 2 or 5 times a power of ten), log axes on whole decades.
#include <optional>
#include <string>
#include <vector>

namespace ratebench {

struct Tick {
    double value;
    std::string label;             // empty for a minor tick
    std::optional<int> exponent;  // set on log axes: the label is 10^exponent
};

struct AxisScale {
    double lo, hi;  // the drawn range (data coordinates)
    bool log = false;
    std::vector<Tick> ticks;
};

// A linear axis covering [data_lo, data_hi] with about `target` labelled ticks; the range
// ends on ticks. A single value is widened so that it sits mid-axis.
AxisScale linear_axis(double data_lo, double data_hi, int target = 6);

// A log axis over whole decades covering [data_lo, data_hi] (both > 0). Every decade gets a
// tick; at most about six are labelled (every 1, 2, 5, 10, ... decades), and short ranges
// (up to three decades) get minor ticks at 2..9 times each decade.
AxisScale log_axis(double data_lo, double data_hi);

}  // namespace ratebench
