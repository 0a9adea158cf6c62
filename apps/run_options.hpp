#pragma once
// The options of `run`, shared by ratebench and ratebench_mpi: one command line for both.
#include "driver/commands.hpp"
#include "suites/catalogue.hpp"

#include <CLI/CLI.hpp>
#include <string>

namespace ratebench {

inline CLI::App* add_run_subcommand(CLI::App& app, RunOptions& run) {
    auto* cmd = app.add_subcommand("run", "Run scenarios, write one result file each, print verdicts");
    cmd->add_option("ids", run.ids, "Scenario ids (see `ratebench list`)");
    cmd->add_option("--suite", run.suites, "Every scenario of this family (repeatable)");
    cmd->add_option("--filter", run.filter, "Every scenario whose id matches this regular expression");
    cmd->add_flag("--all", run.all, "The whole catalogue");
    cmd->add_option("--profile", run.profile, "quick or full")->capture_default_str();
    cmd->add_option("--set", run.sets, "key=value: override a scenario parameter (repeatable)");
    cmd->add_option("--data", run.data, "CSV file replacing the generated data (last column: target)");
    cmd->add_option("--threads", run.threads, "OpenMP threads (results do not depend on it)")->capture_default_str();
    cmd->add_option("--seed", run.seed, "Seed of every random stream")->capture_default_str();
    cmd->add_option("--out", run.out, "Directory for the result files")->capture_default_str();
    cmd->add_flag("--resume", run.resume, "Skip scenarios whose result file is complete with the same spec");
    cmd->add_option("--shard", run.shard,
                    "K/N: run only the K-th of N cost-balanced slices of all units and write partial files "
                    "(combine them with `ratebench merge`)");
    std::string scenarios = "\nScenarios (parameters: `ratebench list`):\n";
    for (const Scenario& s : catalogue()) scenarios += "  " + s.id + "\n";
    cmd->footer(scenarios + "\nExit codes: 0 no claim failed, 1 a claim failed, 2 bad input.");
    return cmd;
}

}  // namespace ratebench
