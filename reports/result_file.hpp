#pragma once
// One JSON file per scenario (DESIGN.md s.5; schema in reports/schema/result.schema.json).
// Written atomically (temporary file, then rename): an interrupted run leaves either the old
// file or the new one, never half of one.
#include "core/result.hpp"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace ratebench {

inline constexpr int kSchemaVersion = 1;

struct ResultSpec {
    std::string scenario, family, paper, profile;
    std::map<std::string, double> parameters;
    std::uint64_t seed = 0;
    std::string data_sha256;  // empty: generated data
};

// The spec hash: SHA-256 of the canonical {scenario, parameters, profile, seed, schema
// version, data hash}. Not threads, not --out.
std::string spec_hash(const ResultSpec& spec);

nlohmann::json result_to_json(const ResultSpec& spec, const ScenarioResult& result,
                              const std::map<std::string, std::string>& environment,
                              double wall_seconds);
ScenarioResult result_from_json(const nlohmann::json& file);

// A file's "runs" array, alone: what shard files hold and MPI ranks send. Doubles round-trip
// exactly (shortest form; NaN and infinities as strings), so runs judged after a round trip
// give the same claims and digest as runs judged where they were computed.
nlohmann::json runs_to_json(const std::vector<Run>& runs);
std::vector<Run> runs_from_json(const nlohmann::json& runs);

std::filesystem::path result_path(const std::filesystem::path& dir, const std::string& scenario);
void write_result_atomically(const std::filesystem::path& path, const nlohmann::json& file);

// The temporary file of a write in progress, or "": what a signal handler must remove (with
// unlink, which is async-signal-safe) so that an interruption leaves nothing half-written.
const char* pending_result_file();

// Reads and checks a result file: parses, schema version, required fields, digest. Throws
// InputError "path: problem" for a missing, truncated, corrupt or wrong-version file.
nlohmann::json read_result_file(const std::filesystem::path& path);

// The same checks on a file's bytes; `name` stands for the file in messages (the fuzz target
// feeds bytes here).
nlohmann::json parse_result_file(std::string_view bytes, const std::string& name);

}  // namespace ratebench
