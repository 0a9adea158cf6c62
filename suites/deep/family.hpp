#pragma once
// The deep family's scenarios (Chatterjee 2022, THEORY.md "deep").
#include "suites/scenario.hpp"

#include <vector>

namespace ratebench::deep {

std::vector<Scenario> scenarios();
Scenario toy_scenario();  // toys.cpp

}  // namespace ratebench::deep
