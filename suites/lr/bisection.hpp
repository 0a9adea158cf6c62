#pragma once
// Locates where "some run converges" turns into "no run converges" by bisection on eta (in
// units of eta*), from a bracket the caller's sweep measured. Midpoints are arithmetic: from
// [0.5, 2] eta* they are dyadic rationals, never exactly eta* (where convergence is power-law slow).
#include <vector>

namespace ratebench::lr {

struct Bracket {
    double lo = 0.0, hi = 0.0;  // a converging eta and a non-converging one above it
    bool valid = false;         // false: lo did not converge or hi did (no transition inside)
    std::vector<std::pair<double, bool>> probes;  // (eta, converged), in the order tried
};

// converges_at(eta) -> bool; stops when hi / lo - 1 <= width.
template <class Probe>
Bracket bisect_transition(Probe&& converges_at, double lo, double hi, double width) {
    Bracket b{lo, hi, false, {}};
    auto probe = [&](double eta) {
        const bool c = converges_at(eta);
        b.probes.emplace_back(eta, c);
        return c;
    };
    if (!probe(lo) || probe(hi)) return b;
    b.valid = true;
    while (b.hi / b.lo - 1.0 > width) {
        const double mid = 0.5 * (b.lo + b.hi);
        (probe(mid) ? b.lo : b.hi) = mid;
    }
    return b;
}

}  // namespace ratebench::lr
