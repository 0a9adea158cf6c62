// Sharded runs (DESIGN.md s.9): --shard K/N slices, partial files that no complete-result reader
// accepts, and merge, which must give the digests of an unsharded run or refuse (exit 2, one
// line, nothing written).
#include "reports/digest.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ratebench::testing;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

// A sweep (scalar chains of depth 2-4 x 2 replicates = 6 units) and a single-run scenario, in
// one selection so that the slices also cross scenario boundaries. Under a second in all.
const std::string kSelection = "linear.scalar-chain linear.depth2-anisotropic --set replicates=2";
const std::string kSingle = "linear.depth2-anisotropic --set replicates=1";
const std::vector<std::string> kScenarios{"linear.scalar-chain", "linear.depth2-anisotropic"};

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(slurp(p)); }

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

std::size_t entries(const fs::path& dir) {
    if (!fs::exists(dir)) return 0;
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

// Three shards of `args` into dirs[0..2] (one directory each, as separate machines would).
std::vector<fs::path> run_shards(const std::string& name, const std::string& args) {
    std::vector<fs::path> dirs;
    for (int k = 1; k <= 3; ++k) {
        dirs.push_back(scratch_dir(name + "-shard-" + std::to_string(k)));
        const auto r = run_cli("run " + args + " --shard " + std::to_string(k) + "/3 --out " + dirs.back().string());
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    return dirs;
}

std::string shard_file(const fs::path& dir, const std::string& scenario, int k) {
    return (dir / (scenario + ".shard-" + std::to_string(k) + "-of-3.json")).string();
}

}  // namespace

TEST_CASE("shards 1/3, 2/3, 3/3 merged give the digests of the unsharded run", "[shard]") {
    const fs::path whole = scratch_dir("shard-whole"), merged = scratch_dir("shard-merged");
    REQUIRE(run_cli("run " + kSelection + " --out " + whole.string()).exit_code == 0);
    const auto dirs = run_shards("digests", kSelection);
    for (int k = 1; k <= 3; ++k)
        for (const auto& id : kScenarios) {
            const auto part = read_json(shard_file(dirs[static_cast<std::size_t>(k - 1)], id, k));
            REQUIRE(part.at("complete") == false);
            REQUIRE(part.at("shard").at("index") == k);
            REQUIRE(part.at("claims").empty());
        }
    const auto r = run_cli("merge " + dirs[0].string() + " " + dirs[1].string() + " " + dirs[2].string() +
                           " --out " + merged.string());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE_THAT(r.out, Contains("late-slope") && Contains("pass"));
    for (const auto& id : kScenarios) {
        const auto a = read_json(whole / (id + ".json")), b = read_json(merged / (id + ".json"));
        INFO(id);
        REQUIRE(b.at("complete") == true);
        REQUIRE(a.at("digest") == b.at("digest"));
        REQUIRE(a.at("runs") == b.at("runs"));
        REQUIRE(a.at("claims") == b.at("claims"));
    }
}

TEST_CASE("a single-run scenario shards into one full and two empty slices, and merges", "[shard]") {
    const fs::path whole = scratch_dir("single-whole"), merged = scratch_dir("single-merged");
    REQUIRE(run_cli("run " + kSingle + " --out " + whole.string()).exit_code == 0);
    const auto dirs = run_shards("single", kSingle);
    std::size_t runs = 0;
    for (int k = 1; k <= 3; ++k)
        runs += read_json(shard_file(dirs[static_cast<std::size_t>(k - 1)], "linear.depth2-anisotropic", k))
                    .at("runs").size();
    REQUIRE(runs == 1);
    REQUIRE(run_cli("merge " + dirs[0].string() + " " + dirs[1].string() + " " + dirs[2].string() + " --out " +
                    merged.string()).exit_code == 0);
    REQUIRE(read_json(whole / "linear.depth2-anisotropic.json").at("digest") ==
            read_json(merged / "linear.depth2-anisotropic.json").at("digest"));
}

TEST_CASE("a partial file never passes for a complete one: report, compare and --resume", "[shard]") {
    const fs::path dir = scratch_dir("partial-readers"), reports = scratch_dir("partial-report");
    REQUIRE(run_cli("run " + kSingle + " --shard 1/3 --out " + dir.string()).exit_code == 0);
    for (const std::string& args : {"report " + dir.string() + " --out " + reports.string(),
                                    "compare " + dir.string() + " " + dir.string()}) {
        const auto r = run_cli(args);
        INFO(args << "\n" << r.err);
        REQUIRE(r.exit_code == 2);
        REQUIRE_THAT(r.err, Contains("partial result (shard 1/3") && Contains("ratebench merge"));
        REQUIRE(lines(r.err) == 1);
    }
    REQUIRE(entries(reports) == 0);
    // A shard file renamed to a complete file's name is run again, not resumed.
    fs::copy_file(shard_file(dir, "linear.depth2-anisotropic", 1), dir / "linear.depth2-anisotropic.json");
    const auto resumed = run_cli("run " + kSingle + " --resume --out " + dir.string());
    REQUIRE(resumed.exit_code == 0);
    REQUIRE_THAT(resumed.err, Contains("a shard's partial result, not a complete one; running it again"));
    REQUIRE(read_json(dir / "linear.depth2-anisotropic.json").at("complete") == true);
}

TEST_CASE("resume works per shard: same slice, spec and commit skipped, another spec rerun", "[shard]") {
    const fs::path dir = scratch_dir("shard-resume");
    REQUIRE(run_cli("run " + kSelection + " --shard 2/3 --out " + dir.string()).exit_code == 0);
    const std::string first = slurp(shard_file(dir, "linear.scalar-chain", 2));
    const auto again = run_cli("run " + kSelection + " --shard 2/3 --resume --out " + dir.string());
    REQUIRE(again.exit_code == 0);
    REQUIRE_THAT(again.err, Contains("linear.scalar-chain shard 2/3: done with the same spec and commit, skipped (--resume)"));
    REQUIRE(slurp(shard_file(dir, "linear.scalar-chain", 2)) == first);
    const auto changed = run_cli("run " + kSelection + " --seed 5 --shard 2/3 --resume --out " + dir.string());
    REQUIRE(changed.exit_code == 0);
    REQUIRE_THAT(changed.err, !Contains("skipped"));
}

TEST_CASE("shard takes K/N with 1 <= K <= N, else exit 2 with one line", "[shard]") {
    const fs::path out = scratch_dir("shard-bad");
    for (const std::string shard : {"0/3", "4/3", "1/0", "abc", "1/3/2", "-1/2", "2"}) {
        const auto r = run_cli("run " + kSingle + " --shard " + shard + " --out " + out.string());
        INFO(shard << ": " << r.err);
        REQUIRE(r.exit_code == 2);
        REQUIRE_THAT(r.err, Contains("--shard " + shard + ": expected K/N"));
        REQUIRE(lines(r.err) == 1);
    }
    REQUIRE(entries(out) == 0);
}

TEST_CASE("merge refuses a missing, duplicated, mixed or corrupt shard, or changed data: exit 2, one line, nothing written", "[shard]") {
    const auto dirs = run_shards("merge-bad", kSelection);
    const std::string chain = "linear.scalar-chain";
    // Shard 2/3 of another spec (seed), and of another commit (the record edited, the digest
    // recomputed so that only the commit differs).
    const fs::path other_seed = scratch_dir("merge-bad-seed"), other_commit = scratch_dir("merge-bad-commit");
    REQUIRE(run_cli("run " + kSelection + " --seed 7 --shard 2/3 --out " + other_seed.string()).exit_code == 0);
    auto edited = read_json(shard_file(dirs[1], chain, 2));
    edited["shard"]["commit"] = "0000000000000000000000000000000000000000";
    edited["digest"] = ratebench::result_digest(edited);
    { std::ofstream(shard_file(other_commit, chain, 2)) << edited.dump(1); }
    // Shard 3/3 cut in half, as by a full disk or an interrupted copy.
    const fs::path truncated = scratch_dir("merge-bad-truncated");
    const std::string bytes = slurp(shard_file(dirs[2], chain, 3));
    { std::ofstream(shard_file(truncated, chain, 3)) << bytes.substr(0, bytes.size() / 2); }

    // Shards run with --data whose file changed before the merge: the judge would see other data.
    const fs::path with_data = scratch_dir("merge-bad-data");
    const fs::path points = with_data / "points.csv";
    { std::ofstream(points) << "1,0,0,1\n0,1,0,2\n0,0,1,3\n1,1,0,1\n0,1,1,2\n1,0,1,0\n"; }
    for (const char* k : {"1/2", "2/2"})
        REQUIRE(run_cli("run " + kSingle + " --data " + points.string() + " --shard " + k + " --out " +
                        with_data.string()).exit_code == 0);
    { std::ofstream(points, std::ios::app) << "1,1,1,1\n"; }

    const std::string s1 = shard_file(dirs[0], chain, 1), s2 = shard_file(dirs[1], chain, 2),
                      s3 = shard_file(dirs[2], chain, 3);
    struct Case {
        std::string name, inputs, expected;
    };
    const std::vector<Case> cases{
        {"missing", s1 + " " + s3, "linear.scalar-chain: shard 2/3 missing (found 2 of 3)"},
        {"twice", s1 + " " + s2 + " " + s2 + " " + s3, "linear.scalar-chain: shard 2/3 given twice"},
        {"mixed spec", s1 + " " + shard_file(other_seed, chain, 2) + " " + s3, "come from different specs"},
        {"mixed commit", s1 + " " + shard_file(other_commit, chain, 2) + " " + s3, "come from different commits"},
        {"truncated", s1 + " " + s2 + " " + shard_file(truncated, chain, 3), "not valid JSON (truncated or corrupt)"},
        {"no shards", scratch_dir("merge-bad-empty").string(), "no shard files"},
        {"changed data", with_data.string(), "points.csv: changed since the shards of linear.depth2-anisotropic ran"},
    };
    for (const auto& c : cases) {
        const fs::path out = scratch_dir("merge-bad-out") / "not-created";
        const auto r = run_cli("merge " + c.inputs + " --out " + out.string());
        INFO(c.name << "\nstderr: " << r.err);
        REQUIRE(r.exit_code == 2);
        REQUIRE_THAT(r.err, Contains(c.expected));
        REQUIRE(lines(r.err) == 1);
        REQUIRE(!fs::exists(out));
    }
}
