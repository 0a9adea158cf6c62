#pragma once
// Chatterjee's local PL criterion (THEORY.md "deep"): with alpha(x0, r) the infimum of
// |grad f|^2 / f over the closed ball B(x0, r), 4 f(x0) < r^2 alpha(x0, r) makes GD with a small
// enough step stay in the ball and converge linearly to a zero of f. alpha is never computed
// exactly: a certified lower bound and a searched upper bound give three answers.
#include <string_view>

namespace ratebench {

enum class CriterionVerdict {
    certified,     // 4 f0 < r^2 alpha_cert: the criterion holds
    refuted,       // 4 f0 >= r^2 alpha_up: it fails for this r
    undetermined,  // the certificate is below the threshold and the search above it
};
std::string_view to_string(CriterionVerdict v);

// alpha_cert <= alpha(x0, r) <= alpha_up; alpha_cert < 0 means "no certificate" (never certified).
CriterionVerdict judge_criterion(double f0, double r, double alpha_cert, double alpha_up);

// The GD constants derived from the criterion (THEORY.md "deep"); beta bounds the Hessian norm
// over the ball (or estimates it: then so are theta and everything built on it).
struct GdConstants {
    double delta;        // 2 sqrt(f0 / alpha) / r, < 1 when the criterion holds
    double theta;        // 1 - beta eta / 2; the theorem needs theta > delta
    double rate_factor;  // 1 - eta theta alpha: f_k <= rate_factor^k f0
    double path_bound;   // 2 sqrt(f0) / (theta sqrt(alpha)): bounds the path length, < r
};
GdConstants gd_constants(double f0, double r, double alpha, double beta, double eta);

// The largest step the theorem allows, 2 (1 - delta) / beta (theta > delta).
double max_certified_step(double delta, double beta);

}  // namespace ratebench
