// `run --shard K/N`: this process runs its slice of all units of the selection and writes one
// partial file per scenario (an empty slice too, so that merge can tell a missing shard from
// an empty one). The judge does not run here: it needs every run, and runs at merge.
#include "core/errors.hpp"
#include "driver/interrupt.hpp"
#include "driver/run_plan.hpp"
#include "reports/partial_file.hpp"

#include <chrono>
#include <filesystem>
#include <fmt/core.h>
#include <omp.h>
#include <ostream>

namespace ratebench {
namespace fs = std::filesystem;

namespace {

// --resume: the shard file exists with the same slice, spec and commit (a shard of other code
// could not be merged with the rest).
bool resumable_shard(const fs::path& path, const std::string& hash, const ShardRecord& wanted,
                     std::ostream& err) {
    if (!fs::exists(path)) return false;
    try {
        const auto file = read_result_file(path);
        const ShardRecord found = shard_record(file, path);
        if (found.commit != wanted.commit) {
            err << "ratebench: " << path.string() << ": computed by commit " << found.commit
                << ", this is " << wanted.commit << "; running it again\n";
            return false;
        }
        return file.at("spec_hash") == hash && found == wanted;
    } catch (const InputError& e) {
        err << "ratebench: " << e.what() << "; running it again\n";
        return false;
    }
}

}  // namespace

int run_shard(const RunOptions& o, const RunPlan& plan, std::ostream& out, std::ostream& err) {
    const Shard shard = *plan.shard;
    std::vector<UnitCost> all;
    for (const PlannedScenario& p : plan.scenarios)
        for (std::size_t u = 0; u < p.units.size(); ++u) all.push_back({p.scenario->id, u, p.units[u].cost});
    const std::vector<int> slice = assign_slices(all, shard.count);

    omp_set_num_threads(o.threads);
    remove_pending_result_on_signal();
    const std::string commit = source_commit(environment(o.threads));
    UnitStore store(o.out, commit, o.resume, "ratebench", true, err);
    std::size_t first = 0, mine_total = 0;
    const std::size_t total = plan.scenarios.size();
    for (std::size_t i = 0; i < total; ++i) {
        const PlannedScenario& p = plan.scenarios[i];
        ShardRecord record{shard.index, shard.count, {}, p.units.size(), commit, o.data};
        for (std::size_t u = 0; u < p.units.size(); ++u)
            if (slice[first + u] == shard.index - 1) record.units.push_back(u);
        first += p.units.size();
        mine_total += record.units.size();

        const fs::path path = shard_result_path(o.out, p.scenario->id, shard.index, shard.count);
        const std::string tag = fmt::format("[{}/{}] {} shard {}", i + 1, total, p.scenario->id, to_string(shard));
        if (o.resume && resumable_shard(path, spec_hash(p.spec), record, err)) {
            err << tag << ": done with the same spec and commit, skipped (--resume)\n";
            continue;
        }
        const auto t0 = std::chrono::steady_clock::now();
        UnitRuns done;
        try {
            done = store.run(p, p.ctx, record.units, UnitStore::LastBatch::skip);  // the partial file follows
        } catch (const InputError& e) {
            err << "ratebench: error: " << p.scenario->id << ": " << e.what() << '\n';
            return 2;
        }
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        write_result_atomically(path, partial_result_to_json(p.spec, record, done.runs, environment(o.threads), wall));
        store.remove_files(done, p.scenario->id);
        err << fmt::format("{}: {} of {} units{}, {:.1f} s -> {}\n", tag, record.units.size(), p.units.size(),
                           done.reused ? fmt::format(" ({} read back from checkpoints, --resume)", done.reused) : "",
                           wall, path.string());
    }
    store.remove_root_if_empty();
    out << fmt::format("shard {}: {} of {} units of {} scenarios; no verdicts until all {} shards are merged "
                       "(ratebench merge)\n",
                       to_string(shard), mine_total, all.size(), total, shard.count);
    return 0;
}

}  // namespace ratebench
