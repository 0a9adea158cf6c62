#include "suites/catalogue.hpp"
#include "suites/deep/family.hpp"

namespace ratebench {

// In reading order: certified runs, lazy scaling, init comparison, contrasts, toys.
std::vector<Scenario> deep_scenarios() { return deep::scenarios(); }

}  // namespace ratebench
