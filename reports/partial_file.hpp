#pragma once
// Partial result files (DESIGN.md s.9): what `run --shard K/N` writes for each scenario of the
// selection. Same schema as a complete file, with "complete": false, no claims, metrics or
// notes (the judge runs once, at merge, over all runs), and a "shard" record naming the slice,
// the units it holds and the commit that computed them. Its digest covers all of that, so a
// truncated or edited shard is caught on read like any result file.
#include "core/result.hpp"
#include "reports/result_file.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ratebench {

struct ShardRecord {
    int index = 1, count = 1;         // K/N
    std::vector<std::size_t> units;   // indices into the scenario's plan, ascending; runs match
    std::size_t unit_count = 0;       // units of the whole scenario
    std::string commit;               // source_commit() of the process that ran them
    std::string data_origin;          // the --data path as given, "" for generated data

    bool operator==(const ShardRecord&) const = default;
};

nlohmann::json partial_result_to_json(const ResultSpec& spec, const ShardRecord& shard,
                                      const std::vector<Run>& runs,
                                      const std::map<std::string, std::string>& environment,
                                      double wall_seconds);

// dir/SCENARIO.shard-K-of-N.json: every shard has its own name, so N shards may share a directory.
std::filesystem::path shard_result_path(const std::filesystem::path& dir, const std::string& scenario,
                                        int index, int count);

bool is_partial(const nlohmann::json& file);

// The shard record of a file read by read_result_file. Throws InputError "path: problem" when
// the record is missing or does not match the file's runs.
ShardRecord shard_record(const nlohmann::json& file, const std::filesystem::path& path);

// For readers of complete results only (report, compare, --resume): throws InputError naming
// the path and what to do when the file is a shard's partial result.
void require_complete(const nlohmann::json& file, const std::filesystem::path& path);

// The git commit (with "+dirty" for uncommitted changes) recorded in an environment(): shards
// of different code must not be merged.
std::string source_commit(const std::map<std::string, std::string>& environment);

}  // namespace ratebench
