#pragma once
// Finished work units kept across an interruption (DESIGN.md s.9; the files are
// reports/unit_checkpoint.hpp). Every runner -- one process, a shard, each MPI rank -- runs its
// units through a UnitStore:
// - with --resume, units with a checkpoint of the same scenario, spec hash, commit and plan
//   are read back instead of run (whoever computed them: another rank count, a shard, a plain
//   run); a corrupt or mismatching file is ignored with one line on stderr, never an error;
// - every unit computed here is checkpointed about a second after it finishes, in batches (an
//   lr sweep finishes thousands of sub-millisecond units: a file each would cost more than the
//   units, and strain a cluster's file system); the last batch is written as soon as a unit
//   has failed, or when the slice is done and the process will wait for others (an MPI rank:
//   a rank that fails meanwhile then costs none of it), and otherwise left to the result or
//   partial file that is written next;
// - without --resume nothing is read (checkpoints left by an earlier run are overwritten, or
//   removed with the rest once the scenario's result file is written).
// Results never depend on any of this: a unit read back equals the unit computed again, bit
// for bit (runs_to_json round-trips exactly), so resumed runs have the digests of uninterrupted
// ones at any --threads and rank count.
#include "core/result.hpp"
#include "reports/unit_checkpoint.hpp"
#include "suites/scenario.hpp"

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace ratebench {

struct PlannedScenario;

struct UnitRuns {
    std::vector<Run> runs;     // in the order of the units asked for
    std::size_t reused = 0;    // of them, read back from checkpoints
    // The checkpoint files (written or read here) that hold none but these units: what a
    // shard's partial file makes redundant.
    std::vector<std::filesystem::path> files;
};

class UnitStore {
public:
    // `who` begins its stderr lines ("ratebench", "ratebench_mpi rank 2"); only a store that
    // reports (one per run: MPI ranks all read the same files) prints ignored checkpoints.
    UnitStore(std::filesystem::path out, std::string commit, bool resume, std::string who, bool reports,
              std::ostream& err);

    // Whether the units of a slice's last batch are checkpointed when all of them finished.
    enum class LastBatch { write, skip };

    // The runs of p's units at `indices` (plan indices), read back or computed over ctx.threads.
    // Throws what a unit throws, or InputError when a checkpoint cannot be written, after
    // checkpointing every unit that did finish.
    UnitRuns run(const PlannedScenario& p, const ScenarioContext& ctx, const std::vector<std::size_t>& indices,
                 LastBatch last);

    // The scenario's result file holds its runs: every checkpoint of it goes, of any spec.
    void remove_scenario(const std::string& scenario) const;
    // A shard's partial file holds these runs: their files go (and their directories, if empty).
    void remove_files(const UnitRuns& done, const std::string& scenario) const;
    // OUT/.units itself, when nothing is left in it.
    void remove_root_if_empty() const;

private:
    std::size_t read_back(const UnitCheckpointKey& key, const PlannedScenario& p,
                          const std::vector<std::size_t>& indices, std::vector<std::optional<Run>>& kept,
                          std::vector<std::filesystem::path>& files) const;

    std::filesystem::path out_;
    std::string commit_;
    bool resume_;
    std::string who_;
    bool reports_;
    std::ostream& err_;
};

}  // namespace ratebench
