#include "reports/claim_text.hpp"

#include "reports/number_text.hpp"

#include <fmt/format.h>

namespace ratebench {

namespace {
template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
// clang 14 (make fuzz) has no aggregate deduction (P1816): spell the guide out.
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

std::string bound_tolerance(double rtol) {
    return rtol == 0 ? "the bound itself" : fmt::format("bound loosened by {}", percent_text(rtol));
}
}  // namespace

std::string verdict_text(Verdict verdict) {
    switch (verdict) {
        case Verdict::pass: return "\u2713 pass";
        case Verdict::fail: return "\u2717 FAIL";
        case Verdict::out_of_scope: return "\u2013 out of scope";
        case Verdict::undetermined: return "? undetermined";
    }
    return "?";
}

ClaimText claim_text(const Claim& claim) {
    ClaimText text{number_text(claim.observed, 6), number_text(claim.predicted, 6), "", verdict_text(claim.verdict)};
    std::visit(
        Overloaded{
            [&](const comparison::Relative& r) {
                text.predicted = number_text(r.predicted, 6);
                text.tolerance = fmt::format("\u00b1{} relative", percent_text(r.rtol));
            },
            [&](const comparison::AtMost& a) {
                text.predicted = "\u2264 " + number_text(a.bound, 6);
                text.tolerance = bound_tolerance(a.rtol);
            },
            [&](const comparison::AtLeast& a) {
                text.predicted = "\u2265 " + number_text(a.bound, 6);
                text.tolerance = bound_tolerance(a.rtol);
            },
            [&](const comparison::Interval& i) {
                text.predicted = fmt::format("[{}, {}]", number_text(i.lo, 6), number_text(i.hi, 6));
                text.tolerance = "inside the interval";
            },
            [&](const comparison::Count& c) {
                text.observed = fmt::format("{} violation{}", c.violations, c.violations == 1 ? "" : "s");
                text.predicted = fmt::format("\u2264 {} violation{}", c.allowed, c.allowed == 1 ? "" : "s");
                text.tolerance = fmt::format("violations of {}, counted over {}", c.condition, c.range);
            },
            [&](const comparison::Probability& p) {
                const WilsonInterval w = wilson_interval(p.successes, p.trials);
                text.observed = fmt::format("{}/{} = {} (95% CI [{}, {}])", p.successes, p.trials,
                                            number_text(p.trials > 0 ? double(p.successes) / p.trials : NAN),
                                            number_text(w.lo), number_text(w.hi));
                text.predicted = "\u2265 " + number_text(p.threshold, 6);
                text.tolerance = "pass: Wilson 95% interval above the threshold; fail: below it";
            }},
        claim.comparison);
    return text;
}

}  // namespace ratebench
