#pragma once
// A grid of configurations x replicates, run as independent work units over OpenMP. Each unit
// is computed by one thread from its own seeded stream, and results come back in grid order
// (unit = grid_index * replicates + replicate), so they are bit-identical for any thread count
// and any schedule. With at least as many units as threads, units run in parallel and each
// unit's inner loops single-threaded (nested parallelism is off); with fewer, units run one
// after another and their inner loops (fixed blocks, DESIGN.md s.5) get the threads.
#include <cstddef>
#include <exception>
#include <optional>
#include <stdexcept>
#include <vector>

namespace ratebench {

struct WorkUnit {
    std::size_t grid_index;
    std::size_t replicate;
};

// f(WorkUnit) -> R for every unit. If units throw, the exception of the first unit in grid
// order is rethrown after all have finished, so which error surfaces is deterministic too.
template <class F>
auto sweep(std::size_t grid_size, std::size_t replicates, int threads, F&& f)
    -> std::vector<decltype(f(WorkUnit{}))> {
    using R = decltype(f(WorkUnit{}));
    if (threads < 1) throw std::invalid_argument("sweep: threads must be >= 1");
    const std::size_t units = grid_size * replicates;
    std::vector<std::optional<R>> slots(units);
    std::vector<std::exception_ptr> errors(units);
    const long count = static_cast<long>(units);
    const int across_units = count >= threads ? threads : 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(across_units)
    for (long u = 0; u < count; ++u) {
        const auto i = static_cast<std::size_t>(u);
        try {
            slots[i].emplace(f(WorkUnit{i / replicates, i % replicates}));
        } catch (...) {
            errors[i] = std::current_exception();
        }
    }
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
    std::vector<R> results;
    results.reserve(units);
    for (auto& s : slots) results.push_back(std::move(*s));
    return results;
}

}  // namespace ratebench
