#pragma once
// Most lr claims count runs that break a rule ("no run converges above eta*", "every run
// diverges far above it"): the count is the observation, and none is allowed.
#include "core/claims.hpp"

#include <string>

namespace ratebench::lr {

inline Claim count_claim(std::string id, std::string statement, std::string paper_ref, std::string why,
                         long violations, std::string condition, std::string range) {
    return make_claim(std::move(id), std::move(statement), std::move(paper_ref), std::move(why),
                      static_cast<double>(violations),
                      comparison::Count{violations, 0, std::move(condition), std::move(range)});
}

}  // namespace ratebench::lr
