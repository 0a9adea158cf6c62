// Kernel throughput on Google Benchmark. The speed issue grows this into the full set of
// kernels and workloads with OpenBLAS references; for now it times the engine's hot paths.
#include "core/models/mlp.hpp"
#include "core/models/relu2.hpp"
#include "core/ntk.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace ratebench;

// One relu2 loss + gradient: two products of 2 n d m FLOPs each.
void relu2_loss_grad(benchmark::State& state) {
    const Eigen::Index n = state.range(0), d = state.range(1), m = state.range(2);
    Stream stream(0, "bench.relu2", 0);
    const Dataset data{unit_sphere_points(n, d, stream), gaussian_targets(n, 1, stream)};
    const Relu2 model(d, Relu2::random_signs(m, stream));
    const Eigen::VectorXd theta = model.init(stream);
    Eigen::VectorXd grad;
    for (auto _ : state) benchmark::DoNotOptimize(model.loss_grad(theta, data, grad));
    state.counters["FLOP/s"] = benchmark::Counter(4.0 * n * d * m, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(relu2_loss_grad)->ArgNames({"n", "d", "m"})->Args({512, 64, 8192})->Args({20, 10, 8000})->UseRealTime()->Unit(benchmark::kMillisecond);

// mlp forward + backward, tanh, 4 hidden layers.
void mlp_loss_grad(benchmark::State& state) {
    const Eigen::Index n = state.range(0), w = state.range(1);
    Stream stream(0, "bench.mlp", 0);
    const Dataset data{unit_sphere_points(n, n, stream), gaussian_targets(n, 1, stream)};
    const Mlp model(MlpShape{n, {w, w, w, w}, 1}, tanh_activation(), LossConvention::mean);
    const Eigen::VectorXd theta = model.init(stream);
    Eigen::VectorXd grad;
    for (auto _ : state) benchmark::DoNotOptimize(model.loss_grad(theta, data, grad));
}
BENCHMARK(mlp_loss_grad)->ArgNames({"n", "width"})->Args({256, 256})->UseRealTime()->Unit(benchmark::kMillisecond);

void ntk_infinite(benchmark::State& state) {
    Stream stream(0, "bench.ntk", 0);
    const Eigen::MatrixXd X = unit_sphere_points(state.range(0), 64, stream);
    for (auto _ : state) benchmark::DoNotOptimize(ntk_gram_relu_infinite(X));
}
BENCHMARK(ntk_infinite)->ArgNames({"n"})->Arg(512)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
