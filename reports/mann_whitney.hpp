#pragma once
// The Mann-Whitney U test, the rank test asv and Google Benchmark's compare.py use to tell a
// real timing change from noise: it assumes no distribution, only that repetitions are
// independent.
#include <vector>

namespace ratebench {

// Two-sided p-value for "a and b come from one distribution". Exact (the distribution of U
// counted by recursion) for samples without ties of at most 20 each; otherwise the normal
// approximation with tie and continuity corrections. Both samples must be non-empty.
double mann_whitney_p(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ratebench
