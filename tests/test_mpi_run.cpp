// ratebench_mpi (DESIGN.md s.9): the units spread over 3 ranks give the digests of one process.
// Compiled only when CMake found MPI and built ratebench_mpi (tests/CMakeLists.txt).
#ifdef RATEBENCH_MPI_BINARY
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
#endif
