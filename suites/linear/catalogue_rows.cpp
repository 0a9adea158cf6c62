#include "suites/catalogue.hpp"
#include "suites/linear/family.hpp"

namespace ratebench {

// In reading order: scalar chains, whitened matrix net, depth-2 anisotropic, numeric s_min.
std::vector<Scenario> linear_scenarios() { return linear::scenarios(); }

}  // namespace ratebench
