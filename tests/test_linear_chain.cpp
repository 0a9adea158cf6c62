// LinearChain: the re-associated gradient of a scalar-output deep linear net, against finite
// differences and against linear_net's backprop (the same model computed another way).
#include "core/models/linear_chain.hpp"

#include "core/errors.hpp"
#include "support/gradient_checker.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

namespace {

using namespace ratebench;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Dataset gaussian_data(Eigen::Index n, Eigen::Index d, std::uint64_t rep) {
    Stream s(2024, "test.linear_chain", rep, "data");
    Dataset data{MatrixXd(n, d), MatrixXd(n, 1)};
    s.fill_normal(data.X);
    s.fill_normal(data.Y);
    return data;
}

TEST_CASE("linear chain: gradient matches finite differences, depth 1-4", "[models]") {
    const std::vector<std::vector<Eigen::Index>> hiddens{{}, {4}, {4, 3}, {5, 4, 3}};
    std::uint64_t rep = 0;
    for (const auto& hidden : hiddens)
        for (const LossConvention c : {LossConvention::half_sum, LossConvention::half_mean, LossConvention::mean}) {
            ++rep;
            INFO("depth " << hidden.size() + 1);
            // sigma = 0.7: at a tiny init the gradient would sink under FD round-off.
            const LinearChain model(3, hidden, c, 0.7);
            const Dataset data = gaussian_data(6, 3, rep);
            Stream init(2024, "test.linear_chain", rep, "init");
            const VectorXd theta = model.init(init);
            VectorXd grad;
            const double loss = model.loss_grad(theta, data, grad);
            // The same residual either way, squared and summed in the same order.
            CHECK(loss == model.loss(theta, data));
            const auto report = testing::check_gradient([&](const VectorXd& t) { return model.loss(t, data); },
                                                        theta, grad);
            CHECK(report.worst_error < tol::finite_difference);
        }
}

TEST_CASE("linear chain: loss, gradient and predictions agree with linear_net's backprop", "[models]") {
    // 16 -> 32 -> 32 -> 1, the benchmark's shape. Another association of the same products:
    // agreement to rounding, a few hundred eps relative to the largest gradient entry
    // (sums of up to 64 x 32 terms), while a wrong term would be off by O(1).
    const LinearChain chain(16, {32, 32}, LossConvention::half_mean, 0.3);
    const Dataset data = gaussian_data(64, 16, 0);
    Stream init(2024, "test.linear_chain", 0, "init");
    const VectorXd theta = chain.init(init);
    VectorXd g_chain, g_net;
    const double l_chain = chain.loss_grad(theta, data, g_chain);
    const double l_net = chain.net().loss_grad(theta, data, g_net);
    CHECK(l_chain == Approx(l_net).epsilon(1e-13));
    CHECK((g_chain - g_net).cwiseAbs().maxCoeff() <= 1e-13 * g_net.cwiseAbs().maxCoeff());
    CHECK((chain.predict(theta, data.X) - chain.net().predict(theta, data.X)).cwiseAbs().maxCoeff() <=
          1e-13 * chain.net().predict(theta, data.X).cwiseAbs().maxCoeff());
}

TEST_CASE("linear chain: data with the wrong shape is an InputError", "[models]") {
    const LinearChain chain(3, {4});
    VectorXd grad;
    Stream init(2024, "test.linear_chain", 0, "init");
    const VectorXd theta = chain.init(init);
    CHECK_THROWS_AS(chain.loss_grad(theta, gaussian_data(5, 2, 0), grad), InputError);
    Dataset two_targets = gaussian_data(5, 3, 0);
    two_targets.Y = MatrixXd::Zero(5, 2);
    CHECK_THROWS_AS(chain.loss(theta, two_targets), InputError);
}

}  // namespace
