#pragma once
// Google Benchmark's JSON output (--benchmark_format=json or --benchmark_out), as written by
// ratebench_kernels: per benchmark, the real time of each repetition and the FLOP/s counter
// where the kernel reports one. Aggregate rows (mean, median, stddev) are skipped: medians
// are taken here from the repetitions themselves.
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ratebench {

struct KernelBenchmark {
    std::string name;
    std::vector<double> seconds;  // real time per iteration, one value per repetition
    std::vector<double> flops;    // FLOP/s per repetition; empty when not reported

    double median_seconds() const;
    std::optional<double> median_flops() const;
};

struct KernelFile {
    std::filesystem::path path;
    std::map<std::string, std::string> context;  // the scalar fields of "context" (host, cpus, date)
    std::vector<KernelBenchmark> benchmarks;     // in file order

    const KernelBenchmark* find(const std::string& name) const;  // nullptr when absent
};

// A Google Benchmark file has an object "context" and an array "benchmarks".
bool is_kernel_json(const nlohmann::json& j);
// Throws InputError "path: problem" when an entry lacks its name or time.
KernelFile kernel_file_from_json(const nlohmann::json& j, const std::filesystem::path& path);

}  // namespace ratebench
