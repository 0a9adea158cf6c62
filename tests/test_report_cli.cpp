// ratebench report as a user runs it: writes report.md, report.html and the figures from a
// results directory, copies the kernel file, and refuses bad input with exit 2, writing nothing.
#include "reports/result_file.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace ratebench;
using Catch::Matchers::Contains;

TEST_CASE("ratebench report writes both reports, the figures and the kernel file", "[report]") {
    const auto dir = testing::scratch_dir("report-cli");
    ScenarioResult r;
    Run run;
    run.label = "replicate 0";
    run.trajectory.step = {0, 1, 2};
    run.trajectory.loss = {1, 0.1, 0.01};
    run.trajectory.grad_norm = {1, 0.3, 0.1};
    run.trajectory.distance = {0, 1, 1};
    r.runs = {run};
    r.claims.push_back(make_claim("c", "holds", "", "", 1.0, comparison::Relative{1.0, 0.1}));
    std::filesystem::create_directories(dir / "results");
    write_result_atomically(result_path(dir / "results", "relu2.x"),
                            result_to_json({"relu2.x", "relu2", "p", "quick", {}, 0, ""}, r, {}, 0.5));
    std::ofstream(dir / "results" / "kernels.json")
        << R"({"context": {}, "benchmarks": [{"name": "k", "real_time": 2.5, "time_unit": "us", "FLOP/s": 3e9}]})";

    const auto ok = testing::run_cli("report " + (dir / "results").string() + " --out " + (dir / "out").string());
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Contains("1 scenario, 1 claim: 1 pass"));
    for (const char* f : {"report.md", "report.html", "relu2.x.loss.svg", "kernels.json"})
        CHECK(std::filesystem::exists(dir / "out" / f));
    CHECK_THAT(testing::slurp(dir / "out" / "report.md"), Contains("| k | 2.5 µs | 3 | 1 |"));

    const auto empty = testing::run_cli("report " + (dir / "out" / "nothing").string() + " --out " +
                                        (dir / "out2").string());
    CHECK(empty.exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(dir / "out2"));
    std::filesystem::create_directories(dir / "none");
    const auto none = testing::run_cli("report " + (dir / "none").string() + " --out " + (dir / "out3").string());
    CHECK(none.exit_code == 2);
    CHECK_THAT(none.err, Contains("no result files"));
    CHECK_FALSE(std::filesystem::exists(dir / "out3"));
}
