// compare on constructed pairs of result directories: identical, a flipped verdict, a moved
// value, a digest change inside the tolerance, a missing and an extra scenario; the exit
// codes of the command; and the noise-aware timing rule with its Mann-Whitney U test.
#include "reports/compare.hpp"
#include "reports/mann_whitney.hpp"
#include "reports/result_file.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace ratebench;
using Catch::Matchers::Contains;

namespace {

ScenarioResult result(double observed = 0.99, double metric = 0.5) {
    ScenarioResult r;
    Run run;
    run.label = "replicate 0";
    run.parameters = {{"replicate", 0}};
    run.trajectory.step = {0, 1};
    run.trajectory.loss = {1, 0.5};
    run.trajectory.grad_norm = {1, 0.5};
    run.trajectory.distance = {0, 1};
    run.metrics = {{"observed_slope", metric}};
    r.runs = {run};
    r.claims.push_back(make_claim("median", "ratio within 5% of 1", "", "", observed, comparison::Relative{1.0, 0.05}));
    r.claims.push_back(make_claim("bound", "no violations", "", "", 0.0, comparison::Count{0, 0, "L > b", "all"}));
    return r;
}

void write(const std::filesystem::path& dir, const std::string& id, const ScenarioResult& r, double seconds = 1) {
    std::filesystem::create_directories(dir);
    const ResultSpec spec{id, "relu2", "paper", "quick", {{"n", 20}}, 0, ""};
    write_result_atomically(result_path(dir, id), result_to_json(spec, r, {{"date", "today"}}, seconds));
}

CompareReport compare_dirs(const std::filesystem::path& a, const std::filesystem::path& b,
                           CompareOptions options = {}) {
    return compare_result_sets(load_result_set({a}), load_result_set({b}), options);
}

bool has(const CompareReport& r, bool regression, const std::string& text) {
    for (const Finding& f : r.findings)
        if (f.regression == regression && f.what.find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("compare: an identical pair is no regression", "[compare]") {
    const auto dir = testing::scratch_dir("compare-identical");
    write(dir / "a", "relu2.x", result());
    write(dir / "b", "relu2.x", result(), 7.0);  // timings are outside the digest
    const CompareReport r = compare_dirs(dir / "a", dir / "b");
    CHECK(r.regressions() == 0);
    CHECK(r.findings.empty());
    CHECK(r.identical == std::vector<std::string>{"relu2.x"});
}

TEST_CASE("compare: a flipped verdict is a regression", "[compare]") {
    const auto dir = testing::scratch_dir("compare-verdict");
    write(dir / "a", "relu2.x", result(0.99));
    write(dir / "b", "relu2.x", result(0.90));  // outside 5%: pass -> fail
    const CompareReport r = compare_dirs(dir / "a", dir / "b");
    CHECK(r.regressions() == 2);
    CHECK(has(r, true, "claim median: verdict pass -> fail"));
    CHECK(has(r, true, "claim median: observed 0.99 -> 0.9"));
}

TEST_CASE("compare: a value moved beyond rtol is a regression, within it a note", "[compare]") {
    const auto dir = testing::scratch_dir("compare-moved");
    write(dir / "a", "relu2.x", result(0.99));
    write(dir / "b", "relu2.x", result(0.99 * (1 + 1e-6)));
    CHECK(has(compare_dirs(dir / "a", dir / "b"), true, "observed 0.99 -> 0.99000099"));
    CompareOptions loose;
    loose.rtol = 1e-5;
    const CompareReport r = compare_dirs(dir / "a", dir / "b", loose);
    CHECK(r.regressions() == 0);
    CHECK(has(r, false, "digest differs, every claim within rtol 1e-05"));
}

TEST_CASE("compare: a digest change with claims unchanged is a note naming the metric", "[compare]") {
    const auto dir = testing::scratch_dir("compare-digest");
    write(dir / "a", "relu2.x", result(0.99, 0.5));
    write(dir / "b", "relu2.x", result(0.99, 0.5000001));
    const CompareReport r = compare_dirs(dir / "a", dir / "b");
    CHECK(r.regressions() == 0);
    CHECK(has(r, false, "run 'replicate 0' metric observed_slope"));
}

TEST_CASE("compare: a missing scenario is a regression, an extra one a note", "[compare]") {
    const auto dir = testing::scratch_dir("compare-missing");
    write(dir / "a", "relu2.x", result());
    write(dir / "a", "relu2.gone", result());
    write(dir / "b", "relu2.x", result());
    write(dir / "b", "relu2.new", result());
    const CompareReport r = compare_dirs(dir / "a", dir / "b");
    CHECK(r.regressions() == 1);
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].regression);
    CHECK(r.findings[0].scenario == "relu2.gone");
    CHECK_FALSE(r.findings[1].regression);
    CHECK(r.findings[1].scenario == "relu2.new");
}

TEST_CASE("compare: a changed tolerance is a regression (how a claim is judged is data)", "[compare]") {
    const auto dir = testing::scratch_dir("compare-judging");
    ScenarioResult looser = result();
    looser.claims[0] = make_claim("median", "ratio within 5% of 1", "", "", 0.99, comparison::Relative{1.0, 0.5});
    write(dir / "a", "relu2.x", result());
    write(dir / "b", "relu2.x", looser);
    CHECK(has(compare_dirs(dir / "a", dir / "b"), true, "comparison rtol 0.05 -> 0.5"));
}

TEST_CASE("ratebench compare: exit 0 identical, 1 regression, 2 bad input", "[compare]") {
    const auto dir = testing::scratch_dir("compare-cli");
    write(dir / "a", "relu2.x", result(0.99));
    write(dir / "b", "relu2.x", result(0.90));
    auto ok = testing::run_cli("compare " + (dir / "a").string() + " " + (dir / "a").string());
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Contains("identical   relu2.x"));
    auto bad = testing::run_cli("compare " + (dir / "a").string() + " " + (dir / "b").string());
    CHECK(bad.exit_code == 1);
    CHECK_THAT(bad.out, Contains("REGRESSION  relu2.x: claim median: verdict pass -> fail"));
    auto missing = testing::run_cli("compare " + (dir / "a").string() + " " + (dir / "nowhere").string());
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Contains("nowhere: no such file or directory"));
    std::ofstream(dir / "b" / "relu2.x.json") << "{ truncated";
    auto corrupt = testing::run_cli("compare " + (dir / "a").string() + " " + (dir / "b").string());
    CHECK(corrupt.exit_code == 2);
    CHECK_THAT(corrupt.err, Contains("relu2.x.json: not valid JSON"));
}

TEST_CASE("Mann-Whitney U: exact p-values for small samples, normal approximation with ties", "[compare]") {
    // Complete separation: P(U = 0) = 1 / C(n + m, n), doubled for two sides.
    CHECK(mann_whitney_p({1, 2, 3}, {4, 5, 6}) == Approx(2.0 / 20));
    CHECK(mann_whitney_p({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}) == Approx(2.0 / 252));
    CHECK(mann_whitney_p({1, 3, 5}, {2, 4, 6}) == Approx(1.0).margin(0.45));  // interleaved: no evidence
    CHECK(mann_whitney_p({1, 1, 1}, {1, 1, 1}) == 1.0);                      // all tied
    // Ties: n = m = 4, U = 0.5 ... computed by hand: sigma^2 = nm/12 (N+1 - sum(t^3-t)/(N(N-1))).
    const double sigma = std::sqrt(16.0 / 12 * (9 - 6.0 / 56));
    CHECK(mann_whitney_p({1, 2, 3, 4}, {4, 5, 6, 7}) == Approx(std::erfc((8 - 0.5 - 0.5) / sigma / std::sqrt(2.0))));
}

TEST_CASE("timings: slower needs the ratio and, given repetitions, a significant U test", "[compare]") {
    CHECK(compare_timing("k", {1.0}, {1.3}, 1.2).verdict == "slower");
    CHECK(compare_timing("k", {1.0}, {1.1}, 1.2).verdict == "same");
    CHECK(compare_timing("k", {1.0}, {0.5}, 1.2).verdict == "faster");
    CHECK(compare_timing("k", {0.01}, {1.0}, 1.2, 0.1).verdict == "below noise floor");
    // Medians 30% apart but the samples overlap: not significant, so not a regression.
    const TimingRow noisy = compare_timing("k", {1.0, 1.0, 2.0, 0.5, 1.0}, {1.3, 0.6, 1.3, 2.1, 1.3}, 1.2);
    CHECK(noisy.p.has_value());
    CHECK(noisy.verdict == "same");
    const TimingRow clear = compare_timing("k", {1.0, 1.01, 0.99, 1.02, 0.98}, {1.3, 1.31, 1.29, 1.32, 1.28}, 1.2);
    CHECK(*clear.p < kUTestAlpha);
    CHECK(clear.slower());
}

TEST_CASE("ratebench compare --timings on two kernel files prints throughput ratios", "[compare]") {
    const auto dir = testing::scratch_dir("compare-kernels");
    auto kernels = [&](const std::string& name, double ms, double flops) {
        std::ofstream(dir / name) << R"({"context": {"host_name": "h", "num_cpus": 2, "date": "d"},
          "benchmarks": [{"name": "gemm/real_time", "run_name": "gemm/real_time", "run_type": "iteration",
                          "real_time": )" << ms << R"(, "time_unit": "ms", "FLOP/s": )" << flops << R"(},
                         {"name": "gemm/real_time_mean", "run_name": "gemm/real_time", "run_type": "aggregate",
                          "real_time": 99, "time_unit": "ms"}]})";
    };
    kernels("a.json", 10, 2e10);
    kernels("b.json", 20, 1e10);
    auto r = testing::run_cli("compare --timings " + (dir / "a.json").string() + " " + (dir / "b.json").string());
    CHECK(r.exit_code == 1);  // twice as slow
    CHECK_THAT(r.out, Contains("gemm/real_time"));
    CHECK_THAT(r.out, Contains("0.500"));  // throughput ratio
    CHECK_THAT(r.out, Contains("slower"));
    auto without = testing::run_cli("compare " + (dir / "a.json").string() + " " + (dir / "b.json").string());
    CHECK(without.exit_code == 2);
    CHECK_THAT(without.err, Contains("add --timings"));
}
