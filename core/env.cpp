#include "core/env.hpp"

#include <Eigen/Core>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <thread>

#ifndef RATEBENCH_SOURCE_DIR
#define RATEBENCH_SOURCE_DIR "."
#endif
#ifndef RATEBENCH_BUILD_FLAGS
#define RATEBENCH_BUILD_FLAGS "unknown"
#endif

namespace ratebench {
namespace {

std::string command_output(const std::string& command) {
    std::string out;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        std::array<char, 256> buffer{};
        while (fgets(buffer.data(), buffer.size(), pipe)) out += buffer.data();
        pclose(pipe);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

std::string cpu_model() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

std::string utc_now() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::array<char, 32> buffer{};
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(buffer.data(), buffer.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer.data();
}

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value ? value : fallback;
}

}  // namespace

std::map<std::string, std::string> environment(int threads) {
    const std::string git = "git -C '" RATEBENCH_SOURCE_DIR "' ";
    const std::string commit = command_output(git + "rev-parse HEAD 2>/dev/null");
    const std::string dirty = command_output(git + "status --porcelain 2>/dev/null | head -1");
    return {
        {"git_commit", commit.empty() ? "unknown" : commit},
        {"git_dirty", commit.empty() ? "unknown" : (dirty.empty() ? "false" : "true")},
        {"compiler", "g++ " __VERSION__},
        {"flags", RATEBENCH_BUILD_FLAGS},
        {"eigen", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) +
                      "." + std::to_string(EIGEN_MINOR_VERSION)},
        {"simd", Eigen::SimdInstructionSetsInUse()},
        {"blas", "none (Eigen)"},
        {"cpu", cpu_model()},
        {"cores", std::to_string(std::thread::hardware_concurrency())},
        {"threads", std::to_string(threads)},
        {"omp", "OMP_NUM_THREADS=" + env_or("OMP_NUM_THREADS", "unset") +
                    " OMP_PROC_BIND=" + env_or("OMP_PROC_BIND", "unset")},
        {"date", utc_now()},
    };
}

}  // namespace ratebench
