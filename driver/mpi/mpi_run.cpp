#include "driver/mpi/mpi_run.hpp"

#include "core/errors.hpp"
#include "driver/run_plan.hpp"
#include "driver/shard.hpp"

#include <chrono>
#include <climits>
#include <cstdint>
#include <fmt/core.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

namespace ratebench {

namespace {

// Each rank runs its slice of a scenario's units (assign_slices over the ranks: the same on
// every rank, no messages needed to agree on it) through its UnitStore, which checkpoints them
// in --out (a file system every rank shares) before the rank waits for the others: a rank that
// fails, or is killed, ends the job, and --resume reads back what every rank finished. The runs
// travel to rank 0 as CBOR of the result file's "runs" JSON (exact doubles), one MPI_Gatherv
// per scenario, and rank 0 puts them back in unit order. Rank 0 then judges and writes,
// exactly as one process would.
class MpiRunner final : public UnitRunner {
public:
    explicit MpiRunner(MPI_Comm comm) : comm_(comm) {
        MPI_Comm_rank(comm_, &rank_);
        MPI_Comm_size(comm_, &size_);
    }

    UnitRuns run(const PlannedScenario& p, const ScenarioContext& ctx, UnitStore& store) override {
        std::vector<UnitCost> costs;
        for (std::size_t u = 0; u < p.units.size(); ++u) costs.push_back({p.scenario->id, u, p.units[u].cost});
        const std::vector<int> slice = assign_slices(costs, size_);
        std::vector<std::size_t> mine;
        for (std::size_t u = 0; u < slice.size(); ++u)
            if (slice[u] == rank_) mine.push_back(u);
        const UnitRuns done = store.run(p, ctx, mine, UnitStore::LastBatch::write);  // before waiting for the others
        // The barrier separates waiting for the slowest rank (imbalance) from the exchange
        // itself (encode, gather, decode): the scheduling cost per unit.
        const auto t0 = std::chrono::steady_clock::now();
        MPI_Barrier(comm_);
        const auto t1 = std::chrono::steady_clock::now();
        UnitRuns gathered = gather(mine, done, p.units.size(), p.scenario->id);
        const auto t2 = std::chrono::steady_clock::now();
        wait_seconds_ += std::chrono::duration<double>(t1 - t0).count();
        exchange_seconds_ += std::chrono::duration<double>(t2 - t1).count();
        units_ += p.units.size();
        return gathered;
    }

    bool writer() const override { return rank_ == 0; }

    bool agree(bool writer_decision) override {
        int decision = writer_decision ? 1 : 0;
        MPI_Bcast(&decision, 1, MPI_INT, 0, comm_);
        return decision != 0;
    }

    int fail(int exit_code) override {
        if (size_ > 1) MPI_Abort(comm_, exit_code);  // the other ranks may wait in a collective
        return exit_code;
    }

    std::string name() const override { return "ratebench_mpi rank " + std::to_string(rank_); }

    // Rank 0's: every rank keys its checkpoints alike, and only one runs git.
    std::string commit(int threads) override {
        std::string commit = rank_ == 0 ? UnitRunner::commit(threads) : std::string();
        int length = static_cast<int>(commit.size());
        MPI_Bcast(&length, 1, MPI_INT, 0, comm_);
        commit.resize(static_cast<std::size_t>(length));
        MPI_Bcast(commit.data(), length, MPI_CHAR, 0, comm_);
        return commit;
    }

    std::map<std::string, std::string> environment(int threads) const override {
        auto env = UnitRunner::environment(threads);
        env["mpi_ranks"] = std::to_string(size_);
        return env;
    }

    // Rank 0's account of the exchange: what the README's scaling estimate is built from.
    std::string summary(int threads) const {
        const double per_unit = units_ ? 1e3 / static_cast<double>(units_) : 0.0;
        return fmt::format("ratebench_mpi: {} ranks x {} threads, {} units; gathered {} bytes ({:.0f} per unit) "
                           "in {:.4f} s ({:.3f} ms per unit: encode, gather, decode); "
                           "{:.3f} s waiting for the slowest rank\n",
                           size_, threads, units_, bytes_, static_cast<double>(bytes_) * per_unit / 1e3,
                           exchange_seconds_, exchange_seconds_ * per_unit, wait_seconds_);
    }

private:
    UnitRuns gather(const std::vector<std::size_t>& mine, const UnitRuns& done, std::size_t unit_count,
                    const std::string& scenario) {
        const std::vector<std::uint8_t> payload = nlohmann::json::to_cbor(
            nlohmann::json{{"units", mine}, {"runs", runs_to_json(done.runs)}, {"reused", done.reused}});
        if (payload.size() > static_cast<std::size_t>(INT_MAX))
            throw std::runtime_error(scenario + ": a rank's runs exceed 2 GiB; use more ranks");
        const int size = static_cast<int>(payload.size());
        std::vector<int> sizes(rank_ == 0 ? static_cast<std::size_t>(size_) : 0);
        MPI_Gather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, 0, comm_);
        std::vector<int> offsets(sizes.size());
        long long total = 0;
        for (std::size_t r = 0; r < sizes.size(); ++r) {
            if (total > INT_MAX) throw std::runtime_error(scenario + ": gathered runs exceed 2 GiB");
            offsets[r] = static_cast<int>(total);
            total += sizes[r];
        }
        std::vector<std::uint8_t> all(rank_ == 0 ? static_cast<std::size_t>(total) : 0);
        MPI_Gatherv(payload.data(), size, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE, 0, comm_);
        if (rank_ != 0) return {};
        bytes_ += static_cast<std::size_t>(total);
        UnitRuns ordered;
        std::vector<std::optional<Run>> slots(unit_count);
        for (std::size_t r = 0; r < sizes.size(); ++r) {
            const auto begin = all.begin() + offsets[r];
            const nlohmann::json part = nlohmann::json::from_cbor(begin, begin + sizes[r]);
            std::vector<Run> part_runs = runs_from_json(part.at("runs"));
            const auto units = part.at("units").get<std::vector<std::size_t>>();
            for (std::size_t i = 0; i < units.size(); ++i) slots.at(units[i]) = std::move(part_runs.at(i));
            ordered.reused += part.at("reused").get<std::size_t>();
        }
        for (auto& slot : slots) {
            if (!slot) throw std::runtime_error(scenario + ": a unit's run did not arrive at rank 0");
            ordered.runs.push_back(std::move(*slot));
        }
        return ordered;
    }

    MPI_Comm comm_;
    int rank_ = 0, size_ = 1;
    std::size_t units_ = 0, bytes_ = 0;
    double wait_seconds_ = 0, exchange_seconds_ = 0;
};

}  // namespace

int mpi_run_command(const RunOptions& o, MPI_Comm comm, std::ostream& out, std::ostream& err) {
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    RunPlan plan;
    std::string problem;
    try {
        if (!o.shard.empty())
            throw InputError("--shard " + o.shard + ": ratebench_mpi spreads the units over its ranks; "
                             "shard with the plain ratebench");
        plan = plan_run(o);  // every rank checkpoints its units in --out
    } catch (const InputError& e) {
        problem = e.what();
    }
    // Every rank learns whether any rank failed to plan, and the lowest such rank reports.
    int reporter = problem.empty() ? size : rank;
    MPI_Allreduce(MPI_IN_PLACE, &reporter, 1, MPI_INT, MPI_MIN, comm);
    if (reporter < size) {
        if (rank == reporter) err << "ratebench_mpi: error: " << problem << '\n';
        return 2;
    }
    MpiRunner runner(comm);
    const int code = execute_run(o, plan, runner, out, err);
    if (rank == 0) err << runner.summary(o.threads);
    return code;
}

}  // namespace ratebench
