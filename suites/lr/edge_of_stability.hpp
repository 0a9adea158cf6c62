#pragma once
// lr.edge-of-stability: full-batch GD on the small tanh MLP; the sharpness trace rises to 2/eta
// and stays near it while the loss falls non-monotonically (Cohen et al. 2021).
#include "suites/scenario.hpp"

namespace ratebench::lr {

Scenario edge_of_stability_scenario();

}  // namespace ratebench::lr
