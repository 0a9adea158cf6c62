// The catalogue: one registry; parameters resolve per profile with checked overrides.
#include "core/errors.hpp"
#include "suites/catalogue.hpp"

#include <catch2/catch.hpp>
#include <algorithm>
#include <set>

using namespace ratebench;
using Catch::Matchers::Contains;

TEST_CASE("catalogue ids are unique, family-prefixed and documented", "[catalogue]") {
    std::set<std::string> ids;
    for (const auto& s : catalogue()) {
        INFO(s.id);
        REQUIRE(ids.insert(s.id).second);
        REQUIRE(s.id.rfind(s.family + ".", 0) == 0);
        REQUIRE_FALSE(s.claim.empty());
        REQUIRE_FALSE(s.paper.empty());
        REQUIRE(s.plan);
        REQUIRE(s.run_unit);
        REQUIRE(s.judge);
        for (const auto& p : s.params) {
            REQUIRE_FALSE(p.doc.empty());
            REQUIRE(p.quick >= p.min);
            REQUIRE(p.full <= p.max);
        }
    }
}

TEST_CASE("parameters resolve per profile and overrides are checked", "[catalogue]") {
    const Scenario& s = *find_scenario("relu2.gd-rate");
    REQUIRE(resolve_parameters(s, Profile::quick, {}).at("n") == 20);
    REQUIRE(resolve_parameters(s, Profile::full, {}).at("n") == 50);
    REQUIRE(resolve_parameters(s, Profile::quick, {"n=7", "c=0.5"}).at("c") == 0.5);
    REQUIRE_THROWS_WITH(resolve_parameters(s, Profile::quick, {"n=1"}),
                        Contains("--set n=1: n must be an integer >= 2"));
    REQUIRE_THROWS_WITH(resolve_parameters(s, Profile::quick, {"n=inf"}), Contains("n must be"));
    REQUIRE_THROWS_WITH(resolve_parameters(s, Profile::quick, {"q=1"}), Contains("unknown parameter"));
}

TEST_CASE("selection by id, suite, filter and all", "[catalogue]") {
    REQUIRE(select_scenarios({"relu2.gd-rate"}, {}, "", false).size() == 1);
    REQUIRE(select_scenarios({}, {"relu2"}, "", false).size() >= 1);
    // Repeated --suite: the union of the families, in catalogue order.
    const auto two = select_scenarios({}, {"lr", "linear"}, "", false);
    REQUIRE(std::all_of(two.begin(), two.end(),
                        [](const Scenario* s) { return s->family == "linear" || s->family == "lr"; }));
    REQUIRE(two.size() == select_scenarios({}, {"linear"}, "", false).size() +
                              select_scenarios({}, {"lr"}, "", false).size());
    REQUIRE(select_scenarios({}, {}, "gd-", false).front()->id == "relu2.gd-rate");
    REQUIRE(select_scenarios({}, {}, "", true).size() == catalogue().size());
    REQUIRE_THROWS_WITH(select_scenarios({"relu2.gdrate"}, {}, "", false),
                        Contains("closest: relu2.gd-rate"));
    REQUIRE_THROWS_WITH(select_scenarios({}, {}, "zzz", false), Contains("matches no scenario"));
}
