#pragma once
// Timings vary across machines and runs, so they are compared only when asked (compare
// --timings) and only by a noise-aware rule, as asv and Google Benchmark's compare.py do:
// the ratio of medians over repetitions must pass a threshold, and where both sides have
// enough repetitions for the test to have any power, a Mann-Whitney U test must also reject
// "same distribution".
#include "reports/kernel_file.hpp"

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace ratebench {

inline constexpr double kDefaultTimeRatio = 1.2;  // 20% slower: above run-to-run noise on a shared VM
inline constexpr double kUTestAlpha = 0.05;
// With 3 and 3 repetitions the smallest two-sided p is 0.1: the test needs at least 4 each.
inline constexpr std::size_t kMinRepetitionsForUTest = 4;

struct TimingRow {
    std::string name;
    std::vector<double> baseline, current;      // seconds, one per repetition
    std::optional<double> baseline_flops, current_flops;
    double ratio = 1;                           // median current / median baseline time
    std::optional<double> p;                    // U test, when both sides have the repetitions
    std::string verdict;                        // "slower", "faster", "same", or why not judged
    bool slower() const { return verdict == "slower"; }
};

// Judges one timing. Baselines shorter than noise_floor seconds are reported, not judged.
TimingRow compare_timing(std::string name, std::vector<double> baseline, std::vector<double> current,
                         double ratio_threshold, double noise_floor = 0);

// Every benchmark present on both sides, matched by name, in the baseline's order; the
// names on one side only are returned in `unmatched`.
std::vector<TimingRow> compare_kernels(const std::vector<KernelFile>& baseline, const std::vector<KernelFile>& current,
                                       double ratio_threshold, std::vector<std::string>& unmatched);

// A side-by-side table: times, GFLOP/s and their ratios, p and verdict.
void print_timing_table(const std::vector<TimingRow>& rows, std::ostream& out);

}  // namespace ratebench
