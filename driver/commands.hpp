#pragma once
// The subcommands behind apps/ratebench: everything but argument parsing. Each returns the
// process exit code (DESIGN.md s.1): 0 no claim failed, 1 a claim failed, 2 bad input.
#include "reports/compare.hpp"

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace ratebench {

struct ListOptions {
    std::vector<std::string> suites;  // families; empty: all
    std::string filter;
    bool json = false;
    bool markdown = false;  // the README's catalogue table
};
int list_command(const ListOptions& options, std::ostream& out);

struct RunOptions {
    std::vector<std::string> ids;
    std::vector<std::string> suites;  // families, repeatable
    std::string filter;
    bool all = false;
    std::string profile = "quick";
    std::vector<std::string> sets;
    std::string data;
    int threads = 1;
    std::uint64_t seed = 0;
    std::string out = "results";
    bool resume = false;
    std::string shard;  // "K/N" (driver/shard.hpp); empty: every unit
};
int run_command(const RunOptions& options, std::ostream& out, std::ostream& err);

// Reads result files (never re-runs anything) and writes report.md, report.html and figures.
struct ReportOptions {
    std::vector<std::string> inputs;  // result directories or files
    std::string out = "reports/out";
};
int report_command(const ReportOptions& options, std::ostream& out, std::ostream& err);

// The regression gate: 1 when current regressed against baseline (reports/compare.hpp).
struct CompareCommandOptions {
    std::string baseline, current;  // directories or files
    CompareOptions compare;
};
int compare_command(const CompareCommandOptions& options, std::ostream& out, std::ostream& err);

// Combines the partial files of `run --shard K/N` (all N shards of each scenario) into result
// files identical to an unsharded run's: the judge runs here, over all runs in unit order.
struct MergeOptions {
    std::vector<std::string> inputs;  // shard directories or files
    std::string out = "results";
};
int merge_command(const MergeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ratebench
