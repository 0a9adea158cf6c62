#pragma once
// Registration of the kernel benchmarks (bench/kernels.cpp) and of the whole workloads
// (bench/workloads.cpp).
namespace ratebench::bench {

void register_kernels();
void register_workloads();

}  // namespace ratebench::bench
