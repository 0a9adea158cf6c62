#include "core/claims.hpp"

#include <cmath>

namespace ratebench {

std::string_view to_string(Verdict v) {
    switch (v) {
        case Verdict::pass: return "pass";
        case Verdict::fail: return "fail";
        case Verdict::out_of_scope: return "out-of-scope";
        case Verdict::undetermined: return "undetermined";
    }
    return "?";
}

namespace {
template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
// clang 14 (make fuzz) has no aggregate deduction (P1816): spell the guide out.
template <class... F>
Overloaded(F...) -> Overloaded<F...>;
}  // namespace

std::string_view kind_name(const Comparison& c) {
    return std::visit(
        Overloaded{[](const comparison::Relative&) { return "relative"; },
                   [](const comparison::AtMost&) { return "at_most"; },
                   [](const comparison::AtLeast&) { return "at_least"; },
                   [](const comparison::Interval&) { return "interval"; },
                   [](const comparison::Count&) { return "count"; },
                   [](const comparison::Probability&) { return "probability"; }},
        c);
}

WilsonInterval wilson_interval(long successes, long trials) {
    if (trials <= 0) return {0.0, 1.0};
    const double z = 1.959963984540054;  // two-sided 95%
    const double n = static_cast<double>(trials), p = successes / n, z2 = z * z;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n);
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Verdict judge(const std::optional<double>& observed, const Comparison& comparison) {
    auto verdict = [](bool ok) { return ok ? Verdict::pass : Verdict::fail; };
    if (const auto* p = std::get_if<comparison::Probability>(&comparison)) {
        if (p->trials <= 0) return Verdict::undetermined;
        const WilsonInterval w = wilson_interval(p->successes, p->trials);
        if (w.lo >= p->threshold) return Verdict::pass;
        if (w.hi < p->threshold) return Verdict::fail;
        return Verdict::undetermined;
    }
    if (const auto* c = std::get_if<comparison::Count>(&comparison))
        return verdict(c->violations <= c->allowed);
    if (!observed || !std::isfinite(*observed)) return Verdict::undetermined;
    const double x = *observed;
    return std::visit(
        Overloaded{
            [&](const comparison::Relative& r) {
                return verdict(std::abs(x - r.predicted) <= r.rtol * std::abs(r.predicted));
            },
            [&](const comparison::AtMost& a) {
                return verdict(x <= a.bound + a.rtol * std::abs(a.bound));
            },
            [&](const comparison::AtLeast& a) {
                return verdict(x >= a.bound - a.rtol * std::abs(a.bound));
            },
            [&](const comparison::Interval& i) { return verdict(i.lo <= x && x <= i.hi); },
            [&](const auto&) { return Verdict::undetermined; }},
        comparison);
}

Claim make_claim(std::string id, std::string statement, std::string paper_ref, std::string why,
                 std::optional<double> observed, Comparison comparison) {
    Claim c{std::move(id), std::move(statement), std::move(paper_ref), std::move(why), observed,
            std::nullopt, std::move(comparison)};
    if (const auto* r = std::get_if<comparison::Relative>(&c.comparison)) c.predicted = r->predicted;
    c.verdict = judge(c.observed, c.comparison);
    return c;
}

Claim out_of_scope_claim(std::string id, std::string statement, std::string paper_ref,
                         std::string why, Comparison comparison) {
    Claim c = make_claim(std::move(id), std::move(statement), std::move(paper_ref),
                         std::move(why), std::nullopt, std::move(comparison));
    c.verdict = Verdict::out_of_scope;
    return c;
}

}  // namespace ratebench
