// No heap allocation inside a training step (DESIGN.md s.7): every allocation of this
// process, through operator new or malloc (Eigen allocates with malloc), is counted, and a
// step after the first (which sizes the per-thread workspaces) must count none, at 2 threads.
// Its own executable: the counting replaces the allocator of the whole process.
#include "core/data.hpp"
#include "core/models/linear_chain.hpp"
#include "core/models/mlp.hpp"
#include "core/models/relu2.hpp"
#include "core/optim/gradient_descent.hpp"

#include <catch2/catch.hpp>
#include <omp.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// glibc's own allocator under its exported internal names: the replacement only counts.
extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
void __libc_free(void*);

void* malloc(std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_malloc(size);
}
void* calloc(std::size_t count, std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_calloc(count, size);
}
void* realloc(void* p, std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_realloc(p, size);
}
void* aligned_alloc(std::size_t alignment, std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return __libc_memalign(alignment, size);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t size) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    *out = __libc_memalign(alignment, size);
    return *out ? 0 : ENOMEM;
}
void free(void* p) { __libc_free(p); }
}

void* operator new(std::size_t size) {
    if (void* p = malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { free(p); }
void operator delete(void* p, std::size_t) noexcept { free(p); }

namespace {

using namespace ratebench;

// Allocations during `steps` GD steps of `model`, after one warm-up step.
template <class Model>
long allocations_per_steps(const Model& model, const Dataset& data, int steps) {
    Stream init(7, "test.allocations", 0, "init");
    Eigen::VectorXd theta = model.init(init), grad;
    GradientDescent gd({1e-3});
    model.loss_grad(theta, data, grad);
    gd.step(theta, grad, nullptr);
    const long before = g_allocations.load();
    for (int t = 0; t < steps; ++t) {
        model.loss_grad(theta, data, grad);
        gd.step(theta, grad, nullptr);
    }
    return g_allocations.load() - before;
}

Dataset sphere_data(Eigen::Index n, Eigen::Index d) {
    Stream s(7, "test.allocations", 0, "data");
    return Dataset{unit_sphere_points(n, d, s), gaussian_targets(n, 1, s)};
}

TEST_CASE("the counting allocator sees Eigen's and the standard library's allocations", "[allocations]") {
    const long before = g_allocations.load();
    const Eigen::MatrixXd m = Eigen::MatrixXd::Ones(40, 40);
    const std::vector<int> v(100, 1);
    CHECK(g_allocations.load() - before >= 2);
    CHECK(m.sum() + v.size() > 0);
}

TEST_CASE("a GD step allocates nothing, at 2 threads, for relu2, tanh mlp, linear_net and the linear chain",
          "[allocations]") {
    const int saved = omp_get_max_threads();
    omp_set_num_threads(2);
    {
        Stream s(7, "test.allocations", 0, "signs");
        // The benchmark's n and d; m = 2000: seven blocks of 256 and a shorter last one over
        // the two threads.
        const Relu2 relu2(64, Relu2::random_signs(2000, s));
        CHECK(allocations_per_steps(relu2, sphere_data(512, 64), 5) == 0);
    }
    {
        // The benchmark's shape: 256^3 >= 2^20 multiply-adds a layer, the partitioned path.
        const Mlp mlp(MlpShape{256, {256, 256, 256, 256}, 1}, tanh_activation(), LossConvention::mean);
        CHECK(allocations_per_steps(mlp, sphere_data(256, 256), 5) == 0);
    }
    {
        const Mlp net = linear_net(16, {32, 32}, 1);
        CHECK(allocations_per_steps(net, sphere_data(64, 16), 5) == 0);
    }
    {
        const LinearChain chain(16, {32, 32});
        CHECK(allocations_per_steps(chain, sphere_data(64, 16), 5) == 0);
    }
    omp_set_num_threads(saved);
}

}  // namespace
