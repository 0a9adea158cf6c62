#include "reports/sweep_figures.hpp"

#include "core/claims.hpp"
#include "core/rates.hpp"
#include "reports/fit_windows.hpp"
#include "reports/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <map>
#include <set>

namespace ratebench {

namespace {

using RunsAt = std::map<double, std::vector<const Run*>>;  // x -> runs
using SeriesRuns = std::map<std::string, RunsAt>;          // series name -> its runs

double replicate_of(const Run& r) {
    const auto it = r.parameters.find("replicate");
    return it == r.parameters.end() ? 0.0 : it->second;
}

// Whether p's value is fixed by q's value and the replicate over the runs that have both,
// e.g. beta = beta_factor x (Polyak's beta of that replicate's Gram).
bool determined_by(const std::vector<Run>& runs, const std::string& p, const std::string& q) {
    std::map<std::pair<double, double>, double> seen;
    for (const Run& r : runs) {
        const auto pv = r.parameters.find(p), qv = r.parameters.find(q);
        if (pv == r.parameters.end() || qv == r.parameters.end()) continue;
        const auto [it, fresh] = seen.emplace(std::pair{qv->second, replicate_of(r)}, pv->second);
        if (!fresh && it->second != pv->second) return false;
    }
    return true;
}

// The axes a sweep is plotted against. A parameter is swept when it varies between runs of
// one replicate: a per-replicate quantity (eta = c / lambda_max(H(0)) of each replicate's data)
// varies only across replicates. A parameter fixed by a coarser swept one and the replicate
// (beta by beta_factor, eta by eta/eta*) is derived and left out; of two on the same grid, the
// one a marker names is kept.
std::vector<std::string> swept_parameters(const ScenarioResult& result) {
    std::map<std::string, std::map<double, std::set<double>>> values;  // p -> replicate -> values
    std::map<std::string, std::set<double>> distinct;
    for (const Run& r : result.runs)
        for (const auto& [k, v] : r.parameters) {
            values[k][replicate_of(r)].insert(v);
            distinct[k].insert(v);
        }
    auto marked = [&](const std::string& p) { return !marked_values(result.metrics, p).empty(); };
    std::vector<std::string> candidates;
    for (const auto& [k, by_replicate] : values)
        if (k != "replicate" &&
            std::any_of(by_replicate.begin(), by_replicate.end(), [](const auto& e) { return e.second.size() > 1; }))
            candidates.push_back(k);
    // Coarsest first, marked before unmarked, then by name: the first of a family is kept.
    std::stable_sort(candidates.begin(), candidates.end(), [&](const std::string& a, const std::string& b) {
        return std::pair{distinct[a].size(), !marked(a)} < std::pair{distinct[b].size(), !marked(b)};
    });
    std::vector<std::string> swept;
    for (const std::string& p : candidates)
        if (std::none_of(swept.begin(), swept.end(),
                         [&](const std::string& q) { return determined_by(result.runs, p, q); }))
            swept.push_back(p);
    return swept;
}

// Runs grouped by the value of `p`, one group per combination of the other swept parameters.
SeriesRuns group_runs(const std::vector<Run>& runs, const std::string& p, const std::vector<std::string>& swept) {
    SeriesRuns groups;
    for (const Run& r : runs) {
        const auto x = r.parameters.find(p);
        if (x == r.parameters.end()) continue;
        std::string name;
        for (const std::string& q : swept)
            if (q != p && r.parameters.count(q))
                name += (name.empty() ? "" : ", ") + q + " = " + number_text(r.parameters.at(q));
        if (groups.size() < kMaxSweepSeries || groups.count(name)) groups[name][x->second].push_back(&r);
    }
    return groups;
}

// Median and range over the finite values, or nothing.
struct Spread {
    double median, lo, hi;
};
std::optional<Spread> spread(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
    if (v.empty()) return std::nullopt;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return Spread{*median(v), *lo, *hi};
}

double late_grad_norm(const Run& r) {
    for (auto it = r.trajectory.grad_norm.rbegin(); it != r.trajectory.grad_norm.rend(); ++it)
        if (std::isfinite(*it)) return *it;
    return NAN;
}

// One series of medians with min-max bars of `value` over each group of runs.
Series spread_series(const RunsAt& at, const std::function<std::optional<double>(const Run&)>& value) {
    Series s;
    for (const auto& [x, runs] : at) {
        std::vector<double> v;
        for (const Run* r : runs)
            if (const auto y = value(*r)) v.push_back(*y);
        if (const auto sp = spread(v)) {
            s.x.push_back(x);
            s.y.push_back(sp->median);
            s.y_lo.push_back(sp->lo);
            s.y_hi.push_back(sp->hi);
        }
    }
    return s;
}

std::string series_label(const std::string& group, const std::string& what) {
    return group.empty() ? what : group + ": " + what;
}

void style(Series& s, std::size_t index, Marker marker, LineStyle line) {
    s.colour = series_colour(index);
    s.marker = marker;
    s.line = line;
    s.width = line == LineStyle::dashed ? 1.4 : 1.1;
}

struct Builder {
    const ScenarioResult& result;
    std::string p;
    SeriesRuns groups;
    bool log_x;

    Plot plot(const std::string& y_label, bool log_y) const {
        Plot plot;
        plot.x = {p, log_x, std::nullopt, std::nullopt, true};
        plot.y = {y_label, log_y, std::nullopt, std::nullopt, true};
        plot.vlines = marked_values(result.metrics, p);
        return plot;
    }

    Figure converged() const {
        Plot pl = plot("P(converged)", false);
        pl.y.min = 0.0;
        pl.y.max = 1.0;
        std::size_t i = 0;
        for (const auto& [group, at] : groups) {
            Series s;
            for (const auto& [x, runs] : at) {
                const long ok = std::count_if(runs.begin(), runs.end(), [](const Run* r) {
                    return r->trajectory.outcome == Outcome::converged;
                });
                const WilsonInterval w = wilson_interval(ok, static_cast<long>(runs.size()));
                s.x.push_back(x);
                s.y.push_back(static_cast<double>(ok) / runs.size());
                s.y_lo.push_back(w.lo);
                s.y_hi.push_back(w.hi);
            }
            s.name = series_label(group, "fraction converged (bars: Wilson 95%)");
            style(s, i++, Marker::circle, LineStyle::solid);
            pl.series.push_back(std::move(s));
        }
        return {"converged-vs-" + slug_part(p),
                fmt::format("Fraction of runs that converged against {}, with Wilson 95% intervals.", p), pl};
    }

    Figure grad_norm() const {
        std::vector<Series> series;
        std::vector<double> all;
        std::size_t i = 0;
        for (const auto& [group, at] : groups) {
            Series s = spread_series(at, [](const Run& r) { return std::optional<double>(late_grad_norm(r)); });
            s.name = series_label(group, "median (bars: range)");
            style(s, i++, Marker::square, LineStyle::solid);
            all.insert(all.end(), s.y_lo.begin(), s.y_lo.end());
            all.insert(all.end(), s.y_hi.begin(), s.y_hi.end());
            series.push_back(std::move(s));
        }
        Plot pl = plot("late gradient norm", spans_a_decade(all));
        pl.series = std::move(series);
        return {"grad-norm-vs-" + slug_part(p),
                fmt::format("Gradient norm at the last sampled step of each run against {}: median over the "
                            "runs at each value, bars from the smallest to the largest.",
                            p),
                pl};
    }

    Figure rate(const std::string& window) const {
        Plot pl = plot(fmt::format("slope of ln L per step ({})", window), false);
        std::size_t i = 0;
        for (const auto& [group, at] : groups) {
            auto field = [&](auto get) {
                return [&window, get](const Run& r) -> std::optional<double> {
                    for (const FitWindow& w : fit_windows(r.metrics))
                        if (w.name == window) return get(w);
                    return std::nullopt;
                };
            };
            Series observed = spread_series(at, field([](const FitWindow& w) { return std::optional(w.observed_slope); }));
            observed.name = series_label(group, "observed (median, range)");
            style(observed, i, Marker::circle, LineStyle::none);
            Series predicted = spread_series(at, field([](const FitWindow& w) { return w.predicted_slope; }));
            predicted.y_lo.clear();
            predicted.y_hi.clear();
            predicted.name = series_label(group, "predicted");
            style(predicted, i++, Marker::diamond, LineStyle::dashed);
            pl.series.push_back(std::move(observed));
            if (!predicted.x.empty()) pl.series.push_back(std::move(predicted));
        }
        return {"rate-" + slug_part(window) + "-vs-" + slug_part(p),
                fmt::format("Slope of ln L per step fitted in window {} against {}: observed (median over the "
                            "runs at each value, bars from the smallest to the largest) and predicted.",
                            window, p),
                pl};
    }
};

}  // namespace

std::vector<Figure> sweep_figures(const ScenarioResult& result) {
    const auto swept = swept_parameters(result);
    std::set<Outcome> outcomes;
    std::set<std::string> windows;
    for (const Run& r : result.runs) {
        outcomes.insert(r.trajectory.outcome);
        for (const FitWindow& w : fit_windows(r.metrics)) windows.insert(w.name);
    }
    std::vector<Figure> figures;
    for (const std::string& p : swept) {
        std::vector<double> xs;
        for (const Run& r : result.runs)
            if (r.parameters.count(p)) xs.push_back(r.parameters.at(p));
        const Builder b{result, p, group_runs(result.runs, p, swept), spans_a_decade(xs)};
        if (outcomes.size() > 1) {
            figures.push_back(b.converged());
            figures.push_back(b.grad_norm());
        }
        for (const std::string& w : windows) figures.push_back(b.rate(w));
    }
    return figures;
}

}  // namespace ratebench
