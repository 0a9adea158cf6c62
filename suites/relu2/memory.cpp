#include "suites/memory_estimate.hpp"
#include "suites/relu2/family.hpp"

namespace ratebench::relu2 {

UnitMemory unit_memory(const ScenarioContext& ctx, const UnitSpec& unit) {
    const double n = ctx.data ? static_cast<double>(ctx.data->n()) : ctx.real("n");
    const double d = ctx.data ? static_cast<double>(ctx.data->d()) : ctx.real("d");
    const auto width = unit.parameters.find("m");  // lazy-width sweeps the width per unit
    const double m = width != unit.parameters.end() ? width->second : ctx.real("m");
    // Doubles: theta, theta0, the gradient, up to three optimiser vectors and two kept iterates
    // (8 of m d); pre-activations, the activation pattern and the frozen pre-activations of a
    // linearised net (3 of n m); the Grams H(0), H_inf, H(k), X X^T and the eigensolvers'
    // copies (8 of n n). Checked against the peak RSS of runs at m = 2e5 and n = 400 (README).
    UnitMemory memory = record_memory(samples_bound(ctx));
    memory.working = 8.0 * (8 * m * d + 3 * n * m + 8 * n * n + n * d);
    memory.sizes = "m, n, d, max_steps";
    return memory;
}

}  // namespace ratebench::relu2
