#pragma once
// The sharpness claims of the linear and lr families count converged runs whose sharpness is out
// of range.
// Two cases leave the runs unable to decide them: no run converged (nothing to count), and a
// failure resting on sharpness values whose Lanczos residual is too large to trust.
#include "core/claims.hpp"

#include <string>

namespace ratebench {

inline Claim with_sharpness_evidence(Claim claim, long judged, long unresolved) {
    if (judged == 0) {
        claim.verdict = Verdict::undetermined;
        claim.why = "no run converged";
    } else if (unresolved > 0 && claim.verdict == Verdict::fail) {
        claim.verdict = Verdict::undetermined;
        claim.why = std::to_string(unresolved) + " sharpness value(s) with residual above 1e-6 relative";
    }
    return claim;
}

}  // namespace ratebench
