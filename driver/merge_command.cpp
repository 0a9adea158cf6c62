// `ratebench merge SHARD_DIR... --out DIR`: every shard of every scenario is read and checked
// (all N present once, one spec, one commit, units covering the plan exactly once) before the
// first judge runs; the judge sees all runs in unit order, as in an unsharded run, so the
// merged file has the same digest. Any problem: exit 2, one line, nothing written.
#include "core/errors.hpp"
#include "driver/commands.hpp"
#include "driver/run_plan.hpp"
#include "reports/partial_file.hpp"
#include "reports/result_file.hpp"
#include "reports/result_set.hpp"
#include "suites/catalogue.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/core.h>
#include <map>
#include <ostream>
#include <tuple>

namespace ratebench {
namespace fs = std::filesystem;

namespace {

struct ShardFile {
    fs::path path;
    nlohmann::json file;
    ShardRecord record;
};

struct Merged {
    std::string scenario;
    fs::path path;
    nlohmann::json file;
    ScenarioResult result;
};

std::string short_hash(const std::string& hash) { return hash.substr(0, 12); }

// The shards of one scenario, sorted by index; throws InputError naming the first problem.
void check_shards(const std::string& scenario, std::vector<ShardFile>& shards) {
    std::sort(shards.begin(), shards.end(), [](const ShardFile& a, const ShardFile& b) {
        return std::tie(a.record.index, a.path) < std::tie(b.record.index, b.path);
    });
    const ShardFile& first = shards.front();
    const int count = first.record.count;
    for (const ShardFile& s : shards) {
        const std::string pair = first.path.string() + " and " + s.path.string();
        if (s.record.count != count)
            throw InputError(scenario + ": " + pair + " split the work differently (shard " +
                             std::to_string(first.record.index) + "/" + std::to_string(count) + " and " +
                             std::to_string(s.record.index) + "/" + std::to_string(s.record.count) +
                             "); merge the N shards of one run");
        if (s.file.at("spec_hash") != first.file.at("spec_hash"))
            throw InputError(scenario + ": " + pair + " come from different specs (spec hash " +
                             short_hash(first.file.at("spec_hash")) + "... and " +
                             short_hash(s.file.at("spec_hash")) +
                             "...); run every shard with the same parameters, profile, seed and data");
        if (s.record.commit != first.record.commit)
            throw InputError(scenario + ": " + pair + " come from different commits (" + first.record.commit +
                             " and " + s.record.commit + "); run every shard with the same build");
    }
    for (std::size_t i = 1; i < shards.size(); ++i)
        if (shards[i].record.index == shards[i - 1].record.index)
            throw InputError(scenario + ": shard " + std::to_string(shards[i].record.index) + "/" +
                             std::to_string(count) + " given twice: " + shards[i - 1].path.string() + " and " +
                             shards[i].path.string() + "; give each shard once");
    std::string missing;
    for (int k = 1, i = 0; k <= count; ++k) {
        if (i < static_cast<int>(shards.size()) && shards[static_cast<std::size_t>(i)].record.index == k) ++i;
        else missing += (missing.empty() ? "" : ", ") + std::to_string(k) + "/" + std::to_string(count);
    }
    if (!missing.empty())
        throw InputError(scenario + ": shard " + missing + " missing (found " + std::to_string(shards.size()) +
                         " of " + std::to_string(count) + "); run it with `ratebench run ... --shard K/" +
                         std::to_string(count) + "` and merge again");
    std::vector<int> owners(first.record.unit_count, 0);
    for (const ShardFile& s : shards)
        for (std::size_t u : s.record.units) ++owners.at(u);
    for (std::size_t u = 0; u < owners.size(); ++u)
        if (owners[u] != 1)
            throw InputError(scenario + ": unit " + std::to_string(u) + " is in " + std::to_string(owners[u]) +
                             " shards, not 1: the shards were planned over different scenario selections; "
                             "run every shard with the same ids, --suite, --filter or --all");
}

ScenarioContext context_of(const std::string& id, const nlohmann::json& file, const ShardRecord& record) {
    const auto& spec = file.at("spec");
    ScenarioContext ctx;
    ctx.scenario_id = id;
    ctx.params = spec.at("parameters").get<ParameterValues>();
    ctx.profile = spec.at("profile") == "full" ? Profile::full : Profile::quick;
    ctx.seed = spec.at("seed");
    const std::string data_sha = spec.at("data_sha256");
    if (!data_sha.empty()) {
        // The judge may read the data (notes, predictions): the same bytes the shards used.
        DataFile data = read_data_file(record.data_origin);
        if (data.sha256 != data_sha)
            throw InputError(record.data_origin + ": changed since the shards of " + id +
                             " ran (SHA-256 differs); merge needs the same --data file");
        ctx.data = std::move(data.data);
        ctx.data_origin = record.data_origin;
    }
    return ctx;
}

Merged merge_scenario(const std::string& id, const std::vector<ShardFile>& shards, const fs::path& out) {
    const Scenario* scenario = find_scenario(id);
    if (!scenario)
        throw InputError(shards.front().path.string() + ": scenario " + id + " is not in this ratebench's catalogue");
    const ShardFile& first = shards.front();
    const ScenarioContext ctx = context_of(id, first.file, first.record);
    std::vector<std::optional<Run>> slots(first.record.unit_count);
    double wall = 0;
    for (const ShardFile& s : shards) {
        std::vector<Run> runs = runs_from_json(s.file.at("runs"));
        for (std::size_t i = 0; i < runs.size(); ++i) slots[s.record.units[i]] = std::move(runs[i]);
        wall += s.file.at("timings").value("wall_seconds", 0.0);
    }
    std::vector<Run> runs;
    for (auto& r : slots) runs.push_back(std::move(*r));
    const auto& spec = first.file.at("spec");
    const ResultSpec result_spec{id, first.file.at("family"), first.file.at("paper"), spec.at("profile"),
                                 ctx.params, ctx.seed, spec.at("data_sha256")};
    if (spec_hash(result_spec) != first.file.at("spec_hash"))
        throw InputError(first.path.string() + ": spec hash does not match its spec (a different schema?)");
    ScenarioResult result = scenario->judge(ctx, std::move(runs));
    auto environment = ratebench::environment(ctx.threads);
    environment["merged_shards"] = std::to_string(first.record.count);
    nlohmann::json file = result_to_json(result_spec, result, environment, wall);
    return {id, result_path(out, id), std::move(file), std::move(result)};
}

std::vector<Merged> merge_all(const MergeOptions& o, std::ostream& err) {
    std::map<std::string, std::vector<ShardFile>> by_scenario;
    for (const std::string& input : o.inputs)
        for (const fs::path& path : json_files(input)) {
            nlohmann::json file = read_result_file(path);
            if (!is_partial(file)) {
                err << "ratebench: " << path.string() << ": a complete result, not a shard; ignored\n";
                continue;
            }
            ShardRecord record = shard_record(file, path);
            const std::string id = file.at("scenario");
            by_scenario[id].push_back({path, std::move(file), std::move(record)});
        }
    if (by_scenario.empty())
        throw InputError("no shard files (SCENARIO.shard-K-of-N.json) in the inputs; give the --out directories "
                         "of `ratebench run --shard K/N`");
    for (auto& [id, shards] : by_scenario) check_shards(id, shards);
    std::vector<Merged> merged;
    for (const auto& [id, shards] : by_scenario) merged.push_back(merge_scenario(id, shards, o.out));
    require_writable_dir(o.out);  // last: a refusal above must not leave even an empty --out
    return merged;
}

}  // namespace

int merge_command(const MergeOptions& o, std::ostream& out, std::ostream& err) {
    std::vector<Merged> merged;
    try {
        merged = merge_all(o, err);
    } catch (const InputError& e) {
        err << "ratebench: error: " << e.what() << '\n';
        return 2;
    }
    std::vector<std::pair<std::string, ScenarioResult>> results;
    for (Merged& m : merged) {
        write_result_atomically(m.path, m.file);
        err << fmt::format("{}: merged {} shards, {} runs, {} claims -> {}\n", m.scenario,
                           m.file.at("environment").at("merged_shards").get<std::string>(), m.result.runs.size(),
                           m.result.claims.size(), m.path.string());
        results.emplace_back(m.scenario, std::move(m.result));
    }
    return print_verdicts(results, out);
}

}  // namespace ratebench
