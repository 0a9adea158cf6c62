#include "reports/result_set.hpp"

#include "core/errors.hpp"
#include "reports/partial_file.hpp"
#include "reports/result_file.hpp"

#include <algorithm>
#include <fstream>

namespace ratebench {

namespace fs = std::filesystem;

std::vector<fs::path> json_files(const fs::path& input) {
    if (fs::is_regular_file(input)) return {input};
    if (!fs::is_directory(input)) throw InputError(input.string() + ": no such file or directory");
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(input))
        if (entry.is_regular_file() && entry.path().extension() == ".json" &&
            entry.path().filename().string()[0] != '.')
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

namespace {

// Google Benchmark files are recognised by content; anything else must be a result file.
std::optional<nlohmann::json> kernel_json(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && is_kernel_json(j)) return j;
    return std::nullopt;
}

}  // namespace

LoadedResult loaded_result(const nlohmann::json& file, const fs::path& path) {
    try {
        require_complete(file, path);
        LoadedResult r;
        r.path = path;
        r.scenario = file.at("scenario");
        r.family = file.at("family");
        r.paper = file.value("paper", "");
        r.profile = file.at("spec").at("profile");
        const nlohmann::json& seed = file.at("spec").at("seed");
        // A float seed would be cast to an integer: undefined behaviour out of range.
        if (!seed.is_number_integer()) throw InputError(path.string() + ": spec.seed is not an integer");
        r.seed = seed;
        r.parameters = file.at("spec").at("parameters").get<std::map<std::string, double>>();
        r.spec_hash = file.at("spec_hash");
        r.digest = file.at("digest");
        r.environment = file.value("environment", std::map<std::string, std::string>{});
        r.wall_seconds = file.contains("timings") ? file["timings"].value("wall_seconds", 0.0) : 0.0;
        r.result = result_from_json(file);
        return r;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path.string() + ": malformed content: " + e.what());
    }
}

ResultSet load_result_set(const std::vector<fs::path>& inputs) {
    ResultSet set;
    for (const fs::path& input : inputs)
        for (const fs::path& path : json_files(input)) {
            if (const auto j = kernel_json(path)) {
                set.kernels.push_back(kernel_file_from_json(*j, path));
                continue;
            }
            LoadedResult r = loaded_result(read_result_file(path), path);
            for (const LoadedResult& seen : set.results)
                if (seen.scenario == r.scenario)
                    throw InputError(path.string() + ": scenario " + r.scenario + " is also in " +
                                     seen.path.string() + " (give each scenario once)");
            set.results.push_back(std::move(r));
        }
    std::sort(set.results.begin(), set.results.end(),
              [](const LoadedResult& a, const LoadedResult& b) { return a.scenario < b.scenario; });
    return set;
}

}  // namespace ratebench
