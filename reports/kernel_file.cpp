#include "reports/kernel_file.hpp"

#include "core/errors.hpp"
#include "core/rates.hpp"

#include <algorithm>
#include <cmath>

namespace ratebench {

double KernelBenchmark::median_seconds() const { return median(seconds).value_or(NAN); }

std::optional<double> KernelBenchmark::median_flops() const { return median(flops); }

const KernelBenchmark* KernelFile::find(const std::string& name) const {
    for (const KernelBenchmark& b : benchmarks)
        if (b.name == name) return &b;
    return nullptr;
}

bool is_kernel_json(const nlohmann::json& j) {
    return j.is_object() && j.contains("context") && j["context"].is_object() && j.contains("benchmarks") &&
           j["benchmarks"].is_array();
}

namespace {
double seconds_per_unit(const std::string& unit, const std::filesystem::path& path) {
    if (unit == "ns") return 1e-9;
    if (unit == "us") return 1e-6;
    if (unit == "ms") return 1e-3;
    if (unit == "s") return 1.0;
    throw InputError(path.string() + ": unknown time_unit '" + unit + "'");
}
}  // namespace

KernelFile kernel_file_from_json(const nlohmann::json& j, const std::filesystem::path& path) {
    KernelFile file{path, {}, {}};
    for (const auto& [key, value] : j.at("context").items())
        if (value.is_string()) file.context[key] = value.get<std::string>();
        else if (value.is_primitive()) file.context[key] = value.dump();
    try {
        for (const auto& b : j.at("benchmarks")) {
            if (b.value("run_type", "iteration") != "iteration" || b.value("error_occurred", false)) continue;
            const std::string name = b.contains("run_name") ? b.at("run_name") : b.at("name");
            auto it = std::find_if(file.benchmarks.begin(), file.benchmarks.end(),
                                   [&](const KernelBenchmark& k) { return k.name == name; });
            if (it == file.benchmarks.end()) it = file.benchmarks.insert(file.benchmarks.end(), {name, {}, {}});
            it->seconds.push_back(b.at("real_time").get<double>() *
                                  seconds_per_unit(b.value("time_unit", "ns"), path));
            // ratebench_kernels reports GFLOP/s; older files FLOP/s.
            if (b.contains("GFLOP/s")) it->flops.push_back(b.at("GFLOP/s").get<double>() * 1e9);
            else if (b.contains("FLOP/s")) it->flops.push_back(b.at("FLOP/s").get<double>());
        }
    } catch (const nlohmann::json::exception& e) {
        throw InputError(path.string() + ": malformed Google Benchmark entry: " + e.what());
    }
    return file;
}

}  // namespace ratebench
