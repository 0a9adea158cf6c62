#pragma once
// What a scenario produces and every report reads: its runs (with sampled trajectories), its
// metrics and its judged claims. No formatting here; reports/ turns it into files.
#include "core/claims.hpp"
#include "core/train.hpp"

#include <map>
#include <string>
#include <vector>

namespace ratebench {

using Metrics = std::map<std::string, double>;  // ordered: files and digests are stable

struct Run {
    std::string label;  // e.g. "replicate 3"
    Metrics parameters;
    Trajectory trajectory;
    Metrics metrics;
};

struct ScenarioResult {
    std::vector<Run> runs;
    Metrics metrics;
    std::vector<Claim> claims;
    std::vector<std::string> notes;  // conventions and what the user should know (e.g. --data)
};

}  // namespace ratebench
