#include "bench/registration.hpp"

#include "bench/references.hpp"

namespace ratebench::bench {

Shape shape_of(const benchmark::State& state, const ArgNames& names) {
    Shape s;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const Eigen::Index v = state.range(static_cast<int>(i));
        if (names[i] == "n") s.n = v;
        else if (names[i] == "d") s.d = v;
        else if (names[i] == "m" || names[i] == "width") s.width = v;
        else if (names[i] == "layers") s.layers = v;
    }
    return s;
}

void set_counters(benchmark::State& state, double steps, double flops_per_step, double bytes_per_step) {
    using benchmark::Counter;
    state.counters["steps/s"] = Counter(steps, Counter::kIsIterationInvariantRate);
    state.counters["GFLOP/s"] = Counter(steps * flops_per_step * 1e-9, Counter::kIsIterationInvariantRate);
    if (bytes_per_step > 0)
        state.counters["bytes/s"] = Counter(steps * bytes_per_step, Counter::kIsIterationInvariantRate);
}

void register_kernel(const std::string& name, const ArgNames& names, const std::vector<int64_t>& args,
                     std::function<void(benchmark::State&, const Shape&)> body, double bytes_per_step) {
    const KernelSpec& spec = kernel_spec(name);
    auto finish = [](benchmark::internal::Benchmark* b, const ArgNames& arg_names, const std::vector<int64_t>& a) {
        b->ArgNames(arg_names)->Args(a)->UseRealTime()->Unit(benchmark::kMillisecond);
    };
    finish(benchmark::RegisterBenchmark(("kernel/" + name).c_str(),
                                        [=, &spec](benchmark::State& state) {
                                            const Shape shape = shape_of(state, names);
                                            body(state, shape);
                                            set_counters(state, 1, flops(spec.products(shape)), bytes_per_step);
                                        }),
           names, args);
    for (const bool openblas : {true, false}) {
        finish(benchmark::RegisterBenchmark(((openblas ? "openblas/" : "eigen/") + name).c_str(),
                                            [=, &spec](benchmark::State& state) {
                                                ProductSet set(spec.products(shape_of(state, names)));
                                                for (auto _ : state) openblas ? set.run_openblas() : set.run_eigen();
                                                set_counters(state, 1, set.flops());
                                            }),
               names, args);
    }
}

}  // namespace ratebench::bench
