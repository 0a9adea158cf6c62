#pragma once
// How the deep family judges an in-scope run (DESIGN.md s.6 "deep"), from its metrics alone.
#include "core/claims.hpp"
#include "core/result.hpp"

#include <optional>
#include <span>
#include <string>

namespace ratebench::deep {

// The criterion and its consequences for one run: criterion-holds, certificate-consistent,
// path-length, path-bound-inside-ball, rate-bound, converges, late-slope, descent-inequality.
// Claim ids start with prefix.
void add_certified_claims(ScenarioResult& result, const std::string& prefix, const Run& run);

// The run's headline numbers (f0, r, alpha_cert, alpha_up, 4 f0 vs r^2 alpha, delta, theta,
// beta, ...) and its loss-and-bound curve, as scenario metrics under prefix.
void add_run_summary(ScenarioResult& result, const std::string& prefix, const Run& run);

// Sets `predicted` (for display) of every one-sided claim to its bound, so that the summary
// table shows what each observation was held against.
void show_bounds(ScenarioResult& result);

// Why the theory cannot judge the run, from its metrics (problem.cpp records them): out of
// scope where its points are linearly dependent (the theory needs lambda_min(X X^T) > 0),
// naming them; undetermined where its data overflow double precision (diverged at step 0,
// nothing measured) or lambda_min is lost in round-off, naming what. nullopt for a sound run.
struct RunTrouble {
    Verdict verdict;
    std::string why;
};
std::optional<RunTrouble> run_trouble(const Run& run);

// The claims from first_claim on rest on runs: where one of them is in trouble, every judged
// claim takes its verdict and why, and every out-of-scope one (reported only) keeps its verdict
// with the why added. Never a pass or a fail. Observed and predicted values are kept only for
// an out-of-scope run that did run (reported, not judged).
void mark_trouble(ScenarioResult& result, std::size_t first_claim, std::span<const Run> runs);

// A metric of the run, or NaN when the run did not record it.
double metric(const Run& run, const std::string& key);

// "beta estimated from N iterates" (or the closed-form bound a toy records as beta.bound), for
// every claim that rests on theta.
std::string beta_note(const Run& run);

}  // namespace ratebench::deep
