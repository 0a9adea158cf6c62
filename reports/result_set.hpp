#pragma once
// What `report` and `compare` read: the result files and Google Benchmark files found in the
// directories (or files) named on the command line. Everything is read and checked before
// anything is written, so bad input costs nothing.
#include "core/result.hpp"
#include "reports/kernel_file.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ratebench {

// One result file: the ScenarioResult plus the file-level fields reports show.
struct LoadedResult {
    std::filesystem::path path;
    std::string scenario, family, paper, profile, spec_hash, digest;
    std::uint64_t seed = 0;
    std::map<std::string, double> parameters;
    std::map<std::string, std::string> environment;
    double wall_seconds = 0;
    ScenarioResult result;
};

struct ResultSet {
    std::vector<LoadedResult> results;  // ordered by scenario id
    std::vector<KernelFile> kernels;
};

// The *.json files of an input: itself if it is a file, else the directory's, sorted, hidden
// ones (a run's temporary files) skipped. Throws InputError when the input does not exist.
std::vector<std::filesystem::path> json_files(const std::filesystem::path& input);

// Each input is a directory (its *.json files; hidden files, e.g. a run's temporary files,
// are skipped) or one JSON file. A JSON file is a Google Benchmark file when it looks like
// one, otherwise it must be a valid result file (read_result_file checks the digest). Throws
// InputError naming the path for a missing input, a bad file, or a scenario found twice.
ResultSet load_result_set(const std::vector<std::filesystem::path>& inputs);

// The fields reports show, from a file read_result_file accepted; a field of the wrong type
// is an InputError naming the path.
LoadedResult loaded_result(const nlohmann::json& file, const std::filesystem::path& path);

}  // namespace ratebench
