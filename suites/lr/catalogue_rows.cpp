#include "suites/catalogue.hpp"
#include "suites/lr/family.hpp"

namespace ratebench {

// In reading order: the toy 1/2 (xy - 1)^2, the depth-3 scalar chain, a depth-2 matrix net, the
// tanh neuron, then the tanh MLP with output bias.
std::vector<Scenario> lr_scenarios() { return lr::scenarios(); }

}  // namespace ratebench
