#include "reports/timing_compare.hpp"

#include "core/rates.hpp"
#include "reports/mann_whitney.hpp"
#include "reports/number_text.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <ostream>

namespace ratebench {

TimingRow compare_timing(std::string name, std::vector<double> baseline, std::vector<double> current,
                         double ratio_threshold, double noise_floor) {
    TimingRow row{std::move(name), std::move(baseline), std::move(current), {}, {}, 1, {}, "same"};
    const double base = *median(row.baseline), cur = *median(row.current);
    row.ratio = cur / base;
    if (row.baseline.size() >= kMinRepetitionsForUTest && row.current.size() >= kMinRepetitionsForUTest)
        row.p = mann_whitney_p(row.baseline, row.current);
    if (base < noise_floor) {
        row.verdict = "below noise floor";
        return row;
    }
    const bool significant = !row.p || *row.p < kUTestAlpha;
    if (row.ratio > ratio_threshold && significant) row.verdict = "slower";
    else if (row.ratio < 1 / ratio_threshold && significant) row.verdict = "faster";
    return row;
}

std::vector<TimingRow> compare_kernels(const std::vector<KernelFile>& baseline, const std::vector<KernelFile>& current,
                                       double ratio_threshold, std::vector<std::string>& unmatched) {
    auto all = [](const std::vector<KernelFile>& files) {
        std::vector<const KernelBenchmark*> list;
        for (const KernelFile& f : files)
            for (const KernelBenchmark& b : f.benchmarks) list.push_back(&b);
        return list;
    };
    const auto base = all(baseline), cur = all(current);
    auto find = [](const std::vector<const KernelBenchmark*>& list, const std::string& name) {
        const auto it = std::find_if(list.begin(), list.end(), [&](const auto* b) { return b->name == name; });
        return it == list.end() ? nullptr : *it;
    };
    std::vector<TimingRow> rows;
    for (const KernelBenchmark* b : base) {
        const KernelBenchmark* c = find(cur, b->name);
        if (!c) {
            unmatched.push_back(b->name + " (baseline only)");
            continue;
        }
        TimingRow row = compare_timing(b->name, b->seconds, c->seconds, ratio_threshold);
        row.baseline_flops = b->median_flops();
        row.current_flops = c->median_flops();
        rows.push_back(std::move(row));
    }
    for (const KernelBenchmark* c : cur)
        if (!find(base, c->name)) unmatched.push_back(c->name + " (current only)");
    return rows;
}

void print_timing_table(const std::vector<TimingRow>& rows, std::ostream& out) {
    std::size_t width = 4;
    for (const TimingRow& r : rows) width = std::max(width, r.name.size());
    auto gflops = [](const std::optional<double>& f) { return f ? number_text(*f / 1e9, 3) : std::string("-"); };
    out << fmt::format("{:<{}}  {:>10} {:>10} {:>6}  {:>8} {:>8} {:>10}  {:>7}  {}\n", "name", width, "baseline",
                       "current", "time", "baseline", "current", "throughput", "U test", "verdict");
    out << fmt::format("{:<{}}  {:>10} {:>10} {:>6}  {:>8} {:>8} {:>10}  {:>7}\n", "", width, "time", "time", "ratio",
                       "GFLOP/s", "GFLOP/s", "ratio", "p");
    for (const TimingRow& r : rows) {
        const std::string throughput = r.baseline_flops && r.current_flops
                                           ? fmt::format("{:.3f}", *r.current_flops / *r.baseline_flops)
                                           : fmt::format("{:.3f}", 1 / r.ratio);
        out << fmt::format("{:<{}}  {:>10} {:>10} {:>6.3f}  {:>8} {:>8} {:>10}  {:>7}  {}\n", r.name, width,
                           duration_text(*median(r.baseline)), duration_text(*median(r.current)), r.ratio,
                           gflops(r.baseline_flops), gflops(r.current_flops), throughput,
                           r.p ? fmt::format("{:.3g}", *r.p) : "-", r.verdict);
    }
}

}  // namespace ratebench
