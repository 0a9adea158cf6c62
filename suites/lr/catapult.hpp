#pragma once
// lr.catapult: GD on the small tanh MLP between 2 / lambda_top and ~4 / lambda_top spikes the
// loss, then converges flatter; far above it diverges (Lewkowycz et al. 2020).
#include "suites/scenario.hpp"

namespace ratebench::lr {

Scenario catapult_scenario();

}  // namespace ratebench::lr
