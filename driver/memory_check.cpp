#include "driver/memory_check.hpp"

#include "core/errors.hpp"
#include "suites/memory_estimate.hpp"

#include <algorithm>
#include <cstdlib>
#include <fmt/core.h>
#include <fstream>
#include <limits>
#include <string>

namespace ratebench {

namespace {

// One number from a file like /sys/fs/cgroup/memory.max, or nothing ("max", missing).
std::optional<double> number_in(const char* path) {
    std::ifstream in(path);
    double x = 0.0;
    if (in >> x) return x;
    return std::nullopt;
}

std::string gib(double bytes) { return fmt::format("{:.1f} GiB", bytes / (1024.0 * 1024.0 * 1024.0)); }

}  // namespace

double available_memory_bytes() {
    // A cap of its own, for a machine shared with other jobs (and for tests: a plan too large
    // for 1 GiB is refused whatever machine runs them).
    if (const char* cap = std::getenv("RATEBENCH_MEMORY_GIB")) {
        char* end = nullptr;
        const double gib = std::strtod(cap, &end);
        if (end == cap || *end != '\0' || !(gib > 0))
            throw InputError(std::string("RATEBENCH_MEMORY_GIB=") + cap + ": must be a number > 0 (GiB)");
        return gib * 1024.0 * 1024.0 * 1024.0;
    }
    double available = std::numeric_limits<double>::infinity();
    std::ifstream meminfo("/proc/meminfo");
    for (std::string key; meminfo >> key;) {
        double kib = 0.0;
        meminfo >> kib;
        if (key == "MemAvailable:") available = kib * 1024.0;
        meminfo.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    const auto limit = number_in("/sys/fs/cgroup/memory.max");
    const auto used = number_in("/sys/fs/cgroup/memory.current");
    if (limit && used) available = std::min(available, *limit - *used);
    return available;
}

void require_memory(const Scenario& scenario, const ScenarioContext& ctx, double available_bytes) {
    const PlanMemory plan = estimate_plan_memory(scenario, ctx);
    if (plan.bytes <= available_bytes) return;
    throw InputError(fmt::format(
        "{}: the plan needs about {} ({} units, {} at a time) but {} of memory is available; "
        "lower {} (--set), or --threads",
        scenario.id, gib(plan.bytes), plan.units, plan.concurrent, gib(available_bytes), plan.sizes));
}

}  // namespace ratebench
