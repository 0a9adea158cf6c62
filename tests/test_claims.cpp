// Judging claims: each comparison kind, the Wilson interval, and undetermined when nothing
// was observed.
#include "core/claims.hpp"

#include <catch2/catch.hpp>
#include <cmath>

using namespace ratebench;
using Catch::Matchers::WithinAbs;

TEST_CASE("each comparison kind judges its own rule", "[claims]") {
    using namespace comparison;
    CHECK(judge(1.09, Relative{1.0, 0.1}) == Verdict::pass);
    CHECK(judge(1.11, Relative{1.0, 0.1}) == Verdict::fail);
    CHECK(judge(-0.95, Relative{-1.0, 0.1}) == Verdict::pass);  // |pred| scales the tolerance
    CHECK(judge(2.0, AtMost{2.0}) == Verdict::pass);
    CHECK(judge(2.1, AtMost{2.0, 0.01}) == Verdict::fail);
    CHECK(judge(2.01, AtMost{2.0, 0.01}) == Verdict::pass);
    CHECK(judge(0.99, AtLeast{1.0, 0.02}) == Verdict::pass);
    CHECK(judge(0.97, AtLeast{1.0, 0.02}) == Verdict::fail);
    CHECK(judge(-0.5, Interval{-0.8, -0.3}) == Verdict::pass);
    CHECK(judge(-0.2, Interval{-0.8, -0.3}) == Verdict::fail);
    CHECK(judge(std::nullopt, Count{0, 0, "c", "r"}) == Verdict::pass);
    CHECK(judge(std::nullopt, Count{3, 0, "c", "r"}) == Verdict::fail);
}

TEST_CASE("nothing observed, or a non-finite observation, is undetermined", "[claims]") {
    CHECK(judge(std::nullopt, comparison::Relative{1.0, 0.1}) == Verdict::undetermined);
    CHECK(judge(std::nan(""), comparison::AtMost{1.0}) == Verdict::undetermined);
    CHECK(judge(INFINITY, comparison::AtLeast{1.0}) == Verdict::undetermined);
}

TEST_CASE("probabilities are judged by their Wilson interval", "[claims]") {
    // Wilson 95% for 0/10: [0, 0.2775] (Agresti and Coull 1998, table values).
    const WilsonInterval w = wilson_interval(0, 10);
    CHECK_THAT(w.lo, WithinAbs(0.0, 1e-12));
    CHECK_THAT(w.hi, WithinAbs(0.27753, 5e-5));
    using comparison::Probability;
    CHECK(judge(std::nullopt, Probability{200, 200, 0.95}) == Verdict::pass);       // lo 0.981
    CHECK(judge(std::nullopt, Probability{150, 200, 0.95}) == Verdict::fail);       // hi 0.80
    CHECK(judge(std::nullopt, Probability{190, 200, 0.95}) == Verdict::undetermined);  // straddles
    CHECK(judge(std::nullopt, Probability{0, 0, 0.95}) == Verdict::undetermined);
}

TEST_CASE("make_claim judges, out_of_scope_claim does not", "[claims]") {
    const Claim c = make_claim("a", "s", "p", "w", 1.05, comparison::Relative{1.0, 0.1});
    CHECK(c.verdict == Verdict::pass);
    REQUIRE(c.predicted);
    CHECK(*c.predicted == 1.0);
    const Claim o = out_of_scope_claim("b", "s", "p", "d < n", comparison::AtMost{1.0});
    CHECK(o.verdict == Verdict::out_of_scope);
    CHECK_FALSE(o.observed);
    CHECK(to_string(Verdict::out_of_scope) == "out-of-scope");
}
