// lr.catapult takes its verdicts from its runs (4 replicates per ratio: each SECTION reruns
// them): they pass, the eta_max diagnostic stays out of scope, and runs tampered to skip the
// spike, to end sharper than the init, to survive far above, or with a misstated lambda_top
// that moves them into the window fail.
#include "support/scenario_runs.hpp"

#include <catch2/catch.hpp>

using namespace ratebench;
using namespace ratebench::testing;

namespace {

bool in_window(const Run& r) { return r.parameters.at("ratio") > 1.0 && r.parameters.at("ratio") <= 1.5; }

}  // namespace

TEST_CASE("lr.catapult: the loss spikes then converges flatter, far above it diverges, from the runs",
          "[lr-catapult]") {
    const auto j = run_and_judge("lr.catapult", {"replicates=4"});
    const auto v = verdicts(j.result);
    CHECK(v.at("loss-spikes") == Verdict::pass);
    CHECK(v.at("converges-flatter") == Verdict::pass);
    CHECK(v.at("diverges-far") == Verdict::pass);
    CHECK(v.at("window-reaches-4-over-lambda") == Verdict::out_of_scope);
    // The report's figures: the first replicate's loss and sharpness traces per ratio.
    CHECK(j.result.metrics.count("loss.step=0.ratio_1.2"));
    CHECK(j.result.metrics.count("sharpness.step=0.ratio_1.5"));

    SECTION("a window run whose loss never rose fails the spike") {
        bool tampered = false;
        const auto t = rejudge(j, [&](Run& r) {
            if (!tampered && in_window(r)) r.metrics["loss.max_over_initial"] = 1.0, tampered = true;
        });
        CHECK(t.at("loss-spikes") == Verdict::fail);
    }
    SECTION("a window run ending sharper than at init fails") {
        bool tampered = false;
        const auto t = rejudge(j, [&](Run& r) {
            if (!tampered && in_window(r)) r.metrics["sharpness.final_over_lambda_top"] = 1.05, tampered = true;
        });
        CHECK(t.at("converges-flatter") == Verdict::fail);
    }
    SECTION("a far run that did not diverge fails") {
        bool tampered = false;
        const auto t = rejudge(j, [&](Run& r) {
            if (!tampered && r.parameters.at("ratio") >= 3.0) r.metrics["outcome.diverged"] = 0.0, tampered = true;
        });
        CHECK(t.at("diverges-far") == Verdict::fail);
    }
    SECTION("a lambda_top misstated (x 2.4) moves the stable control runs into the window, where nothing spiked") {
        const auto t = rejudge(j, [](Run& r) {
            if (r.parameters.at("ratio") == 0.5) r.metrics["lambda_top"] *= 2.4;  // ratio 0.5 -> 1.2
        });
        CHECK(t.at("loss-spikes") == Verdict::fail);
    }
}
