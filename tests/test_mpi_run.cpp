// ratebench_mpi (DESIGN.md s.9): the units spread over 3 ranks give the digests of one process.
// Compiled only when CMake found MPI and built ratebench_mpi (tests/CMakeLists.txt).
#ifdef RATEBENCH_MPI_BINARY
#include "driver/run_plan.hpp"
#include "driver/shard.hpp"
#include "support/cli.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ratebench::testing;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

TEST_CASE("mpirun -n 3 ratebench_mpi gives the digests of one ratebench process", "[mpi]") {
    // A sweep (6 units) and a single-run scenario: 3 ranks get 2 units each of the first and
    // one rank the whole second. CI runs as root, which Open MPI refuses without the flag.
    const std::string args = "run linear.scalar-chain linear.depth2-anisotropic --set replicates=2";
    const fs::path one = scratch_dir("mpi-one"), three = scratch_dir("mpi-three");
    REQUIRE(run_cli(args + " --out " + one.string()).exit_code == 0);
    const std::string mpirun = "timeout 120 mpirun --allow-run-as-root --oversubscribe -n 3 " +
                               std::string(RATEBENCH_MPI_BINARY) + " ";
    const int status = std::system((mpirun + args + " --out " + three.string() + " </dev/null >" +
                                    (three / "stdout").string() + " 2>" + (three / "stderr").string())
                                       .c_str());
    INFO(slurp(three / "stderr"));
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE_THAT(slurp(three / "stderr"), Contains("ratebench_mpi: 3 ranks"));
    for (const std::string id : {"linear.scalar-chain", "linear.depth2-anisotropic"}) {
        const auto a = nlohmann::json::parse(slurp(one / (id + ".json")));
        const auto b = nlohmann::json::parse(slurp(three / (id + ".json")));
        INFO(id);
        REQUIRE(b.at("environment").at("mpi_ranks") == "3");
        REQUIRE(a.at("digest") == b.at("digest"));
    }
}

TEST_CASE("ratebench_mpi: bad input on every rank is one line and exit 2, not a hang", "[mpi]") {
    const fs::path out = scratch_dir("mpi-bad");
    const std::string command = "timeout 120 mpirun --allow-run-as-root --oversubscribe -n 2 " +
                                std::string(RATEBENCH_MPI_BINARY) + " run linear.scalar-chain --set depth=3 --out " +
                                out.string() + " </dev/null >/dev/null 2>" + (out / "stderr").string();
    const int status = std::system(command.c_str());
    const std::string err = slurp(out / "stderr");
    INFO(err);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 2);
    REQUIRE_THAT(err, Contains("ratebench_mpi: error: --set depth: unknown parameter of linear.scalar-chain"));
}

namespace {

// The lowest unit of `rank`'s slice: with one thread, the first unit it finishes, so its first
// checkpoint file is named after it (reports/unit_checkpoint.hpp).
std::size_t first_unit_of(const ratebench::PlannedScenario& p, int rank, int ranks) {
    std::vector<ratebench::UnitCost> costs;
    for (std::size_t u = 0; u < p.units.size(); ++u) costs.push_back({p.scenario->id, u, p.units[u].cost});
    const std::vector<int> slice = ratebench::assign_slices(costs, ranks);
    for (std::size_t u = 0; u < slice.size(); ++u)
        if (slice[u] == rank) return u;
    FAIL("rank " << rank << " has no unit");
    return 0;
}

int mpirun(int ranks, const std::string& args, const fs::path& out, const std::string& log) {
    const std::string command = "timeout 120 mpirun --allow-run-as-root --oversubscribe -n " + std::to_string(ranks) +
                                " " + std::string(RATEBENCH_MPI_BINARY) + " " + args + " --out " + out.string() +
                                " </dev/null >/dev/null 2>" + (out / log).string();
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

TEST_CASE("a rank failing mid-scenario ends the job with its error, and --resume reads back the units the ranks finished", "[mpi]") {
    // Rank 1 cannot write its first unit checkpoint (a directory stands where the file goes):
    // it reports, finishes and checkpoints its other units, and MPI_Abort ends the job. The
    // other ranks' units are checkpointed before they wait for rank 1. Resumed on 2 ranks, the
    // result equals one process's: units read back are the units computed again.
    const std::string args = "run lr.depth2-anisotropic --set bisection_seeds=16";  // 2.6 s of CPU
    const fs::path one = scratch_dir("mpi-fail-one"), out = scratch_dir("mpi-fail");
    REQUIRE(run_cli(args + " --out " + one.string()).exit_code == 0);
    const auto reference = nlohmann::json::parse(slurp(one / "lr.depth2-anisotropic.json"));

    ratebench::RunOptions options;
    options.ids = {"lr.depth2-anisotropic"};
    options.sets = {"bisection_seeds=16"};
    options.out = out.string();
    const ratebench::RunPlan plan = ratebench::plan_run(options);
    const fs::path blocker = out / ".units" / "lr.depth2-anisotropic" / reference.at("spec_hash").get<std::string>() /
                             (std::to_string(first_unit_of(plan.scenarios.at(0), 1, 3)) + ".cbor");
    fs::create_directories(blocker);

    const int failed = mpirun(3, args, out, "failed.err");
    const std::string failed_err = slurp(out / "failed.err");
    INFO(failed_err);
    REQUIRE(failed == 2);
    REQUIRE_THAT(failed_err, Contains("ratebench_mpi rank 1: error: lr.depth2-anisotropic: " + blocker.string() +
                                      ": cannot write a unit checkpoint"));
    REQUIRE(!fs::exists(out / "lr.depth2-anisotropic.json"));

    fs::remove(blocker);
    REQUIRE(mpirun(2, args + " --resume", out, "resumed.err") == 0);
    const std::string resumed_err = slurp(out / "resumed.err");
    INFO(resumed_err);
    REQUIRE_THAT(resumed_err, Contains(" of 881 units read back from checkpoints (--resume)"));
    const auto resumed = nlohmann::json::parse(slurp(out / "lr.depth2-anisotropic.json"));
    REQUIRE(resumed.at("digest") == reference.at("digest"));
    REQUIRE(!fs::exists(out / ".units"));
}
#endif
