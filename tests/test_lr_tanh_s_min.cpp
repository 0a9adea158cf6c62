// The tanh neuron's s_min: the golden-section search along the minimum curve against the
// closed form, and the minimiser is an interpolating minimum.
#include "core/activation.hpp"
#include "core/models/mlp.hpp"
#include "suites/lr/tanh_s_min.hpp"

#include <catch2/catch.hpp>

using namespace ratebench;

TEST_CASE("tanh neuron: searched s_min equals the closed form at an interpolating minimum", "[lr-tanh]") {
    const Mlp net(MlpShape{1, {1}, 1, false, false}, tanh_activation(), LossConvention::half_mean,
                  MlpInit{MlpInit::Scheme::iid, 0.01});
    for (double x : {1.0, 0.5, 2.0})
        for (double y : {0.5, -0.3, 0.9}) {
            INFO("x " << x << ", y " << y);
            Dataset data;
            data.X = Eigen::MatrixXd::Constant(1, 1, x);
            data.Y = Eigen::MatrixXd::Constant(1, 1, y);
            const lr::SearchedSMin s = lr::tanh_neuron_s_min(net, data);
            // Golden section to 1e-12 in ln w: an error quadratic in that at a smooth minimum,
            // so what is left is the eigenvalue's round-off (a few ulps of s).
            CHECK_THAT(s.value, Catch::Matchers::WithinRel(lr::tanh_neuron_s_min_closed(x, y), 1e-12));
            // The minimiser interpolates: its loss is round-off of the target's size.
            CHECK(net.loss(s.theta, data) <= 1e-30);
        }
}
