// The transition bisection on a known step: the bracket holds it, is as narrow as asked, and a
// start that brackets nothing is reported as such.
#include "suites/lr/bisection.hpp"

#include <catch2/catch.hpp>

using namespace ratebench::lr;

TEST_CASE("bisection brackets a known transition and never probes eta* itself", "[lr-bisection]") {
    const double transition = 1.0137;
    const Bracket b = bisect_transition([&](double eta) { return eta < transition; }, 0.5, 2.0, 0.005);
    REQUIRE(b.valid);
    CHECK(b.lo < transition);
    CHECK(b.hi >= transition);
    CHECK(b.hi / b.lo - 1.0 <= 0.005);
    for (const auto& [eta, converged] : b.probes) CHECK(eta != 1.0);

    const Bracket none = bisect_transition([](double) { return true; }, 0.5, 2.0, 0.005);
    CHECK_FALSE(none.valid);
    CHECK(none.probes.size() == 2);
}
