// lr.edge-of-stability takes its verdicts from its runs: the quick runs pass, and runs tampered
// to settle away from 2/eta, to fall monotonically, to start sharper than 2/eta, or whose
// control never passes 2/eta fail (or leave the scope).
#include "support/scenario_runs.hpp"

#include <catch2/catch.hpp>

using namespace ratebench;
using namespace ratebench::testing;

TEST_CASE("lr.edge-of-stability: sharpness settles near 2/eta, loss falls non-monotonically, from the runs",
          "[lr-edge-of-stability]") {
    const auto j = run_and_judge("lr.edge-of-stability", {});
    for (const auto& [id, verdict] : verdicts(j.result)) {
        INFO(id);
        CHECK(verdict == Verdict::pass);
    }
    // The report's figure: the first run's sharpness trace and 2/eta beside it.
    CHECK(j.result.metrics.count("sharpness.step=0.sharpness"));
    CHECK(j.result.metrics.at("sharpness.step=0.two_over_eta") == 2.0 / j.ctx.params.at("eta"));

    SECTION("a late sharpness 20% off 2/eta fails the band") {
        const auto t = rejudge(j, [](Run& r) { r.metrics["sharpness.late_median"] *= 0.8; });
        CHECK(t.at("sharpness-settles-near-2-over-eta") == Verdict::fail);
    }
    SECTION("a control that stays below 2/eta fails") {
        const auto t = rejudge(j, [](Run& r) { r.metrics["sharpness.control_final"] = 0.9 * r.metrics["two_over_eta"]; });
        CHECK(t.at("control-rises-past-2-over-eta") == Verdict::fail);
    }
    SECTION("a monotone or rising loss fails") {
        const auto t = rejudge(j, [](Run& r) {
            r.metrics["loss.increases"] = 0.0;
            r.metrics["loss.final"] = 2.0 * r.metrics["loss.initial"];
        });
        CHECK(t.at("loss-non-monotone") == Verdict::fail);
        CHECK(t.at("loss-falls") == Verdict::fail);
    }
    SECTION("an init already sharper than 2/eta is out of scope") {
        const auto t = rejudge(j, [](Run& r) { r.metrics["sharpness.init"] = 1.1 * r.metrics["two_over_eta"]; });
        for (const auto& [id, verdict] : t) CHECK(verdict == Verdict::out_of_scope);
    }
}
