#pragma once
// What `run` does, split so that one process, a shard and MPI ranks share it: plan_run checks
// every input and plans every unit before anything runs; execute_run runs the scenarios in
// order through a UnitRunner (who computes which unit), judges and writes where the runner
// says; run_shard (driver/shard_run.cpp) writes a shard's partial files instead. Each process
// runs its units through a UnitStore (driver/unit_store.hpp), which keeps finished units for
// --resume until the scenario's file is written.
#include "core/env.hpp"
#include "core/result.hpp"
#include "driver/commands.hpp"
#include "driver/data_file.hpp"
#include "driver/shard.hpp"
#include "driver/unit_store.hpp"
#include "reports/partial_file.hpp"
#include "reports/result_file.hpp"
#include "suites/scenario.hpp"

#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ratebench {

struct PlannedScenario {
    const Scenario* scenario;
    ResultSpec spec;
    ScenarioContext ctx;  // no progress callback
    std::vector<UnitSpec> units;
};

struct RunPlan {
    std::vector<PlannedScenario> scenarios;
    std::optional<Shard> shard;
};

// Throws InputError for any bad input. Creates --out and checks that it is writable: every
// process writes there (result files, or its units' checkpoints).
RunPlan plan_run(const RunOptions& options);

// Who computes which unit, and where the finished runs come together.
class UnitRunner {
public:
    virtual ~UnitRunner() = default;
    // Runs a scenario's units, this process's through `store`; returns all its runs in unit
    // order, and how many of them all processes read back, on the writer; nothing elsewhere.
    virtual UnitRuns run(const PlannedScenario& planned, const ScenarioContext& ctx, UnitStore& store) = 0;
    // The one process that judges, writes result files and prints.
    virtual bool writer() const { return true; }
    // The writer's decision, made the same on every process (only the writer reads --out).
    virtual bool agree(bool writer_decision) { return writer_decision; }
    // Called after an error was reported: returns the exit code, or ends the job (MPI).
    virtual int fail(int exit_code) { return exit_code; }
    // How error lines begin: which program (and rank) is speaking.
    virtual std::string name() const { return "ratebench"; }
    virtual std::map<std::string, std::string> environment(int threads) const {
        return ratebench::environment(threads);
    }
    // The commit that unit checkpoints are keyed by, the same on every process.
    virtual std::string commit(int threads) { return source_commit(environment(threads)); }
};

// Every unit here, over --threads.
class LocalRunner final : public UnitRunner {
public:
    UnitRuns run(const PlannedScenario& planned, const ScenarioContext& ctx, UnitStore& store) override;
};

// Shared by run and merge.
void require_writable_dir(const std::filesystem::path& dir);  // creates it; InputError if not writable
// The verdict table on stdout; returns the exit code (1 when a claim failed).
int print_verdicts(const std::vector<std::pair<std::string, ScenarioResult>>& results, std::ostream& out);

int execute_run(const RunOptions& options, const RunPlan& plan, UnitRunner& runner, std::ostream& out,
                std::ostream& err);
int run_shard(const RunOptions& options, const RunPlan& plan, std::ostream& out, std::ostream& err);

}  // namespace ratebench
