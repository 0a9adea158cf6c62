#pragma once
// Registers kernel benchmarks under names tools can find: kernel/NAME for ratebench's own
// kernel, openblas/NAME and eigen/NAME for the same products as whole products (the in-run
// references), workload/NAME for whole training runs. Shapes are named arguments; every
// benchmark uses real time (the kernels are multi-threaded) and reports steps/s and GFLOP/s.
#include "bench/products.hpp"

#include <benchmark/benchmark.h>
#include <functional>
#include <initializer_list>
#include <string>

namespace ratebench::bench {

// Named shape arguments in order, e.g. {"n", "d", "m"}; "m" is relu2's width.
using ArgNames = std::vector<std::string>;

Shape shape_of(const benchmark::State& state, const ArgNames& names);

// steps/s and GFLOP/s for `steps` kernel calls of `flops_per_step` FLOPs an iteration, and
// bytes/s when bytes_per_step > 0 (memory-bound kernels).
void set_counters(benchmark::State& state, double steps, double flops_per_step, double bytes_per_step = 0.0);

// kernel/NAME, openblas/NAME and eigen/NAME at one shape. body(state, shape) times the kernel
// itself and sets no counters: FLOPs come from NAME's products.
void register_kernel(const std::string& name, const ArgNames& names, const std::vector<int64_t>& args,
                     std::function<void(benchmark::State&, const Shape&)> body, double bytes_per_step = 0.0);

}  // namespace ratebench::bench
