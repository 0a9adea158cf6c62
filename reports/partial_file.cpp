#include "reports/partial_file.hpp"

#include "core/errors.hpp"
#include "reports/digest.hpp"

#include <algorithm>

namespace ratebench {

using nlohmann::json;

json partial_result_to_json(const ResultSpec& spec, const ShardRecord& shard, const std::vector<Run>& runs,
                            const std::map<std::string, std::string>& environment, double wall_seconds) {
    json file = result_to_json(spec, ScenarioResult{runs, {}, {}, {}}, environment, wall_seconds);
    file["complete"] = false;
    file["shard"] = {{"index", shard.index},         {"count", shard.count},
                     {"units", shard.units},         {"unit_count", shard.unit_count},
                     {"commit", shard.commit},       {"data_origin", shard.data_origin}};
    file["digest"] = result_digest(file);
    return file;
}

std::filesystem::path shard_result_path(const std::filesystem::path& dir, const std::string& scenario,
                                        int index, int count) {
    return dir / (scenario + ".shard-" + std::to_string(index) + "-of-" + std::to_string(count) + ".json");
}

bool is_partial(const json& file) { return file.value("complete", true) == false; }

ShardRecord shard_record(const json& file, const std::filesystem::path& path) {
    const std::string name = path.string();
    if (!file.contains("shard")) throw InputError(name + ": not a shard's partial result (no 'shard' record)");
    ShardRecord s;
    try {
        const json& j = file.at("shard");
        s = ShardRecord{j.at("index"), j.at("count"), j.at("units"), j.at("unit_count"), j.at("commit"),
                        j.at("data_origin")};
    } catch (const json::exception& e) {
        throw InputError(name + ": malformed shard record: " + e.what());
    }
    const bool ordered = std::is_sorted(s.units.begin(), s.units.end()) &&
                         std::adjacent_find(s.units.begin(), s.units.end()) == s.units.end();
    const bool in_range = s.units.empty() || s.units.back() < s.unit_count;
    if (s.count < 1 || s.index < 1 || s.index > s.count || !ordered || !in_range ||
        s.units.size() != file.at("runs").size())
        throw InputError(name + ": inconsistent shard record (shard " + std::to_string(s.index) + "/" +
                         std::to_string(s.count) + ", " + std::to_string(s.units.size()) + " units, " +
                         std::to_string(file.at("runs").size()) + " runs)");
    return s;
}

void require_complete(const json& file, const std::filesystem::path& path) {
    if (!is_partial(file)) return;
    std::string which = "a partial result";
    if (file.contains("shard") && file["shard"].is_object())
        which += " (shard " + file["shard"].value("index", json()).dump() + "/" +
                 file["shard"].value("count", json()).dump() + " of `run --shard`)";
    throw InputError(path.string() + ": " + which +
                     "; combine all shards into complete files with `ratebench merge SHARD_DIR... --out DIR` first");
}

std::string source_commit(const std::map<std::string, std::string>& environment) {
    const auto commit = environment.find("git_commit"), dirty = environment.find("git_dirty");
    const std::string c = commit == environment.end() ? "unknown" : commit->second;
    return dirty != environment.end() && dirty->second == "true" ? c + "+dirty" : c;
}

}  // namespace ratebench
