// ratebench's kernels, one benchmark per kernel and shape, each beside the same products
// through OpenBLAS and Eigen (bench/registration.hpp).
#include "bench/kernels.hpp"

#include "bench/registration.hpp"
#include "core/models/linear_chain.hpp"
#include "core/models/relu2.hpp"
#include "core/ntk.hpp"

namespace ratebench::bench {
namespace {

struct Relu2Problem {
    Dataset data;
    Relu2 model;
    Eigen::VectorXd theta;
};

Relu2Problem relu2_problem(const Shape& s) {
    Stream stream(0, "bench.relu2", 0);
    Dataset data{unit_sphere_points(s.n, s.d, stream), gaussian_targets(s.n, 1, stream)};
    Relu2 model(s.d, Relu2::random_signs(s.width, stream));
    Eigen::VectorXd theta = model.init(stream);
    return {std::move(data), std::move(model), std::move(theta)};
}

struct MlpProblem {
    Dataset data;
    Mlp model;
    Eigen::VectorXd theta;
};

MlpProblem mlp_problem(const Shape& s, const Activation& activation) {
    Stream stream(0, "bench.mlp", 0);
    Dataset data{unit_sphere_points(s.n, s.d, stream), gaussian_targets(s.n, 1, stream)};
    Mlp model(MlpShape{s.d, std::vector<Eigen::Index>(s.layers, s.width), 1}, activation, LossConvention::mean);
    Eigen::VectorXd theta = model.init(stream);
    return {std::move(data), std::move(model), std::move(theta)};
}

// What outlives a block's forward pass: the activation pattern, one byte an entry (n x m),
// written by the forward pass and read by the backward (the pre-activations stay in registers).
double relu2_bytes(const Shape& s) { return 2.0 * static_cast<double>(s.n) * static_cast<double>(s.width); }

void relu2_loss_grad(benchmark::State& state, const Shape& s) {
    const Relu2Problem p = relu2_problem(s);
    Eigen::VectorXd grad;
    for (auto _ : state) benchmark::DoNotOptimize(p.model.loss_grad(p.theta, p.data, grad));
}

void relu2_hvp(benchmark::State& state, const Shape& s) {
    const Relu2Problem p = relu2_problem(s);
    for (auto _ : state) benchmark::DoNotOptimize(p.model.hvp(p.theta, p.theta, p.data));
}

void mlp_loss_grad(benchmark::State& state, const Shape& s, const Activation& activation) {
    const MlpProblem p = mlp_problem(s, activation);
    Eigen::VectorXd grad;
    for (auto _ : state) benchmark::DoNotOptimize(p.model.loss_grad(p.theta, p.data, grad));
}

void mlp_hvp(benchmark::State& state, const Shape& s, const Activation& activation) {
    const MlpProblem p = mlp_problem(s, activation);
    for (auto _ : state) benchmark::DoNotOptimize(p.model.hvp(p.theta, p.theta, p.data));
}

void linear_chain_loss_grad(benchmark::State& state, const Shape& s) {
    Stream stream(0, "bench.linear", 0);
    const Dataset data{unit_sphere_points(s.n, s.d, stream), gaussian_targets(s.n, 1, stream)};
    const LinearChain model(s.d, std::vector<Eigen::Index>(s.layers, s.width));
    const Eigen::VectorXd theta = model.init(stream);
    Eigen::VectorXd grad;
    for (auto _ : state) benchmark::DoNotOptimize(model.loss_grad(theta, data, grad));
}

void ntk_infinite(benchmark::State& state, const Shape& s) {
    Stream stream(0, "bench.ntk", 0);
    const Eigen::MatrixXd X = unit_sphere_points(s.n, s.d, stream);
    for (auto _ : state) benchmark::DoNotOptimize(ntk_gram_relu_infinite(X));
}

void ntk_empirical(benchmark::State& state, const Shape& s) {
    const Relu2Problem p = relu2_problem(s);
    for (auto _ : state) benchmark::DoNotOptimize(p.model.gram(p.theta, p.data.X));
}

}  // namespace

void register_kernels() {
    const ArgNames relu2_args{"n", "d", "m"}, mlp_args{"n", "d", "width", "layers"}, gram_args{"n", "d"};
    const Shape relu2_large{512, 64, 8192, 0}, relu2_small{20, 10, 8000, 0};
    for (const Shape& s : {relu2_large, relu2_small})
        register_kernel("relu2_loss_grad", relu2_args, {s.n, s.d, s.width}, relu2_loss_grad, relu2_bytes(s));
    register_kernel("relu2_hvp", relu2_args, {512, 64, 8192}, relu2_hvp, relu2_bytes(relu2_large));
    register_kernel("mlp_loss_grad", mlp_args, {256, 256, 256, 4},
                    [](benchmark::State& st, const Shape& s) { mlp_loss_grad(st, s, tanh_activation()); });
    register_kernel("mlp_hvp", mlp_args, {256, 256, 256, 4},
                    [](benchmark::State& st, const Shape& s) { mlp_hvp(st, s, tanh_activation()); });
    register_kernel("linear_net_loss_grad", mlp_args, {64, 16, 32, 2},
                    [](benchmark::State& st, const Shape& s) { mlp_loss_grad(st, s, identity()); });
    register_kernel("linear_net_hvp", mlp_args, {64, 16, 32, 2},
                    [](benchmark::State& st, const Shape& s) { mlp_hvp(st, s, identity()); });
    register_kernel("linear_chain_loss_grad", mlp_args, {64, 16, 32, 2}, linear_chain_loss_grad);
    register_kernel("ntk_infinite", gram_args, {512, 64}, ntk_infinite);
    register_kernel("ntk_empirical", relu2_args, {512, 64, 8192}, ntk_empirical);
}

}  // namespace ratebench::bench
