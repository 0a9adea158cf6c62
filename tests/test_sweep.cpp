// Sweeps: grid order, deterministic errors, and bit-identical results at any thread count.
#include "core/models/relu2.hpp"
#include "core/optim/heavy_ball.hpp"
#include "core/sweep.hpp"
#include "core/train.hpp"

#include <catch2/catch.hpp>
#include <stdexcept>
#include <string>

using namespace ratebench;

TEST_CASE("sweep returns results in grid order", "[sweep]") {
    const auto out = sweep(5, 3, 2, [](WorkUnit u) { return std::pair(u.grid_index, u.replicate); });
    REQUIRE(out.size() == 15);
    for (std::size_t i = 0; i < out.size(); ++i) {
        REQUIRE(out[i].first == i / 3);
        REQUIRE(out[i].second == i % 3);
    }
}

TEST_CASE("sweep rethrows the first failing unit in grid order", "[sweep]") {
    auto failing = [](WorkUnit u) -> int {
        if (u.grid_index >= 2) throw std::runtime_error("unit " + std::to_string(u.grid_index));
        return 0;
    };
    REQUIRE_THROWS_WITH(sweep(6, 1, 2, failing), "unit 2");
    REQUIRE_THROWS_AS(sweep(1, 1, 0, failing), std::invalid_argument);
}

TEST_CASE("a sweep of relu2 runs is bit-identical at 1 and 2 threads", "[sweep]") {
    // Each unit draws its data and init from its own named stream; inner products are
    // single-threaded inside the sweep, so the thread count may only change who runs what.
    // d = 300 > 256 and width 600 = 3 blocks: shapes where a threaded GEMM would change bits.
    auto unit = [](WorkUnit u) {
        Stream data_stream(1, "test.sweep", u.replicate, "data");
        Stream init_stream(1, "test.sweep", u.replicate, "init");
        const Dataset data{unit_sphere_points(12, 300, data_stream),
                           gaussian_targets(12, 1, data_stream)};
        const Relu2 model(300, Relu2::random_signs(600, init_stream));
        Eigen::VectorXd theta = model.init(init_stream);
        HeavyBall hb{{.eta = 0.2 + 0.1 * static_cast<double>(u.grid_index), .beta = 0.5}};
        const Trajectory t = train(model, data, hb, theta, TrainConfig{30});
        return std::pair(t.loss, theta);
    };
    const auto one = sweep(3, 2, 1, unit);
    const auto two = sweep(3, 2, 2, unit);
    REQUIRE(one.size() == two.size());
    for (std::size_t i = 0; i < one.size(); ++i) {
        REQUIRE(one[i].first == two[i].first);    // exact, not approximate
        REQUIRE(one[i].second == two[i].second);
    }
}
