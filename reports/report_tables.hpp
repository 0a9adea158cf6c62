#pragma once
// The words and numbers of a report, once: both report.md and report.html render these
// tables, so the two formats cannot disagree.
#include "reports/result_set.hpp"

#include <string>
#include <vector>

namespace ratebench {

struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row_tags;  // per row, for styling (e.g. the verdict); may be empty
};

struct VerdictCounts {
    std::size_t pass = 0, fail = 0, out_of_scope = 0, undetermined = 0;
    std::size_t total() const { return pass + fail + out_of_scope + undetermined; }
};
VerdictCounts count_verdicts(const std::vector<Claim>& claims);
VerdictCounts count_verdicts(const ResultSet& set);

// "2 scenarios, 7 claims: 6 pass, 1 fail, 0 out of scope, 0 undetermined."
std::string summary_sentence(const ResultSet& set);
// Sum of the scenarios' wall-clock times (their `timings`).
double total_seconds(const ResultSet& set);

// One row per scenario: its verdict counts and time.
Table scenario_table(const ResultSet& set);
// Each environment field with its distinct values over the files (the date as a range), so
// results gathered from several machines or commits say so.
Table provenance_table(const ResultSet& set);
// A kernel file's benchmarks: median time per iteration, median GFLOP/s, repetitions.
Table kernel_table(const KernelFile& file);
// ratebench_kernels' names: kernel/K/SHAPE beside openblas/K/SHAPE and eigen/K/SHAPE (the same
// products as whole products), workload/W beside workload/W_openblas. One row per kernel:
// GFLOP/s, its share of the in-run OpenBLAS and Eigen figures (reference time over kernel
// time: the FLOPs are the same), and one per workload: time, OpenBLAS time, their ratio.
Table speed_table(const KernelFile& file);
Table workload_table(const KernelFile& file);
// "host vm, 2 CPUs at 2600 MHz, 2026-11-25T13:47:50+00:00": where the kernels ran.
std::string kernel_context(const KernelFile& file);
// A scenario's claims: id, statement, observed, predicted, tolerance, verdict, why; tagged by verdict.
Table claims_table(const ScenarioResult& result);
// "c = 1, d = 10, ...": the spec's parameters after overrides.
std::string parameters_text(const LoadedResult& r);

}  // namespace ratebench
