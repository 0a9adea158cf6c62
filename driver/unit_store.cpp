#include "driver/unit_store.hpp"

#include "core/errors.hpp"
#include "driver/run_plan.hpp"
#include "reports/result_file.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <optional>
#include <ostream>
#include <system_error>

namespace ratebench {
namespace fs = std::filesystem;

namespace {

// How long a finished unit may wait for its checkpoint: what an interruption can lose per
// process, beyond the units still running. Serialising the runs is most of the cost, the same
// for any batch size; the runs of a scenario that ends within the interval are never
// serialised twice (LastBatch::skip).
constexpr std::chrono::seconds kBatchInterval{1};

// Collects finished units from the sweep's threads and writes them as one checkpoint file
// whenever kBatchInterval has passed since the last write, on the thread that noticed (the
// others compute on meanwhile).
class CheckpointBatcher {
public:
    CheckpointBatcher(const fs::path& out, const UnitCheckpointKey& key)
        : out_(out), key_(key), last_write_(std::chrono::steady_clock::now()) {}

    void add(std::size_t unit, const Run& run) {
        Run copy = run;  // outside the lock
        std::vector<std::size_t> units;
        std::vector<Run> runs;
        {
            const std::lock_guard lock(mutex_);
            units_.push_back(unit);
            runs_.push_back(std::move(copy));
            const auto now = std::chrono::steady_clock::now();
            if (now - last_write_ < kBatchInterval) return;
            last_write_ = now;
            units.swap(units_);
            runs.swap(runs_);
        }
        write(units, runs);
    }

    // What is left, once the sweep is over.
    void flush() {
        std::vector<std::size_t> units;
        std::vector<Run> runs;
        {
            const std::lock_guard lock(mutex_);
            units.swap(units_);
            runs.swap(runs_);
        }
        if (!units.empty()) write(units, runs);
    }

    std::vector<fs::path> files() const {
        const std::lock_guard lock(mutex_);
        return files_;
    }

private:
    void write(const std::vector<std::size_t>& units, const std::vector<Run>& runs) {
        const fs::path path = write_unit_checkpoint(out_, key_, units, runs_to_json(runs));
        const std::lock_guard lock(mutex_);
        files_.push_back(path);
    }

    const fs::path& out_;
    const UnitCheckpointKey& key_;
    mutable std::mutex mutex_;
    std::chrono::steady_clock::time_point last_write_;
    std::vector<std::size_t> units_;
    std::vector<Run> runs_;
    std::vector<fs::path> files_;
};

// Why a checkpoint of `found` cannot stand for units of `wanted`, or "" when it can.
std::string mismatch(const UnitCheckpointKey& found, const UnitCheckpointKey& wanted) {
    if (found.commit != wanted.commit) return "computed by commit " + found.commit + ", this is " + wanted.commit;
    if (found.scenario != wanted.scenario || found.spec_hash != wanted.spec_hash)
        return "checkpoint of " + found.scenario + " spec " + found.spec_hash + ", not of this spec";
    if (found.unit_count != wanted.unit_count)
        return "planned " + std::to_string(found.unit_count) + " units, this plan has " +
               std::to_string(wanted.unit_count);
    return "";
}

}  // namespace

UnitStore::UnitStore(fs::path out, std::string commit, bool resume, std::string who, bool reports,
                     std::ostream& err)
    : out_(std::move(out)), commit_(std::move(commit)), resume_(resume), who_(std::move(who)),
      reports_(reports), err_(err) {}

UnitRuns UnitStore::run(const PlannedScenario& p, const ScenarioContext& ctx, const std::vector<std::size_t>& indices,
                        LastBatch last) {
    const UnitCheckpointKey key{p.scenario->id, spec_hash(p.spec), commit_, p.units.size()};
    UnitRuns done;
    std::vector<std::optional<Run>> kept(p.units.size());
    if (resume_) done.reused = read_back(key, p, indices, kept, done.files);
    std::vector<std::size_t> missing;
    for (std::size_t u : indices)
        if (!kept[u]) missing.push_back(u);

    CheckpointBatcher batcher(out_, key);
    std::vector<Run> computed;
    try {
        computed = run_units(*p.scenario, ctx, p.units, missing,
                             [&](std::size_t unit, const Run& run) { batcher.add(unit, run); });
    } catch (...) {
        try {
            batcher.flush();
        } catch (const InputError&) {
            // The unit's own error is the one to report; this one would only repeat it.
        }
        throw;
    }
    if (last == LastBatch::write) batcher.flush();
    const std::vector<fs::path> written = batcher.files();
    done.files.insert(done.files.end(), written.begin(), written.end());

    auto next = computed.begin();
    for (std::size_t u : indices) done.runs.push_back(kept[u] ? std::move(*kept[u]) : std::move(*next++));
    return done;
}

std::size_t UnitStore::read_back(const UnitCheckpointKey& key, const PlannedScenario& p,
                                 const std::vector<std::size_t>& indices, std::vector<std::optional<Run>>& kept,
                                 std::vector<fs::path>& files) const {
    const fs::path dir = unit_checkpoint_dir(out_, key);
    std::error_code ec;
    std::vector<fs::path> paths;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name[0] != '.' && it->path().extension() == ".cbor") paths.push_back(it->path());
    }
    std::sort(paths.begin(), paths.end());  // directory order is arbitrary; messages should not be

    std::vector<bool> wanted(p.units.size(), false);
    for (std::size_t u : indices) wanted[u] = true;
    std::size_t reused = 0, ignored = 0;
    std::string first_problem;
    for (const fs::path& path : paths) {
        try {
            UnitCheckpoint c = read_unit_checkpoint(path);
            if (const std::string why = mismatch(c.key, key); !why.empty()) throw InputError(path.string() + ": " + why);
            for (std::size_t i = 0; i < c.units.size(); ++i)
                if (c.runs[i].label != p.units[c.units[i]].label)
                    throw InputError(path.string() + ": unit " + std::to_string(c.units[i]) + " is '" +
                                     c.runs[i].label + "', the plan's is '" + p.units[c.units[i]].label + "'");
            bool only_these = true;
            for (std::size_t i = 0; i < c.units.size(); ++i) {
                const std::size_t u = c.units[i];
                only_these = only_these && wanted[u];
                if (wanted[u] && !kept[u]) {
                    kept[u] = std::move(c.runs[i]);
                    ++reused;
                }
            }
            if (only_these) files.push_back(path);
        } catch (const InputError& e) {
            if (ignored++ == 0) first_problem = e.what();
        }
    }
    if (ignored && reports_)
        err_ << who_ << ": " << key.scenario << ": " << ignored << " unit checkpoint file"
             << (ignored == 1 ? "" : "s") << " ignored, " << (ignored == 1 ? "its" : "their")
             << " units run again (" << first_problem << ")\n";
    return reused;
}

void UnitStore::remove_scenario(const std::string& scenario) const {
    std::error_code ec;  // a checkpoint that cannot be removed is only a stale cache entry
    fs::remove_all(scenario_checkpoint_dir(out_, scenario), ec);
}

void UnitStore::remove_files(const UnitRuns& done, const std::string& scenario) const {
    std::error_code ec;
    for (const fs::path& path : done.files) fs::remove(path, ec);
    // Only empty directories go (other shards may still write into them: their writes retry).
    const fs::path dir = scenario_checkpoint_dir(out_, scenario);
    std::vector<fs::path> specs;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) specs.push_back(it->path());
    for (const fs::path& spec : specs) fs::remove(spec, ec);
    fs::remove(dir, ec);
}

void UnitStore::remove_root_if_empty() const {
    std::error_code ec;
    fs::remove(out_ / ".units", ec);
}

}  // namespace ratebench
