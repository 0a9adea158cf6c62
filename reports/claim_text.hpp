#pragma once
// A claim as the columns of the report's claims table. The comparison kind decides how
// "predicted" and "tolerance" read (DESIGN.md s.4: reports read the kind; nothing else
// encodes how a claim is judged), so both report formats and compare say the same words.
#include "core/claims.hpp"

#include <string>

namespace ratebench {

struct ClaimText {
    std::string observed;   // the value, or "s/n = p" for probabilities, "k violations" for counts
    std::string predicted;  // the predicted value, or the bound / interval / threshold
    std::string tolerance;  // how the two are compared
    std::string verdict;    // a symbol and a word, readable without colour
};

ClaimText claim_text(const Claim& claim);

// "✓ pass", "✗ FAIL", "– out of scope", "? undetermined".
std::string verdict_text(Verdict verdict);

}  // namespace ratebench
