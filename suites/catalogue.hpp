#pragma once
// The one registry that `list`, `run`, filters and reports read.
#include "suites/scenario.hpp"

#include <span>
#include <string>
#include <vector>

namespace ratebench {

std::span<const Scenario> catalogue();

// Families, each in its own file.
std::vector<Scenario> relu2_scenarios();
std::vector<Scenario> linear_scenarios();
std::vector<Scenario> deep_scenarios();
std::vector<Scenario> lr_scenarios();

const Scenario* find_scenario(const std::string& id);

// Up to `count` catalogue ids closest to `id` by edit distance, for "did you mean" messages.
std::vector<std::string> closest_ids(const std::string& id, std::size_t count = 3);

// Scenarios named by ids (exact), by families (any of `suites`) and by a regular expression on
// the id; all of them when `all`. Throws InputError for an unknown id (naming the closest), an
// unknown suite, a bad regex, or a selection that is empty.
std::vector<const Scenario*> select_scenarios(const std::vector<std::string>& ids,
                                              const std::vector<std::string>& suites,
                                              const std::string& filter, bool all);

}  // namespace ratebench
