// Unit checkpoints (reports/unit_checkpoint.hpp): runs read back bit for bit, and a file that
// was truncated or changed is refused by name, so that --resume reruns its units instead.
#include "core/env.hpp"
#include "core/errors.hpp"
#include "driver/run_plan.hpp"
#include "driver/shard.hpp"
#include "reports/partial_file.hpp"
#include "reports/result_file.hpp"
#include "reports/unit_checkpoint.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <nlohmann/json.hpp>

using namespace ratebench;
using namespace ratebench::testing;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// Values a digest would catch if they came back different: NaN and infinities (spelled as
// strings), -0.0, a denormal-adjacent value and a sum with no short decimal form.
Run awkward_run(const std::string& label) {
    Run run;
    run.label = label;
    run.parameters = {{"eta", 0.1 + 0.2}, {"replicate", 3}};
    run.metrics = {{"kappa", INFINITY}, {"slope", -0.0}, {"tiny", 4.9e-324}};
    run.trajectory.step = {0, 5, 10};
    run.trajectory.loss = {1.0, 1e-300, NAN};
    run.trajectory.grad_norm = {2.0, 1.0, 0.0};
    run.trajectory.distance = {0.0, 1.0 / 3.0, 2.5};
    run.trajectory.probe_names = {"sharpness"};
    run.trajectory.probe_values = {{3.0, 2.0, -INFINITY}};
    run.trajectory.outcome = Outcome::diverged;
    run.trajectory.steps = 10;
    run.trajectory.initial_loss = 1.0;
    return run;
}

const UnitCheckpointKey kKey{"lr.toy-xy", std::string(64, 'a'), "0123abc", 10};

}  // namespace

TEST_CASE("a unit checkpoint reads back its runs exactly, under OUT/.units/SCENARIO/SPEC_HASH", "[checkpoint]") {
    const fs::path out = scratch_dir("checkpoint-roundtrip");
    const std::vector<Run> runs{awkward_run("unit 7"), awkward_run("unit 2")};
    const fs::path path = write_unit_checkpoint(out, kKey, {7, 2}, runs_to_json(runs));
    REQUIRE(path == out / ".units" / "lr.toy-xy" / kKey.spec_hash / "2.cbor");  // named by its lowest unit
    const UnitCheckpoint back = read_unit_checkpoint(path);
    REQUIRE(back.key == kKey);
    REQUIRE(back.units == std::vector<std::size_t>{7, 2});
    // Compared as the result file's JSON: what the digest is computed from.
    REQUIRE(runs_to_json(back.runs).dump() == runs_to_json(runs).dump());
    REQUIRE(std::signbit(back.runs[0].metrics.at("slope")));
}

TEST_CASE("a truncated, changed or foreign unit checkpoint is refused, naming the file", "[checkpoint]") {
    const fs::path out = scratch_dir("checkpoint-corrupt");
    const fs::path path = write_unit_checkpoint(out, kKey, {4}, runs_to_json({awkward_run("unit 4")}));
    const std::string bytes = slurp(path);
    const auto refused = [&](const std::string& content, const std::string& why) {
        { std::ofstream(path, std::ios::binary | std::ios::trunc) << content; }
        REQUIRE_THROWS_WITH(read_unit_checkpoint(path), Contains(path.string()) && Contains(why));
    };
    refused(bytes.substr(0, bytes.size() - 10), "SHA-256 mismatch");
    std::string flipped = bytes;
    flipped[flipped.size() / 2 + 40] ^= 0x01;  // one bit inside the CBOR body
    refused(flipped, "SHA-256 mismatch");
    refused("", "not a unit checkpoint");
    refused("{\"schema_version\": 1}\n", "not a unit checkpoint");
    REQUIRE_THROWS_WITH(read_unit_checkpoint(out / "missing.cbor"), Contains("cannot open"));
}

TEST_CASE("a unit checkpoint that cannot be written is an InputError naming the path", "[checkpoint]") {
    const fs::path out = scratch_dir("checkpoint-blocked");
    // A directory where the file should go: the rename fails (as on a full or read-only disk).
    fs::create_directories(out / ".units" / "lr.toy-xy" / kKey.spec_hash / "3.cbor" / "x");
    REQUIRE_THROWS_AS(write_unit_checkpoint(out, kKey, {3}, runs_to_json({awkward_run("unit 3")})), InputError);
    REQUIRE_THROWS_WITH(write_unit_checkpoint(out, kKey, {3}, runs_to_json({awkward_run("unit 3")})),
                        Contains("3.cbor: cannot write a unit checkpoint"));
}

// What --resume does with checkpoints it finds (driver/unit_store.hpp), on a sweep of 261
// units that runs in about a second: the checkpoints are written here from the runs of an
// uninterrupted run, as a killed run would have left them.
namespace {

const std::string kSweep = "run lr.toy-xy --set replicates=20 --set bisection_seeds=4";

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(slurp(p)); }

// The runs of units [first, last) of a result file, as a checkpoint holds them.
std::pair<std::vector<std::size_t>, nlohmann::json> units_of(const nlohmann::json& file, std::size_t first,
                                                             std::size_t last) {
    std::vector<std::size_t> units;
    nlohmann::json runs = nlohmann::json::array();
    for (std::size_t u = first; u < last; ++u) {
        units.push_back(u);
        runs.push_back(file.at("runs").at(u));
    }
    return {units, runs};
}

UnitCheckpointKey key_of(const nlohmann::json& file) {
    return {file.at("scenario"), file.at("spec_hash"), source_commit(environment(1)), file.at("runs").size()};
}

}  // namespace

TEST_CASE("resume reads back valid unit checkpoints and ignores a corrupt or foreign one with one line", "[checkpoint]") {
    const fs::path clean = scratch_dir("units-clean"), out = scratch_dir("units-resume");
    REQUIRE(run_cli(kSweep + " --out " + clean.string()).exit_code == 0);
    const auto file = read_json(clean / "lr.toy-xy.json");
    const UnitCheckpointKey key = key_of(file);
    REQUIRE(key.unit_count == 261);
    const auto [valid_units, valid_runs] = units_of(file, 0, 100);
    write_unit_checkpoint(out, key, valid_units, valid_runs);
    UnitCheckpointKey other_commit = key;
    other_commit.commit = "0000000000000000000000000000000000000000";
    const auto [old_units, old_runs] = units_of(file, 100, 150);
    write_unit_checkpoint(out, other_commit, old_units, old_runs);
    { std::ofstream(unit_checkpoint_dir(out, key) / "150.cbor") << "not a checkpoint"; }

    const auto r = run_cli(kSweep + " --resume --out " + out.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.err, Contains("lr.toy-xy: 100 of 261 units read back from checkpoints (--resume)"));
    REQUIRE_THAT(r.err, Contains("lr.toy-xy: 2 unit checkpoint files ignored, their units run again (" +
                                 (unit_checkpoint_dir(out, key) / "100.cbor").string() + ": computed by commit 0000"));
    REQUIRE(read_json(out / "lr.toy-xy.json").at("digest") == file.at("digest"));
    // The result file holds every unit now: the checkpoints are gone.
    REQUIRE(!fs::exists(out / ".units"));
}

TEST_CASE("checkpoints of another spec are never read, and without --resume none are", "[checkpoint]") {
    const std::string other = kSweep + " --set init_sigma=0.02";
    const fs::path clean = scratch_dir("units-spec-clean"), clean_other = scratch_dir("units-spec-other"),
                   out = scratch_dir("units-spec");
    REQUIRE(run_cli(kSweep + " --out " + clean.string()).exit_code == 0);
    REQUIRE(run_cli(other + " --out " + clean_other.string()).exit_code == 0);
    const auto file = read_json(clean / "lr.toy-xy.json");
    const auto other_file = read_json(clean_other / "lr.toy-xy.json");
    REQUIRE(file.at("spec_hash") != other_file.at("spec_hash"));

    // Every unit of the first spec, with one run tampered (still a valid file): a run that read
    // it back would not have the uninterrupted digest.
    auto [units, runs] = units_of(file, 0, 261);
    nlohmann::json& metrics = runs.at(5).at("metrics");
    REQUIRE(!metrics.empty());
    metrics[metrics.begin().key()] = 12345.0;
    const fs::path own = write_unit_checkpoint(out, key_of(file), units, runs);
    // The same file under the other spec's directory, as if copied there.
    const fs::path copied = unit_checkpoint_dir(out, key_of(other_file)) / "0.cbor";
    fs::create_directories(copied.parent_path());
    fs::copy_file(own, copied);

    const auto resumed_other = run_cli(other + " --resume --out " + out.string());
    INFO(resumed_other.err);
    REQUIRE(resumed_other.exit_code == 0);
    REQUIRE_THAT(resumed_other.err, !Contains("read back"));
    REQUIRE_THAT(resumed_other.err, Contains(copied.string() + ": checkpoint of lr.toy-xy spec " +
                                             file.at("spec_hash").get<std::string>() + ", not of this spec"));
    REQUIRE(read_json(out / "lr.toy-xy.json").at("digest") == other_file.at("digest"));

    write_unit_checkpoint(out, key_of(file), units, runs);
    const auto fresh = run_cli(kSweep + " --out " + out.string());
    INFO(fresh.err);
    REQUIRE(fresh.exit_code == 0);
    REQUIRE_THAT(fresh.err, !Contains("checkpoint"));
    REQUIRE(read_json(out / "lr.toy-xy.json").at("digest") == file.at("digest"));
    REQUIRE(!fs::exists(out / ".units"));
}

TEST_CASE("a shard reads back checkpoints of its units and removes them with its partial file", "[checkpoint]") {
    const fs::path clean = scratch_dir("units-shard-clean"), out = scratch_dir("units-shard"),
                   merged = scratch_dir("units-shard-merged");
    REQUIRE(run_cli(kSweep + " --out " + clean.string()).exit_code == 0);
    const auto file = read_json(clean / "lr.toy-xy.json");

    // Half of shard 2/3's units, as a shard killed half-way would have left them.
    RunOptions options;
    options.ids = {"lr.toy-xy"};
    options.sets = {"replicates=20", "bisection_seeds=4"};
    options.out = out.string();
    const RunPlan plan = plan_run(options);
    std::vector<UnitCost> costs;
    for (std::size_t u = 0; u < plan.scenarios.at(0).units.size(); ++u)
        costs.push_back({"lr.toy-xy", u, plan.scenarios.at(0).units[u].cost});
    const std::vector<int> slice = assign_slices(costs, 3);
    std::vector<std::size_t> units;
    nlohmann::json runs = nlohmann::json::array();
    for (std::size_t u = 0; u < slice.size(); ++u)
        if (slice[u] == 1 && units.size() < 40) {
            units.push_back(u);
            runs.push_back(file.at("runs").at(u));
        }
    REQUIRE(units.size() == 40);
    write_unit_checkpoint(out, key_of(file), units, runs);

    const auto shard = run_cli(kSweep + " --shard 2/3 --resume --out " + out.string());
    INFO(shard.err);
    REQUIRE(shard.exit_code == 0);
    REQUIRE_THAT(shard.err, Contains("units (40 read back from checkpoints, --resume)"));
    REQUIRE(!fs::exists(out / ".units"));
    for (const char* k : {"1/3", "3/3"})
        REQUIRE(run_cli(kSweep + " --shard " + std::string(k) + " --out " + out.string()).exit_code == 0);
    REQUIRE(run_cli("merge " + out.string() + " --out " + merged.string()).exit_code == 0);
    REQUIRE(read_json(merged / "lr.toy-xy.json").at("digest") == file.at("digest"));
}
