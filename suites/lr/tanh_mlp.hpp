#pragma once
// lr.tanh-mlp: the non-linear validation of THEORY.md "linear and lr". A small tanh MLP with an
// output bias under the loss 1/(2n) sum e_i^2 has Hessian entry 1 on the bias at every
// interpolating minimum, so every minimum has sharpness >= 1 and eta* <= 2: GD swept over
// absolute eta x seeds never converges above eta = 2.
#include "suites/scenario.hpp"

namespace ratebench::lr {

Scenario tanh_mlp_scenario();

}  // namespace ratebench::lr
