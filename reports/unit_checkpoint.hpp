#pragma once
// Unit checkpoints (DESIGN.md s.9): finished work units of a scenario kept on disk until its
// result file (or a shard's partial file) holds them, so that `--resume` after an interruption,
// a kill or a failed MPI rank reruns only the units that never finished. One file holds a batch
// of units computed by one process:
//
//   OUT/.units/SCENARIO/SPEC_HASH/FIRST.cbor    FIRST = the batch's lowest unit index
//
// A cache, not a result: written atomically (temporary file, then rename) but not synced, and
// a file that does not read back whole, or belongs to another spec, commit or plan, is ignored
// by its reader and the units rerun. The bytes are a line "ratebench unit checkpoint 1 SHA256\n"
// and the CBOR of {scenario, spec_hash, commit, unit_count, units, runs}, SHA256 being the
// SHA-256 of the CBOR: an edited or truncated file is caught before it is parsed. The runs are
// the result file's "runs" JSON (runs_to_json), whose doubles round-trip exactly, so a unit read
// back gives the claims and digest of the unit computed again.
#include "core/result.hpp"

#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ratebench {

// What a checkpoint must match to be used: the same scenario and spec (hash), computed by the
// same commit (source_commit, as shards), over a plan of the same number of units.
struct UnitCheckpointKey {
    std::string scenario, spec_hash, commit;
    std::size_t unit_count = 0;

    bool operator==(const UnitCheckpointKey&) const = default;
};

struct UnitCheckpoint {
    UnitCheckpointKey key;
    std::vector<std::size_t> units;  // plan indices, one per run, each < key.unit_count
    std::vector<Run> runs;
};

// OUT/.units/SCENARIO: every checkpoint of a scenario, whatever its spec.
std::filesystem::path scenario_checkpoint_dir(const std::filesystem::path& out, const std::string& scenario);
// OUT/.units/SCENARIO/SPEC_HASH: the checkpoints of one spec.
std::filesystem::path unit_checkpoint_dir(const std::filesystem::path& out, const UnitCheckpointKey& key);

// Writes the units (non-empty) with their runs (runs_to_json of each, in the same order) into
// unit_checkpoint_dir(out, key) and returns the file's path. Safe to call from several threads
// at once for disjoint units. Throws InputError naming the path when it cannot write.
std::filesystem::path write_unit_checkpoint(const std::filesystem::path& out, const UnitCheckpointKey& key,
                                            const std::vector<std::size_t>& units, const nlohmann::json& runs);

// Reads and checks a checkpoint file (its SHA-256, fields and unit indices; not its key, which
// the caller compares). Throws InputError "path: problem" for a file that does not read back.
UnitCheckpoint read_unit_checkpoint(const std::filesystem::path& path);

}  // namespace ratebench
