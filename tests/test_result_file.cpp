// Result files: write -> read round trip, the digest's coverage, and rejection of files that
// are truncated, corrupt or of another schema version.
#include "core/errors.hpp"
#include "reports/digest.hpp"
#include "reports/result_file.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace ratebench;
using Catch::Matchers::Contains;

namespace {

ScenarioResult sample_result() {
    ScenarioResult r;
    Run run;
    run.label = "replicate 0";
    run.parameters = {{"eta", 0.1}};
    run.metrics = {{"kappa", INFINITY}, {"lambda", 0.1 + 0.2}};
    run.trajectory.step = {0, 1, 2};
    run.trajectory.loss = {1.0, 0.5, NAN};
    run.trajectory.grad_norm = {2.0, 1.0, 0.0};
    run.trajectory.distance = {0.0, 1e-300, 2.5};
    run.trajectory.probe_names = {"sharpness"};
    run.trajectory.probe_values = {{3.0, 2.0, -INFINITY}};
    run.trajectory.outcome = Outcome::diverged;
    run.trajectory.steps = 2;
    run.trajectory.initial_loss = 1.0;
    r.runs.push_back(run);
    r.metrics = {{"median", 0.25}};
    r.claims.push_back(make_claim("rate", "slope", "paper", "why", -0.0123456789012345678,
                                  comparison::Relative{-0.0125, 0.1}));
    r.claims.push_back(make_claim("count", "bound", "paper", "why", 0.0,
                                  comparison::Count{0, 0, "L > bound", "all steps"}));
    r.claims.push_back(make_claim("p", "converges", "paper", "why", std::nullopt,
                                  comparison::Probability{190, 200, 0.95}));
    r.claims.push_back(out_of_scope_claim("oos", "s", "paper", "d < n", comparison::Interval{-0.8, -0.3}));
    r.notes = {"loss 1/2 sum e^2"};
    return r;
}

const ResultSpec kSpec{"relu2.test", "relu2", "paper", "quick", {{"n", 20}, {"c", 1.0}}, 7, ""};

}  // namespace

TEST_CASE("SHA-256 matches the standard test vector", "[result]") {
    REQUIRE(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("a result survives write -> read with every bit, NaN and infinity included", "[result]") {
    const auto dir = testing::scratch_dir("roundtrip");
    const auto path = result_path(dir, "relu2.test");
    const auto file = result_to_json(kSpec, sample_result(), {{"threads", "2"}}, 1.5);
    write_result_atomically(path, file);
    const auto read = read_result_file(path);
    REQUIRE(read == file);
    const ScenarioResult back = result_from_json(read);
    const auto again = result_to_json(kSpec, back, {{"threads", "1"}}, 9.0);
    REQUIRE(again.at("digest") == file.at("digest"));
    REQUIRE(std::isnan(back.runs[0].trajectory.loss[2]));
    REQUIRE(back.claims[0].observed == sample_result().claims[0].observed);
    REQUIRE(back.claims[2].verdict == Verdict::undetermined);
    REQUIRE(back.claims[3].verdict == Verdict::out_of_scope);
}

TEST_CASE("the digest ignores environment and timings but nothing else", "[result]") {
    const auto a = result_to_json(kSpec, sample_result(), {{"threads", "1"}}, 1.0);
    const auto b = result_to_json(kSpec, sample_result(), {{"threads", "2"}}, 2.0);
    REQUIRE(a.at("digest") == b.at("digest"));
    ScenarioResult changed = sample_result();
    changed.runs[0].trajectory.loss[1] = std::nextafter(0.5, 1.0);
    REQUIRE(result_to_json(kSpec, changed, {}, 1.0).at("digest") != a.at("digest"));
}

TEST_CASE("the spec hash covers parameters, seed and data but not threads", "[result]") {
    ResultSpec other = kSpec;
    REQUIRE(spec_hash(other) == spec_hash(kSpec));
    other.seed = 8;
    REQUIRE(spec_hash(other) != spec_hash(kSpec));
    other = kSpec;
    other.parameters["n"] = 21;
    REQUIRE(spec_hash(other) != spec_hash(kSpec));
    other = kSpec;
    other.data_sha256 = sha256_hex("x");
    REQUIRE(spec_hash(other) != spec_hash(kSpec));
}

TEST_CASE("missing, truncated, corrupt and wrong-version files are rejected clearly", "[result]") {
    const auto dir = testing::scratch_dir("corrupt");
    const auto file = result_to_json(kSpec, sample_result(), {}, 1.0);
    const std::string text = file.dump(1);
    auto write = [&](const std::string& name, const std::string& content) {
        const auto p = dir / name;
        std::ofstream(p) << content;
        return p;
    };
    REQUIRE_THROWS_WITH(read_result_file(dir / "absent.json"), Contains("absent.json: cannot open"));
    REQUIRE_THROWS_WITH(read_result_file(write("cut.json", text.substr(0, text.size() / 2))),
                        Contains("cut.json: not valid JSON"));
    std::string tampered = text;
    tampered.replace(tampered.find("0.25"), 4, "0.26");
    REQUIRE_THROWS_WITH(read_result_file(write("tampered.json", tampered)),
                        Contains("tampered.json: digest mismatch"));
    auto old = file;
    old["schema_version"] = 0;
    REQUIRE_THROWS_WITH(read_result_file(write("old.json", old.dump())),
                        Contains("old.json: schema version 0"));
    auto partial = file;
    partial.erase("claims");
    REQUIRE_THROWS_WITH(read_result_file(write("partial.json", partial.dump())),
                        Contains("missing field 'claims'"));
    REQUIRE_THROWS_AS(read_result_file(write("array.json", "[1, 2]")), InputError);
}
