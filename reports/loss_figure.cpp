#include "reports/loss_figure.hpp"

#include "reports/fit_windows.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

namespace ratebench {

namespace {

bool drawable(const Run& run) {
    for (double l : run.trajectory.loss)
        if (std::isfinite(l) && l > 0) return true;
    return false;
}

// Indices of the runs to draw: all of them, or kMaxLossCurves spread from first to last.
std::vector<std::size_t> chosen_runs(const std::vector<std::size_t>& candidates) {
    if (candidates.size() <= kMaxLossCurves) return candidates;
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < kMaxLossCurves; ++i)
        chosen.push_back(candidates[i * (candidates.size() - 1) / (kMaxLossCurves - 1)]);
    return chosen;
}

}  // namespace

std::optional<Figure> loss_figure(const ScenarioResult& result) {
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < result.runs.size(); ++i)
        if (drawable(result.runs[i])) candidates.push_back(i);
    if (candidates.empty()) return std::nullopt;
    const auto chosen = chosen_runs(candidates);

    Plot plot;
    plot.x = {"step k", false, 0.0, std::nullopt};
    plot.y = {"loss L(k)", true, std::nullopt, std::nullopt};
    std::vector<Series> fits, predictions;
    std::set<std::pair<double, double>> bands;
    std::set<std::string> window_names;
    for (std::size_t c = 0; c < chosen.size(); ++c) {
        const Run& run = result.runs[chosen[c]];
        const Trajectory& t = run.trajectory;
        Series curve;
        curve.name = run.label + (t.outcome == Outcome::converged ? "" : fmt::format(" ({})", to_string(t.outcome)));
        curve.colour = series_colour(c);
        curve.width = 1.4;
        curve.x.assign(t.step.begin(), t.step.end());
        curve.y = t.loss;
        plot.series.push_back(std::move(curve));
        for (const FitWindow& w : fit_windows(run.metrics)) {
            window_names.insert(w.name);
            bands.insert({w.first_step, w.last_step});
            const double start = w.fitted_log_loss(w.first_step);
            Series fit;
            fit.colour = series_colour(c);
            fit.width = 6;
            fit.opacity = 0.35;
            fit.x = {w.first_step, w.last_step};
            fit.y = {std::exp(start), std::exp(w.fitted_log_loss(w.last_step))};
            if (w.predicted_slope) {
                Series predicted;
                predicted.line = LineStyle::dashed;
                predicted.width = 1.3;
                predicted.x = fit.x;
                predicted.y = {std::exp(start), std::exp(start + *w.predicted_slope * (w.last_step - w.first_step))};
                predictions.push_back(std::move(predicted));
            }
            fits.push_back(std::move(fit));
        }
    }
    // Fits and predictions go above the curves; their legend entries are neutral swatches.
    if (!fits.empty()) {
        plot.series.insert(plot.series.end(), fits.begin(), fits.end());
        plot.series.push_back({"fitted slope", {}, {}, {}, {}, "#707070", LineStyle::solid, 6, 0.35, Marker::none});
    }
    if (!predictions.empty()) {
        plot.series.insert(plot.series.end(), predictions.begin(), predictions.end());
        plot.series.push_back({"predicted slope", {}, {}, {}, {}, "#000000", LineStyle::dashed, 1.3, 1, Marker::none});
    }
    // Overlapping windows of several runs are shaded once, as their union.
    for (const auto& [lo, hi] : bands)
        if (!plot.bands.empty() && lo <= plot.bands.back().x_hi) plot.bands.back().x_hi = std::max(plot.bands.back().x_hi, hi);
        else plot.bands.push_back({lo, hi, "fit window"});

    std::string caption = fmt::format("Loss against step, log scale: {}.",
                                      chosen.size() == result.runs.size()
                                          ? fmt::format("{} run{}", chosen.size(), chosen.size() == 1 ? "" : "s")
                                          : fmt::format("{} of {} runs, spread over the list", chosen.size(),
                                                        result.runs.size()));
    if (!window_names.empty()) {
        std::string names;
        for (const auto& n : window_names) names += (names.empty() ? "" : ", ") + n;
        caption += fmt::format(
            " Shaded: the fitted window{} ({}). Thick translucent segments: the fitted slope of ln L; "
            "dashed: the theory's predicted slope, drawn from the fit's value at the window's first step.",
            window_names.size() == 1 ? "" : "s", names);
    }
    return Figure{"loss", caption, std::move(plot)};
}

}  // namespace ratebench
