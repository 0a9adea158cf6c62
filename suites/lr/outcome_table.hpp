#pragma once
// The lr sweeps tabulate how their runs ended at each sweep point: counts from the runs'
// outcome.* flags (suites/lr/gd_run.hpp), and P(outcome) as the metrics
// "outcome.PARAM=VALUE.P_converged" (and P_diverged, P_bounded, P_stalled) the report plots
// against PARAM.
#include "core/result.hpp"

#include <string>

namespace ratebench::lr {

// A run's 0/1 metric `key`, false where absent.
inline bool flag(const Run& r, const std::string& key) {
    const auto it = r.metrics.find(key);
    return it != r.metrics.end() && it->second != 0.0;
}

struct OutcomeCounts {
    long n = 0, converged = 0, diverged = 0, bounded = 0, stalled = 0;

    void add(const Run& r) {
        ++n;
        converged += flag(r, "outcome.converged");
        diverged += flag(r, "outcome.diverged");
        bounded += flag(r, "outcome.bounded");
        stalled += flag(r, "outcome.stalled");
    }
};

// at = "PARAM=VALUE." of the sweep point.
inline void record_outcome_table(Metrics& m, const std::string& at, const OutcomeCounts& c) {
    const double n = static_cast<double>(c.n);
    m["outcome." + at + "P_converged"] = c.converged / n;
    m["outcome." + at + "P_diverged"] = c.diverged / n;
    m["outcome." + at + "P_bounded"] = c.bounded / n;
    m["outcome." + at + "P_stalled"] = c.stalled / n;
}

}  // namespace ratebench::lr
