// Whole training runs, timed end to end (one iteration = one run), beside the same products
// through threaded OpenBLAS timed the same way. The shapes are the peer's
// (../shared/peers/torch_peer.py): what a user would otherwise run.
#include "bench/kernels.hpp"

#include "bench/references.hpp"
#include "bench/registration.hpp"
#include "core/models/linear_chain.hpp"
#include "core/models/relu2.hpp"
#include "core/optim/gradient_descent.hpp"
#include "core/sweep.hpp"

#include <cmath>
#include <omp.h>

namespace ratebench::bench {
namespace {

constexpr int kRelu2Steps = 200, kMlpSteps = 1000, kSweepSteps = 2000;
constexpr std::size_t kSweepEtas = 64, kSweepSeeds = 16;
const Shape kRelu2{512, 64, 8192, 0}, kMlp{256, 256, 256, 4}, kLinear{64, 16, 32, 2};

// steps of GD from theta; returns the final loss (reported as a counter: a sanity check that
// the run trained rather than diverged).
template <class Model>
double gradient_descent(const Model& model, const Dataset& data, Eigen::VectorXd theta, double eta, int steps) {
    GradientDescent gd({eta});
    Eigen::VectorXd grad;
    for (int t = 0; t < steps; ++t) {
        model.loss_grad(theta, data, grad);
        gd.step(theta, grad, nullptr);
    }
    return model.loss(theta, data);
}

void relu2_gd(benchmark::State& state) {
    Stream stream(0, "bench.workload.relu2", 0);
    const Dataset data{unit_sphere_points(kRelu2.n, kRelu2.d, stream), gaussian_targets(kRelu2.n, 1, stream)};
    const Relu2 model(kRelu2.d, Relu2::random_signs(kRelu2.width, stream));
    const Eigen::VectorXd theta = model.init(stream);
    double loss = 0;
    // eta below 2 / lambda_max(H) ~ 2 / (n / 4): stable, so the timing is of real training.
    for (auto _ : state) loss = gradient_descent(model, data, theta, 2.0 / kRelu2.n, kRelu2Steps);
    set_counters(state, kRelu2Steps, flops(kernel_spec("relu2_loss_grad").products(kRelu2)));
    state.counters["final_loss"] = loss;
}

void mlp_gd(benchmark::State& state) {
    Stream stream(0, "bench.workload.mlp", 0);
    const Dataset data{unit_sphere_points(kMlp.n, kMlp.d, stream), gaussian_targets(kMlp.n, 1, stream)};
    const Mlp model(MlpShape{kMlp.d, std::vector<Eigen::Index>(kMlp.layers, kMlp.width), 1}, tanh_activation(),
                    LossConvention::mean);
    const Eigen::VectorXd theta = model.init(stream);
    double loss = 0;
    for (auto _ : state) loss = gradient_descent(model, data, theta, 0.05, kMlpSteps);
    set_counters(state, kMlpSteps, flops(kernel_spec("mlp_loss_grad").products(kMlp)));
    state.counters["final_loss"] = loss;
}

// 64 step sizes log-spaced over [1e-3, 1] x 16 initialisations, 2000 GD steps each, runs
// spread over the threads by sweep() (one run per thread at a time, single-threaded inside).
void linear_sweep(benchmark::State& state) {
    Stream stream(0, "bench.workload.linear", 0);
    const Dataset data{unit_sphere_points(kLinear.n, kLinear.d, stream), gaussian_targets(kLinear.n, 1, stream)};
    const LinearChain model(kLinear.d, std::vector<Eigen::Index>(kLinear.layers, kLinear.width),
                            LossConvention::half_mean, 1.0 / std::sqrt(static_cast<double>(kLinear.width)));
    double converged = 0;
    for (auto _ : state) {
        const auto losses = sweep(kSweepEtas, kSweepSeeds, omp_get_max_threads(), [&](WorkUnit u) {
            Stream init(0, "bench.workload.linear.init", u.replicate);
            const double eta = std::pow(10.0, -3.0 + 3.0 * static_cast<double>(u.grid_index) / (kSweepEtas - 1));
            return gradient_descent(model, data, model.init(init), eta, kSweepSteps);
        });
        converged = 0;
        for (double loss : losses) converged += std::isfinite(loss) ? 1 : 0;
    }
    set_counters(state, double(kSweepEtas * kSweepSeeds) * kSweepSteps,
                 flops(kernel_spec("linear_chain_loss_grad").products(kLinear)));
    state.counters["finite_runs"] = converged;
}

// The products of `steps` steps of kernel `name`, as whole products through OpenBLAS.
void products_through_openblas(benchmark::State& state, const char* name, const Shape& shape, int steps) {
    ProductSet set(kernel_spec(name).products(shape));
    for (auto _ : state)
        for (int t = 0; t < steps; ++t) set.run_openblas();
    set_counters(state, steps, set.flops());
}

void finish(benchmark::internal::Benchmark* b) {
    b->Iterations(1)->UseRealTime()->Unit(benchmark::kSecond);
}

}  // namespace

void register_workloads() {
    finish(benchmark::RegisterBenchmark("workload/relu2_gd", relu2_gd));
    finish(benchmark::RegisterBenchmark("workload/relu2_gd_openblas", [](benchmark::State& s) {
        products_through_openblas(s, "relu2_loss_grad", kRelu2, kRelu2Steps);
    }));
    finish(benchmark::RegisterBenchmark("workload/mlp_gd", mlp_gd));
    finish(benchmark::RegisterBenchmark("workload/mlp_gd_openblas", [](benchmark::State& s) {
        products_through_openblas(s, "mlp_loss_grad", kMlp, kMlpSteps);
    }));
    finish(benchmark::RegisterBenchmark("workload/linear_sweep", linear_sweep));
}

}  // namespace ratebench::bench
