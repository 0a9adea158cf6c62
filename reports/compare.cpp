#include "reports/compare.hpp"

#include "reports/number_text.hpp"

#include <cmath>
#include <fmt/format.h>
#include <map>
#include <ostream>

namespace ratebench {

namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
// clang 14 (make fuzz) has no aggregate deduction (P1816): spell the guide out.
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// |a - b| relative to the larger magnitude; 0 for equal values (NaN equals NaN here: the same
// non-finite outcome is no change), infinity when only one side has a value.
double relative_change(const std::optional<double>& a, const std::optional<double>& b) {
    if (!a && !b) return 0;
    if (!a || !b) return INFINITY;
    if (*a == *b || (std::isnan(*a) && std::isnan(*b))) return 0;
    if (!std::isfinite(*a) || !std::isfinite(*b)) return INFINITY;
    return std::abs(*a - *b) / std::max(std::abs(*a), std::abs(*b));
}

// The fields of a comparison, numbers and words apart: how a claim is judged is data.
struct Fields {
    std::vector<std::pair<std::string, double>> numbers;
    std::vector<std::pair<std::string, std::string>> words;
};
Fields fields(const Comparison& c) {
    return std::visit(
        Overloaded{[](const comparison::Relative& r) { return Fields{{{"predicted", r.predicted}, {"rtol", r.rtol}}, {}}; },
                   [](const comparison::AtMost& a) { return Fields{{{"bound", a.bound}, {"rtol", a.rtol}}, {}}; },
                   [](const comparison::AtLeast& a) { return Fields{{{"bound", a.bound}, {"rtol", a.rtol}}, {}}; },
                   [](const comparison::Interval& i) { return Fields{{{"lo", i.lo}, {"hi", i.hi}}, {}}; },
                   [](const comparison::Count& n) {
                       return Fields{{{"violations", double(n.violations)}, {"allowed", double(n.allowed)}},
                                     {{"condition", n.condition}, {"range", n.range}}};
                   },
                   [](const comparison::Probability& p) {
                       return Fields{{{"successes", double(p.successes)}, {"trials", double(p.trials)},
                                      {"threshold", p.threshold}},
                                     {}};
                   }},
        c);
}

std::string change_text(const std::string& what, const std::optional<double>& a, const std::optional<double>& b) {
    const double rel = relative_change(a, b);
    return fmt::format("{} {} -> {} (relative change {})", what, number_text(a, 10), number_text(b, 10),
                       std::isinf(rel) ? "unbounded" : number_text(rel, 2));
}

struct ScenarioComparer {
    const CompareOptions& options;
    CompareReport& report;
    const std::string& scenario;

    void finding(bool regression, std::string what) { report.findings.push_back({regression, scenario, std::move(what)}); }

    void claim(const Claim& a, const Claim& b) {
        const std::string id = "claim " + a.id + ": ";
        if (a.verdict != b.verdict)
            finding(true, id + fmt::format("verdict {} -> {}", to_string(a.verdict), to_string(b.verdict)));
        if (relative_change(a.observed, b.observed) > options.rtol)
            finding(true, id + change_text("observed", a.observed, b.observed));
        if (relative_change(a.predicted, b.predicted) > options.rtol)
            finding(true, id + change_text("predicted", a.predicted, b.predicted));
        if (kind_name(a.comparison) != kind_name(b.comparison)) {
            finding(true, id + fmt::format("comparison {} -> {}", kind_name(a.comparison), kind_name(b.comparison)));
        } else {
            const Fields fa = fields(a.comparison), fb = fields(b.comparison);
            for (std::size_t i = 0; i < fa.numbers.size(); ++i)
                if (relative_change(fa.numbers[i].second, fb.numbers[i].second) > options.rtol)
                    finding(true, id + change_text("comparison " + fa.numbers[i].first, fa.numbers[i].second,
                                                   fb.numbers[i].second));
            for (std::size_t i = 0; i < fa.words.size(); ++i)
                if (fa.words[i].second != fb.words[i].second)
                    finding(true, id + fmt::format("comparison {} '{}' -> '{}'", fa.words[i].first, fa.words[i].second,
                                                   fb.words[i].second));
        }
        if (a.statement != b.statement || a.why != b.why || a.paper_ref != b.paper_ref)
            finding(false, id + "wording changed (statement, why or paper reference)");
    }

    std::size_t regressions() const { return report.regressions(); }

    // The largest relative change among scenario and run metrics, to say where a digest
    // change with unchanged claims comes from.
    std::string largest_metric_change(const LoadedResult& a, const LoadedResult& b) const {
        double worst = 0;
        std::string where;
        auto scan = [&](const Metrics& ma, const Metrics& mb, const std::string& prefix) {
            for (const auto& [k, v] : ma) {
                const auto it = mb.find(k);
                const double rel = relative_change(v, it == mb.end() ? std::nullopt : std::optional(it->second));
                if (rel > worst) {
                    worst = rel;
                    where = prefix + k;
                }
            }
        };
        scan(a.result.metrics, b.result.metrics, "metric ");
        for (std::size_t i = 0; i < std::min(a.result.runs.size(), b.result.runs.size()); ++i)
            scan(a.result.runs[i].metrics, b.result.runs[i].metrics,
                 fmt::format("run '{}' metric ", a.result.runs[i].label));
        if (where.empty()) return "no metric changed (trajectories, notes or spec differ)";
        return fmt::format("largest relative change among metrics: {} ({})", number_text(worst, 2), where);
    }

    void compare(const LoadedResult& a, const LoadedResult& b) {
        if (a.digest == b.digest) {
            report.identical.push_back(scenario);
            return;
        }
        if (a.spec_hash != b.spec_hash)
            finding(false, fmt::format("spec changed (profile {} -> {}, seed {} -> {}, parameters {{{}}} -> {{{}}})",
                                       a.profile, b.profile, a.seed, b.seed, parameters_line(a), parameters_line(b)));
        const std::size_t before = regressions();
        std::map<std::string, const Claim*> current;
        for (const Claim& c : b.result.claims) current[c.id] = &c;
        for (const Claim& c : a.result.claims) {
            const auto it = current.find(c.id);
            if (it == current.end()) {
                finding(true, "claim " + c.id + ": gone (it is in the baseline)");
                continue;
            }
            claim(c, *it->second);
            current.erase(it);
        }
        for (const auto& [id, c] : current) finding(false, "claim " + id + ": new (not in the baseline)");
        if (regressions() == before)
            finding(false, fmt::format("digest differs, every claim within rtol {}; {}", number_text(options.rtol, 3),
                                       largest_metric_change(a, b)));
    }

    static std::string parameters_line(const LoadedResult& r) {
        std::string s;
        for (const auto& [k, v] : r.parameters) s += (s.empty() ? "" : ", ") + k + "=" + number_text(v, 10);
        return s;
    }
};

}  // namespace

std::size_t CompareReport::regressions() const {
    std::size_t n = 0;
    for (const Finding& f : findings) n += f.regression;
    for (const TimingRow& t : scenario_times) n += t.slower();
    for (const TimingRow& t : kernel_times) n += t.slower();
    return n;
}

CompareReport compare_result_sets(const ResultSet& baseline, const ResultSet& current, const CompareOptions& options) {
    CompareReport report;
    report.baseline_count = baseline.results.size();
    report.current_count = current.results.size();
    std::map<std::string, const LoadedResult*> cur;
    for (const LoadedResult& r : current.results) cur[r.scenario] = &r;
    for (const LoadedResult& a : baseline.results) {
        const auto it = cur.find(a.scenario);
        if (it == cur.end()) {
            report.findings.push_back({true, a.scenario,
                                       "missing from the current results (if it was removed on purpose, "
                                       "regenerate the baseline: make baseline)"});
            continue;
        }
        ScenarioComparer{options, report, a.scenario}.compare(a, *it->second);
        if (options.timings)
            report.scenario_times.push_back(compare_timing(a.scenario, {a.wall_seconds}, {it->second->wall_seconds},
                                                           options.time_ratio, kScenarioTimeFloorSeconds));
        cur.erase(it);
    }
    for (const auto& [id, r] : cur)
        report.findings.push_back({false, id, "extra: not in the baseline (make baseline adds it)"});
    if (options.timings)
        report.kernel_times = compare_kernels(baseline.kernels, current.kernels, options.time_ratio,
                                              report.unmatched_kernels);
    return report;
}

void print_compare_report(const CompareReport& report, const CompareOptions& options, std::ostream& out) {
    out << fmt::format("compare: {} baseline and {} current scenarios, rtol {}\n", report.baseline_count,
                       report.current_count, number_text(options.rtol, 3));
    for (const std::string& s : report.identical) out << fmt::format("  identical   {}\n", s);
    for (const Finding& f : report.findings)
        out << fmt::format("  {:<11} {}: {}\n", f.regression ? "REGRESSION" : "note", f.scenario, f.what);
    if (!report.scenario_times.empty()) {
        out << fmt::format("\nScenario wall times (one run each: judged by the ratio {} alone, not below {} s):\n",
                           number_text(options.time_ratio, 3), number_text(kScenarioTimeFloorSeconds));
        print_timing_table(report.scenario_times, out);
    }
    if (!report.kernel_times.empty()) {
        out << fmt::format("\nKernels (ratio of medians {}; with >= {} repetitions each, also a Mann-Whitney U test "
                           "at alpha {}):\n",
                           number_text(options.time_ratio, 3), kMinRepetitionsForUTest, number_text(kUTestAlpha));
        print_timing_table(report.kernel_times, out);
    }
    for (const std::string& k : report.unmatched_kernels) out << "  kernel only on one side: " << k << '\n';
    std::size_t notes = 0;
    for (const Finding& f : report.findings) notes += !f.regression;
    out << fmt::format("compare: {} identical, {} regression{}, {} note{}\n", report.identical.size(),
                       report.regressions(), report.regressions() == 1 ? "" : "s", notes, notes == 1 ? "" : "s");
}

}  // namespace ratebench
