#pragma once
// Named tolerances for the tests, each with the reason for its size. Derived from double
// epsilon and the method's error order, never tuned to make a run pass.
#include <cmath>
#include <limits>

namespace ratebench::tol {

inline constexpr double eps = std::numeric_limits<double>::epsilon();

// Central differences with step eps^(1/3) have truncation and round-off errors of about
// eps^(2/3) ~ 4e-11 relative to the function's scale; 1e-6 leaves five orders of margin for
// curvature constants, while a wrong derivative is off by O(1).
inline constexpr double finite_difference = 1e-6;

// A linear recurrence evaluated two ways (vector optimiser against the scalar per-mode
// recurrence) drifts by at most a few eps per step, relative to the largest iterate seen.
inline double recurrence(long steps) { return 16.0 * eps * static_cast<double>(steps + 1); }

// Eigenvalues from Lanczos or a dense solver, relative to the operator's norm.
inline constexpr double eigenvalue = 1e-8;

}  // namespace ratebench::tol
