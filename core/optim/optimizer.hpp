#pragma once
// What the training loop needs of an optimiser. Optimisers see only flat parameter vectors, so
// every optimiser works with every model. Each also states the characteristic polynomial of
// its error recurrence on one quadratic mode of curvature lambda (monic, highest power first):
// the root moduli of that polynomial are the predicted per-step contraction of the mode.
#include "core/errors.hpp"

#include <Eigen/Core>
#include <cmath>
#include <concepts>
#include <optional>
#include <sstream>
#include <string>

namespace ratebench {

// step(w, g, oracle) advances w in place; g is the gradient at w (unused when
// gradient_at_iterate is false), oracle(x, grad) -> loss evaluates the gradient elsewhere.
template <class O>
concept Optimizer = requires(O o, const O& co, Eigen::VectorXd& theta, const Eigen::VectorXd& g,
                             double lambda) {
    co.params.validate();
    // True when step() uses the gradient at the current iterate, which the loop has computed
    // anyway; false when it evaluates the gradient elsewhere (Nesterov's look-ahead).
    { O::gradient_at_iterate } -> std::convertible_to<bool>;
    o.reset();
    { co.characteristic(lambda) } -> std::convertible_to<std::optional<Eigen::VectorXd>>;
};

// Names the optimiser, field, value and rule, e.g. "HeavyBall.beta = 1.2: must be in [0, 1)".
inline void require_param(bool ok, const char* optimizer, const char* field, double value,
                          const char* rule) {
    if (ok && std::isfinite(value)) return;
    std::ostringstream msg;
    msg.precision(17);
    msg << optimizer << "." << field << " = " << value << ": " << rule;
    throw InputError(msg.str());
}

}  // namespace ratebench
