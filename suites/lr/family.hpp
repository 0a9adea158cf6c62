#pragma once
// The lr family's scenarios: GD across eta* (THEORY.md "linear and lr").
#include "suites/scenario.hpp"

#include <vector>

namespace ratebench::lr {

std::vector<Scenario> scenarios();

}  // namespace ratebench::lr
