#include "core/deep/criterion.hpp"

#include <cmath>

namespace ratebench {

std::string_view to_string(CriterionVerdict v) {
    switch (v) {
        case CriterionVerdict::certified: return "certified";
        case CriterionVerdict::refuted: return "refuted";
        case CriterionVerdict::undetermined: return "undetermined";
    }
    return "";
}

CriterionVerdict judge_criterion(double f0, double r, double alpha_cert, double alpha_up) {
    if (alpha_cert >= 0 && 4.0 * f0 < r * r * alpha_cert) return CriterionVerdict::certified;
    if (4.0 * f0 >= r * r * alpha_up) return CriterionVerdict::refuted;
    return CriterionVerdict::undetermined;
}

GdConstants gd_constants(double f0, double r, double alpha, double beta, double eta) {
    GdConstants c{};
    c.delta = 2.0 * std::sqrt(f0 / alpha) / r;
    c.theta = 1.0 - beta * eta / 2.0;
    c.rate_factor = 1.0 - eta * c.theta * alpha;
    c.path_bound = 2.0 * std::sqrt(f0) / (c.theta * std::sqrt(alpha));
    return c;
}

double max_certified_step(double delta, double beta) { return 2.0 * (1.0 - delta) / beta; }

}  // namespace ratebench
