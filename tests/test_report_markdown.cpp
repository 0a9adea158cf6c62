// report.md against a committed golden file. The result is built here (every comparison
// kind and verdict, a window, text that needs escaping), written as a result file, read back
// and reported, so the test covers the path a user's files take. Times, dates and versions
// are stripped before comparing: they are not what the report is checked for.
// Regenerate after an intended change: RATEBENCH_UPDATE_GOLDEN=1 build/tests/ratebench_tests "[report]"
#include "reports/markdown_report.hpp"
#include "reports/report_writer.hpp"
#include "reports/result_file.hpp"
#include "reports/result_set.hpp"
#include "reports/scenario_figures.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>

using namespace ratebench;

namespace {

const std::filesystem::path kGolden = std::filesystem::path(__FILE__).parent_path() / "golden" / "report.md";

// A run whose loss decays like exp(slope k), with a fitted window.
Run decaying_run(const std::string& label, double slope, double beta) {
    Run run;
    run.label = label;
    run.parameters = {{"beta", beta}, {"replicate", 0}};
    for (long k = 0; k <= 100; k += 5) {
        run.trajectory.step.push_back(k);
        run.trajectory.loss.push_back(std::exp(slope * k));
        run.trajectory.grad_norm.push_back(std::exp(slope * k / 2));
        run.trajectory.distance.push_back(1 - std::exp(slope * k));
    }
    run.trajectory.outcome = Outcome::converged;
    run.trajectory.steps = 100;
    run.trajectory.initial_loss = 1;
    run.metrics = {{"window.late.first_step", 40}, {"window.late.last_step", 90},
                   {"window.late.observed_slope", slope}, {"window.late.intercept", 0.0},
                   {"window.late.predicted_slope", slope * 1.02}};
    return run;
}

ScenarioResult sample_result() {
    ScenarioResult r;
    r.runs = {decaying_run("hb beta=0.5", -0.2, 0.5), decaying_run("hb beta=0.7", -0.3, 0.7)};
    r.metrics = {{"late_slope.median_ratio", 0.99}};
    r.claims.push_back(make_claim("rate", "late slope = ln beta | within 5%", "paper s.3", "linearised dynamics",
                                  0.0123456789, comparison::Relative{0.0125, 0.05}));
    r.claims.push_back(make_claim("bound", "L_k <= (1 - eta*lambda0/2)^k L_0", "paper thm 1", "Du-type bound", 0.0,
                                  comparison::Count{0, 0, "L_k > bound", "every step"}));
    r.claims.push_back(make_claim("p", "P(converged) >= 0.95 below eta*", "paper thm 2", "200 seeds", 0.9,
                                  comparison::Probability{180, 200, 0.95}));
    r.claims.push_back(make_claim("slope-at-most", "<script>alert(1)</script> stays below", "", "one-sided", 0.2,
                                  comparison::AtMost{0.1, 0.0}));
    r.claims.push_back(out_of_scope_claim("lazy", "lazy scaling in width", "paper s.4", "d < n: H_inf is singular",
                                          comparison::Interval{-0.8, -0.3}));
    r.claims.push_back(make_claim("floor", "sharpness >= s_min", "paper s.5", "window never reached", std::nullopt,
                                  comparison::AtLeast{2.0, 1e-3}));
    r.notes = {"loss 1/2 sum e_i^2", "a note with | pipe and *stars*"};
    return r;
}

// Durations ("0.65 s", "3.2 min"), ISO dates and version numbers become placeholders.
std::string strip_volatile(std::string text) {
    text = std::regex_replace(text, std::regex(R"(\d{4}-\d\d-\d\dT[0-9:.+Z-]+)"), "<date>");
    text = std::regex_replace(text, std::regex(R"(\b\d+(\.\d+)? (s|min)\b)"), "<time>");
    text = std::regex_replace(text, std::regex(R"(\b\d+\.\d+\.\d+\b)"), "<version>");
    return text;
}

std::string read(const std::filesystem::path& p) { return testing::slurp(p); }

}  // namespace

TEST_CASE("report.md matches the golden file (times, dates and versions stripped)", "[report]") {
    const auto dir = testing::scratch_dir("report-golden");
    const ResultSpec spec{"relu2.sample", "relu2", "Bu, Xu, Chen 2021", "quick", {{"n", 20}, {"c", 1.0}}, 7, ""};
    const std::map<std::string, std::string> env{{"compiler", "g++ 12.2.0"}, {"date", "2026-01-02T03:04:05Z"},
                                                 {"cpu", "test CPU"}, {"git_commit", "abc123"}};
    std::filesystem::create_directories(dir / "results");
    write_result_atomically(result_path(dir / "results", spec.scenario),
                            result_to_json(spec, sample_result(), env, 1.25));
    const ResultSet set = load_result_set({dir / "results"});
    write_report(set, dir / "report");
    const std::string actual = strip_volatile(read(dir / "report" / "report.md"));
    if (std::getenv("RATEBENCH_UPDATE_GOLDEN")) {
        std::ofstream(kGolden, std::ios::binary) << actual;
        WARN("rewrote " << kGolden.string());
    }
    REQUIRE(std::filesystem::exists(kGolden));
    CHECK(actual == read(kGolden));
    // Every figure report.md links to was written beside it.
    for (const Figure& f : scenario_figures(set.results[0].result))
        CHECK(std::filesystem::exists(dir / "report" / figure_file_name("relu2.sample", f)));
}

TEST_CASE("volatile fields are stripped, the rest is kept", "[report]") {
    CHECK(strip_volatile("g++ 12.2.0, 2026-11-25T13:47:46Z, 0.65 s, 4.2 min, 0.992") ==
          "g++ <version>, <date>, <time>, <time>, 0.992");
}
