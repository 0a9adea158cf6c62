// ratebench_kernels: Google Benchmark over ratebench's kernels, their OpenBLAS and Eigen
// references and the whole workloads. The context records what ran: OpenBLAS's kernel
// (OPENBLAS_CORETYPE can force a slower one) and the thread counts.
#include "bench/kernels.hpp"
#include "bench/references.hpp"
#include "core/vector_tanh.hpp"

#include <Eigen/Core>
#include <benchmark/benchmark.h>
#include <cstdlib>
#include <omp.h>
#include <string>

int main(int argc, char** argv) {
    using namespace ratebench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    // OpenBLAS gets as many threads as ratebench's own loops: the yardstick at equal cores.
    bench::set_openblas_threads(omp_get_max_threads());
    auto env = [](const char* name) {
        const char* v = std::getenv(name);
        return std::string(v ? v : "(unset)");
    };
    benchmark::AddCustomContext("omp_threads", std::to_string(omp_get_max_threads()));
    benchmark::AddCustomContext("openblas_threads", std::to_string(bench::openblas_threads()));
    benchmark::AddCustomContext("openblas_corename", bench::openblas_corename());
    benchmark::AddCustomContext("OPENBLAS_CORETYPE", env("OPENBLAS_CORETYPE"));
    benchmark::AddCustomContext("OPENBLAS_L2_SIZE", env("OPENBLAS_L2_SIZE"));
    benchmark::AddCustomContext("eigen_simd", Eigen::SimdInstructionSetsInUse());
    benchmark::AddCustomContext("tanh", vector_tanh_is_libmvec() ? "libmvec _ZGVeN8v_tanh" : "std::tanh");
    bench::register_kernels();
    bench::register_workloads();
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
