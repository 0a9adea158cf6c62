#pragma once
// The linear family's scenarios (deep linear nets below eta*, THEORY.md "linear and lr").
#include "suites/scenario.hpp"

#include <vector>

namespace ratebench::linear {

std::vector<Scenario> scenarios();

}  // namespace ratebench::linear
