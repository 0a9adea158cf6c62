// The command-line contract (DESIGN.md s.1): exit codes, one clear line per bad input, nothing
// written on error, identical digests at any thread count, --resume.
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <csignal>
#include <nlohmann/json.hpp>

using namespace ratebench::testing;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// A small relu2.gd-rate: seconds, not minutes.
// m = 400 n, the width the family's tolerances are stated for.
const std::string kSmall = "relu2.gd-rate --set n=8 --set d=10 --set m=3200 --set replicates=2";

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(slurp(p)); }

std::size_t lines(const std::string& s) {
    std::size_t count = 0;
    for (char c : s) count += c == '\n';
    return count;
}

}  // namespace

TEST_CASE("list shows the catalogue, as text and as JSON", "[cli]") {
    const auto text = run_cli("list");
    REQUIRE(text.exit_code == 0);
    REQUIRE_THAT(text.out, Contains("relu2.gd-rate"));
    const auto json = run_cli("list --json");
    REQUIRE(json.exit_code == 0);
    const auto list = nlohmann::json::parse(json.out);
    REQUIRE(list.at(0).at("id") == "relu2.gd-rate");
    REQUIRE(list.at(0).at("parameters").size() >= 4);
}

TEST_CASE("help is generated for every subcommand", "[cli]") {
    for (const char* sub : {"", "list", "run"}) {
        const auto r = run_cli(std::string(sub) + " --help");
        INFO(sub);
        REQUIRE(r.exit_code == 0);
        REQUIRE_THAT(r.out, Contains("--"));
    }
}

TEST_CASE("bad input exits 2 with one line naming the problem and writes nothing", "[cli]") {
    const fs::path out = scratch_dir("bad-input");
    const fs::path kept = out / "relu2.gd-rate.json";
    { std::ofstream(kept) << "previous result"; }
    const fs::path ragged = out / "ragged.csv";
    { std::ofstream(ragged) << "1,2,3\n4,5\n"; }
    const fs::path nan = out / "nan.csv";
    { std::ofstream(nan) << "x1,x2,y\n1,2,3\n4,nan,6\n"; }

    struct Case {
        std::string args, expected;
    };
    const std::vector<Case> cases{
        {"frobnicate", "frobnicate"},
        {"run relu2.gd-rat", "closest: relu2.gd-rate"},
        {"run relu2.gd-rate --set width=5", "--set width: unknown parameter of relu2.gd-rate (known: n, d, m"},
        {"run relu2.gd-rate --set n=2.5", "--set n=2.5: n must be an integer >= 2"},
        {"run relu2.gd-rate --set c=abc", "--set c=abc: c must be a number in [1e-06, 1.999999]"},
        {"run relu2.gd-rate --set c=3", "c must be a number in"},
        {"run relu2.gd-rate --set noequals", "expected key=value"},
        {"run relu2.gd-rate --threads 0", "--threads 0: must be >= 1"},
        {"run relu2.gd-rate --profile medium", "--profile medium: must be quick or full"},
        {"run relu2.gd-rate --data /nonexistent/x.csv", "/nonexistent/x.csv: cannot open"},
        {"run relu2.gd-rate --data " + ragged.string(), ragged.string() + ":2: expected 3 columns, found 2"},
        {"run relu2.gd-rate --data " + nan.string(), nan.string() + ":3: column 2: non-finite value"},
        {"run relu2.gd-rate --no-such-flag", "--no-such-flag"},
        {"run --suite nosuch", "unknown suite 'nosuch'"},
        {"run --filter '('", "not a valid regular expression"},
        {"run", "no scenario selected"},
    };
    for (const auto& c : cases) {
        const auto r = run_cli(c.args + " --out " + out.string());
        INFO("ratebench " << c.args << "\nstderr: " << r.err);
        REQUIRE(r.exit_code == 2);
        REQUIRE_THAT(r.err, Contains(c.expected));
        REQUIRE(lines(r.err) == 1);
        REQUIRE(slurp(kept) == "previous result");
    }
    REQUIRE(run_cli("run relu2.gd-rate --out /proc/no-such-dir").exit_code == 2);
}

TEST_CASE("a run passes, writes its result file and prints the verdicts", "[cli]") {
    const fs::path out = scratch_dir("run");
    const auto r = run_cli("run " + kSmall + " --out " + out.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.out, Contains("late-slope.median") && Contains("pass"));
    REQUIRE_THAT(r.err, Contains("[1/1] relu2.gd-rate"));
    const auto file = read_json(out / "relu2.gd-rate.json");
    REQUIRE(file.at("complete") == true);
    REQUIRE(file.at("claims").size() == 4);
    // No temporary file is left behind by the atomic write.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++entries;
    REQUIRE(entries == 1);
}

TEST_CASE("results are identical at 1 and 2 threads", "[cli]") {
    // d = 300 > 256 and m = 4800 = 19 blocks of 256 > 2 threads: a threaded GEMM or a
    // thread-ordered reduction would change bits here. One replicate, so the two threads go
    // to the blocks inside the model, not to separate replicates.
    const std::string args = "relu2.gd-rate --set n=12 --set d=300 --set m=4800 --set replicates=1";
    const fs::path one = scratch_dir("threads-1"), two = scratch_dir("threads-2");
    REQUIRE(run_cli("run " + args + " --threads 1 --out " + one.string()).exit_code == 0);
    REQUIRE(run_cli("run " + args + " --threads 2 --out " + two.string()).exit_code == 0);
    const auto a = read_json(one / "relu2.gd-rate.json"), b = read_json(two / "relu2.gd-rate.json");
    REQUIRE(a.at("environment").at("threads") == "1");
    REQUIRE(b.at("environment").at("threads") == "2");
    REQUIRE(a.at("digest") == b.at("digest"));
    REQUIRE(a.at("runs") == b.at("runs"));
}

TEST_CASE("resume skips a complete file with the same spec and reruns a changed one", "[cli]") {
    const fs::path out = scratch_dir("resume");
    REQUIRE(run_cli("run " + kSmall + " --out " + out.string()).exit_code == 0);
    const std::string first = slurp(out / "relu2.gd-rate.json");
    const auto again = run_cli("run " + kSmall + " --resume --out " + out.string());
    REQUIRE(again.exit_code == 0);
    REQUIRE_THAT(again.err, Contains("skipped (--resume)"));
    REQUIRE(slurp(out / "relu2.gd-rate.json") == first);
    const auto changed = run_cli("run " + kSmall + " --seed 9 --resume --out " + out.string());
    REQUIRE(changed.exit_code == 0);
    REQUIRE_THAT(changed.err, !Contains("skipped"));
    REQUIRE(read_json(out / "relu2.gd-rate.json").at("spec").at("seed") == 9);
}

TEST_CASE("a data file replaces the generated points and enters the spec hash", "[cli]") {
    const fs::path out = scratch_dir("data");
    const fs::path csv = out / "points.csv";
    {
        // 6 points in R^10, not normalised (the run normalises them), with targets.
        std::ofstream f(csv);
        f << "x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,y\n";
        for (int i = 0; i < 6; ++i) {
            for (int j = 0; j < 10; ++j) f << (j == i ? 3.0 : 0.1 * (i + j)) << ",";
            f << (i % 2 ? 1.0 : -0.5) << "\n";
        }
    }
    const auto r = run_cli("run relu2.gd-rate --set m=2400 --set replicates=2 --data " + csv.string() +
                           " --out " + out.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto file = read_json(out / "relu2.gd-rate.json");
    REQUIRE(file.at("spec").at("data_sha256").get<std::string>().size() == 64);
    REQUIRE_THAT(file.at("notes").dump(), Contains("rows normalised to unit norm"));
}

TEST_CASE("duplicate points put the claims out of scope, not a crash", "[cli]") {
    const fs::path out = scratch_dir("duplicates");
    const fs::path csv = out / "dup.csv";
    { std::ofstream(csv) << "1,0,0,1\n0,1,0,2\n2,0,0,3\n"; }  // rows 1 and 3 are parallel
    const auto r = run_cli("run relu2.gd-rate --set m=400 --set replicates=1 --data " + csv.string() +
                           " --out " + out.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.out, Contains("out-of-scope"));
}

TEST_CASE("an interrupted run keeps finished results, leaves no partial file, and resumes", "[cli]") {
    // relu2.gd-rate finishes in well under a second; nag-ode (several seconds) is still
    // running when SIGTERM arrives after 2 s.
    const fs::path out = scratch_dir("interrupt"), clean = scratch_dir("uninterrupted");
    const auto r = run_cli_with_timeout("run relu2.gd-rate relu2.nag-ode --set replicates=1 --set n=6 --set m=2400 --out " + out.string(), 2);
    REQUIRE(r.exit_code == 128 + SIGTERM);
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(out)) names.push_back(e.path().filename().string());
    REQUIRE(names == std::vector<std::string>{"relu2.gd-rate.json"});
    // Resume completes the rest; every file equals an uninterrupted run's (digests).
    REQUIRE(run_cli("run relu2.gd-rate relu2.nag-ode --set replicates=1 --set n=6 --set m=2400 --resume --out " + out.string()).exit_code == 0);
    REQUIRE(run_cli("run relu2.gd-rate relu2.nag-ode --set replicates=1 --set n=6 --set m=2400 --out " + clean.string()).exit_code == 0);
    for (const char* id : {"relu2.gd-rate.json", "relu2.nag-ode.json"})
        REQUIRE(read_json(out / id).at("digest") == read_json(clean / id).at("digest"));
}
