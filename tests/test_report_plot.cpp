// The plot module: ticks on nice steps, log axes on decades, non-drawable points skipped,
// and the figures a scenario gets from its runs' metrics.
#include "reports/axis_ticks.hpp"
#include "reports/fit_windows.hpp"
#include "reports/loss_figure.hpp"
#include "reports/plot.hpp"
#include "reports/series_figures.hpp"
#include "reports/sweep_figures.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <regex>

using namespace ratebench;
using Catch::Matchers::Contains;

namespace {

std::vector<std::string> labels(const AxisScale& a) {
    std::vector<std::string> out;
    for (const Tick& t : a.ticks)
        if (!t.label.empty()) out.push_back(t.label);
    return out;
}

Run run_at(double eta, double replicate, Outcome outcome, double final_grad) {
    Run r;
    r.label = "run";
    r.parameters = {{"eta_over_eta_star", eta}, {"eta", 0.5 * eta}, {"replicate", replicate}};
    r.trajectory.step = {0, 1};
    r.trajectory.loss = {1, 0.5};
    r.trajectory.grad_norm = {1, final_grad};
    r.trajectory.distance = {0, 1};
    r.trajectory.outcome = outcome;
    return r;
}

}  // namespace

TEST_CASE("linear axes end on nice ticks that cover the data", "[report]") {
    const AxisScale a = linear_axis(0, 310);
    CHECK(a.lo == 0);
    CHECK(a.hi == 350);
    CHECK(labels(a) == std::vector<std::string>{"0", "50", "100", "150", "200", "250", "300", "350"});
    const AxisScale b = linear_axis(-0.193, -0.05);
    CHECK(b.lo <= -0.193);
    CHECK(b.hi >= -0.05);
    CHECK(labels(b).front() == "-0.20");
    CHECK(labels(linear_axis(1.8e-12, 8.5e-12)).front() == "1e-12");
    CHECK(labels(linear_axis(1.8e-12, 8.5e-12))[1] == "2e-12");  // not 0.000000000002
    const AxisScale c = linear_axis(3, 3);  // a single value sits mid-axis
    CHECK(c.lo < 3);
    CHECK(c.hi > 3);
}

TEST_CASE("log axes show decades, labelling at most about six", "[report]") {
    const AxisScale a = log_axis(1.8e-23, 21.7);
    CHECK(a.lo == Approx(1e-23));
    CHECK(a.hi == Approx(1e2));
    CHECK(labels(a) == std::vector<std::string>{"10^-20", "10^-15", "10^-10", "10^-5", "10^0"});
    std::size_t decades = 0;
    for (const Tick& t : a.ticks) decades += std::abs(std::log10(t.value) - std::round(std::log10(t.value))) < 1e-12;
    CHECK(decades == 26);  // a tick at every decade, labelled or not
    const AxisScale b = log_axis(0.02, 0.5);  // short range: minor ticks at 2..9
    CHECK(labels(b) == std::vector<std::string>{"10^-2", "10^-1", "10^0"});
    CHECK(b.ticks.size() == 3 + 2 * 8);
}

TEST_CASE("SVG plots skip points a log axis cannot show and name their series", "[report]") {
    Plot p;
    p.x = {"step", false, {}, {}, false};
    p.y = {"loss", true, {}, {}, false};
    p.series.push_back({"a & b", {0, 1, 2, 3}, {1, 0, NAN, 0.1}, {}, {}, "#0072B2", LineStyle::solid, 1.5, 1,
                        Marker::none});
    p.bands.push_back({1, 2, "window"});
    p.vlines.push_back({1.5, "eta*"});
    const std::string svg = render_svg(p, "t", true);
    CHECK_THAT(svg, Contains("xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK_THAT(svg, Contains("a &amp; b"));
    CHECK_THAT(svg, Contains(">eta*<"));
    CHECK_THAT(svg, Contains(">window<"));
    CHECK_FALSE(std::regex_search(svg, std::regex("[^a-z](nan|inf)[^a-z]")));  // ("dominant" has a nan)
    // Two separate pieces: the zero and the NaN break the line.
    CHECK_THAT(svg, Contains("d=\"M80.0"));
    CHECK(render_svg(p, "t", false).find("http") == std::string::npos);
}

TEST_CASE("fitted windows are read from run metrics, incomplete ones are ignored", "[report]") {
    const Metrics m{{"window.late.first_step", 10},   {"window.late.last_step", 20},
                    {"window.late.observed_slope", -0.2}, {"window.late.intercept", 1},
                    {"window.late.predicted_slope", -0.21}, {"window.late.r2", 1},
                    {"window.early.first_step", 1},   {"window.all_modes_underdamped", 1}};
    const auto w = fit_windows(m);
    REQUIRE(w.size() == 1);
    CHECK(w[0].name == "late");
    CHECK(w[0].fitted_log_loss(10) == Approx(-1));
    CHECK(w[0].predicted_slope == Approx(-0.21));
    ScenarioResult r;
    r.runs = {run_at(1, 0, Outcome::converged, 1e-3)};
    r.runs[0].metrics = m;
    const auto fig = loss_figure(r);
    REQUIRE(fig);
    CHECK(fig->plot.bands.size() == 1);
    CHECK_THAT(fig->caption, Contains("window (late)"));
}

TEST_CASE("sweeps: P(converged) and gradient norm against the swept parameter, marker drawn", "[report]") {
    ScenarioResult r;
    for (double rep : {0.0, 1.0, 2.0}) {
        r.runs.push_back(run_at(0.9, rep, Outcome::converged, 1e-12));
        r.runs.push_back(run_at(1.1, rep, rep == 0 ? Outcome::converged : Outcome::bounded, 0.3));
    }
    r.metrics = {{"marker.eta_over_eta_star.eta*", 1.0}};
    const auto figures = sweep_figures(r);
    // eta and eta/eta* split the runs alike: one axis, the marked one.
    REQUIRE(figures.size() == 2);
    CHECK(figures[0].slug == "converged-vs-eta-over-eta-star");
    const Series& s = figures[0].plot.series[0];
    CHECK(s.x == std::vector<double>{0.9, 1.1});
    CHECK(s.y[0] == 1.0);
    CHECK(s.y[1] == Approx(1.0 / 3));
    CHECK(figures[0].plot.vlines.size() == 1);
    CHECK(figures[0].plot.vlines[0].label == "eta*");
    CHECK(figures[1].slug == "grad-norm-vs-eta-over-eta-star");
    CHECK(figures[1].plot.y.log);
}

TEST_CASE("a per-replicate quantity is not a sweep", "[report]") {
    ScenarioResult r;
    for (double rep : {0.0, 1.0, 2.0}) {
        r.runs.push_back(run_at(1, rep, rep == 1 ? Outcome::bounded : Outcome::converged, 1e-3));
        r.runs.back().parameters["eta"] = 0.1 + rep;  // eta = c / lambda_max of each replicate's data
    }
    CHECK(sweep_figures(r).empty());
}

TEST_CASE("a parameter fixed by a coarser swept one and the replicate is not an axis", "[report]") {
    ScenarioResult r;
    for (double rep : {0.0, 1.0})
        for (double factor : {0.5, 1.0, 1.5}) {
            Run run = run_at(1, rep, Outcome::converged, 1e-3);
            run.parameters = {{"beta_factor", factor}, {"beta", factor * (0.3 + 0.01 * rep)}, {"replicate", rep}};
            run.metrics = {{"window.late.first_step", 0}, {"window.late.last_step", 1},
                           {"window.late.observed_slope", -factor}, {"window.late.intercept", 0}};
            r.runs.push_back(run);
        }
    const auto figures = sweep_figures(r);
    REQUIRE(figures.size() == 1);
    CHECK(figures[0].slug == "rate-late-vs-beta-factor");
    CHECK(figures[0].plot.series[0].y == std::vector<double>{-0.5, -1.0, -1.5});
}

TEST_CASE("scenario-level series GROUP.PARAM=VALUE.QUANTITY become one figure per group", "[report]") {
    ScenarioResult r;
    r.metrics = {{"width.m=250.lazy.gram_drift", 0.08},  {"width.m=1000.lazy.gram_drift", 0.04},
                 {"width.m=4000.lazy.gram_drift", 0.02}, {"width.m=250.lazy.max_weight_move", 0.9},
                 {"width.m=4000.lazy.max_weight_move", 0.2}, {"width.exponent.lazy.gram_drift", -0.5},
                 {"sweep.beta_factor=0.85.median_slope", -0.35}, {"sweep.beta_factor=1.median_slope", -0.62},
                 {"gamma=0.5x.late-slope.median_ratio", 1.0},  // a label, not a point
                 {"depth=2.eta_star", 1.0}, {"depth=3.eta_star", 0.6}, {"depth=2.s_min", 2}, {"depth=3.s_min", 3.3},
                 {"marker.m.m_min", 400}};
    const auto figures = series_figures(r);
    REQUIRE(figures.size() == 4);
    // No GROUP: each quantity on its own axis.
    CHECK(figures[0].slug == "series-eta-star-vs-depth");
    CHECK(figures[0].plot.series.size() == 1);
    CHECK(figures[1].slug == "series-s-min-vs-depth");
    CHECK(figures[2].slug == "series-sweep-vs-beta-factor");
    CHECK(figures[2].plot.series[0].x == std::vector<double>{0.85, 1.0});
    CHECK_FALSE(figures[2].plot.y.log);
    const Figure& lazy = figures[3];
    CHECK(lazy.slug == "series-width-vs-m");
    REQUIRE(lazy.plot.series.size() == 2);
    CHECK(lazy.plot.series[0].name == "lazy.gram_drift");
    CHECK(lazy.plot.series[0].x == std::vector<double>{250, 1000, 4000});
    CHECK(lazy.plot.x.log);
    CHECK(lazy.plot.y.log);
    REQUIRE(lazy.plot.vlines.size() == 1);
    CHECK(lazy.plot.vlines[0].label == "m_min");
}
