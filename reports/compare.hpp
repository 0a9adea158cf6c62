#pragma once
// The regression gate: compares a current set of result files with a baseline, scenario by
// scenario and claim by claim. A regression (exit 1) is a changed verdict, an observed or
// predicted value (or a field of the comparison) that moved beyond the tolerance, a claim or a
// scenario that disappeared, and with --timings a timing that got slower by the noise-aware
// rule. A digest change with every claim's numbers inside the tolerance is a note, as is a new
// scenario (it has no baseline yet).
#include "reports/result_set.hpp"
#include "reports/timing_compare.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace ratebench {

// Default relative tolerance on claim values. Results are bit-identical for one binary at any
// thread count (DESIGN.md s.5), and a rebuild with the same compiler and flags on the same CPU
// reproduces them, so on one machine kind any change at all is real and the gate cannot flap.
// 1e-9 rather than 0 lets through only differences in the last bits (e.g. another libm),
// orders of magnitude below it; every claim's own tolerance is 1e-3 or wider, so anything
// that could change a verdict is far above it.
inline constexpr double kDefaultCompareRtol = 1e-9;

struct CompareOptions {
    double rtol = kDefaultCompareRtol;
    bool timings = false;
    double time_ratio = kDefaultTimeRatio;
};

struct Finding {
    bool regression;
    std::string scenario;
    std::string what;
};

struct CompareReport {
    std::size_t baseline_count = 0, current_count = 0;
    std::vector<std::string> identical;  // same digest
    std::vector<Finding> findings;       // regressions and notes, in scenario order
    std::vector<TimingRow> scenario_times, kernel_times;  // with --timings
    std::vector<std::string> unmatched_kernels;

    std::size_t regressions() const;
};

CompareReport compare_result_sets(const ResultSet& baseline, const ResultSet& current, const CompareOptions& options);

// Wall times of scenarios below this are too short to judge: start-up noise dominates.
inline constexpr double kScenarioTimeFloorSeconds = 0.1;

void print_compare_report(const CompareReport& report, const CompareOptions& options, std::ostream& out);

}  // namespace ratebench
