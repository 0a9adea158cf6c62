// Dataset generators, row normalisation and the shared dataset validation.
#include "core/data.hpp"

#include "core/errors.hpp"
#include "support/tolerances.hpp"

#include <catch2/catch.hpp>

#include <Eigen/Core>
#include <cmath>
#include <limits>

using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;
using ratebench::Dataset;
using ratebench::InputError;
using ratebench::Stream;
namespace tol = ratebench::tol;

TEST_CASE("unit_sphere_points: shape, unit rows, determinism", "[data]") {
    const Eigen::Index n = 50, d = 7;
    Stream s(1, "data.sphere", 0, "x");
    const Eigen::MatrixXd X = ratebench::unit_sphere_points(n, d, s);
    REQUIRE(X.rows() == n);
    REQUIRE(X.cols() == d);
    REQUIRE(X.allFinite());
    for (Eigen::Index i = 0; i < n; ++i)
        // The norm of a d-vector is accurate to about d eps (one rounding per squared term,
        // plus sqrt and division); 4 d eps leaves margin.
        CHECK_THAT(X.row(i).norm(), WithinAbs(1.0, 4.0 * d * tol::eps));

    Stream again(1, "data.sphere", 0, "x");
    CHECK(ratebench::unit_sphere_points(n, d, again) == X);
}

TEST_CASE("unit_sphere_points: point i does not depend on n", "[data]") {
    Stream s5(3, "data.sphere", 1, "x"), s10(3, "data.sphere", 1, "x");
    const Eigen::MatrixXd X5 = ratebench::unit_sphere_points(5, 4, s5);
    const Eigen::MatrixXd X10 = ratebench::unit_sphere_points(10, 4, s10);
    // Same draws, same arithmetic: bit-identical.
    CHECK(X10.topRows(5) == X5);
    CHECK(X10.bottomRows(5) != X10.topRows(5));
}

TEST_CASE("unit_sphere_points: directions are spread over the sphere", "[data]") {
    // Uniform on S^{d-1}: E x = 0 and E x x^T = I / d.
    const Eigen::Index n = 20000, d = 3;
    Stream s(4, "data.sphere", 0, "spread");
    const Eigen::MatrixXd X = ratebench::unit_sphere_points(n, d, s);
    const Eigen::RowVectorXd mean = X.colwise().mean();
    const Eigen::MatrixXd second = X.transpose() * X / static_cast<double>(n);
    // Coordinate variance is 1/d, so 5 standard errors of a coordinate mean: 5 / sqrt(d n).
    const double mean_tol = 5.0 / std::sqrt(static_cast<double>(d * n));
    // Var(x_j^2) = 3/(d(d+2)) - 1/d^2 ~ 0.089 and Var(x_i x_j) = 1/(d(d+2)) ~ 0.067 for d = 3:
    // 5 standard errors, 5 sqrt(0.09 / n).
    const double second_tol = 5.0 * std::sqrt(0.09 / static_cast<double>(n));
    for (Eigen::Index j = 0; j < d; ++j) {
        CHECK_THAT(mean(j), WithinAbs(0.0, mean_tol));
        for (Eigen::Index k = 0; k < d; ++k)
            CHECK_THAT(second(j, k), WithinAbs(j == k ? 1.0 / d : 0.0, second_tol));
    }
}

TEST_CASE("orthonormal_points: X X^T = I", "[data]") {
    const auto [n, d] = GENERATE(table<Eigen::Index, Eigen::Index>({{5, 20}, {8, 8}, {1, 3}}));
    CAPTURE(n, d);
    Stream s(5, "data.orth", 0, "x");
    const Eigen::MatrixXd X = ratebench::orthonormal_points(n, d, s);
    REQUIRE(X.rows() == n);
    REQUIRE(X.cols() == d);
    const Eigen::MatrixXd gram = X * X.transpose();
    const double err = (gram - Eigen::MatrixXd::Identity(n, n)).cwiseAbs().maxCoeff();
    // Householder QR gives a Q orthonormal to O(d eps) and the product adds d roundings per
    // entry; 10 d eps is well above that while a wrong Q is off by O(1).
    CHECK_THAT(err, WithinAbs(0.0, 10.0 * d * tol::eps));
    // Unit rows: these are valid inputs for the unit-sphere theory too.
    for (Eigen::Index i = 0; i < n; ++i)
        CHECK_THAT(X.row(i).norm(), WithinAbs(1.0, 10.0 * d * tol::eps));  // same bound

    Stream again(5, "data.orth", 0, "x");
    CHECK(ratebench::orthonormal_points(n, d, again) == X);
}

TEST_CASE("orthonormal_points: different streams give different points", "[data]") {
    Stream a(5, "data.orth", 0, "x"), b(5, "data.orth", 1, "x");
    CHECK(ratebench::orthonormal_points(3, 6, a) != ratebench::orthonormal_points(3, 6, b));
}

TEST_CASE("orthonormal_points: d < n is an InputError", "[data]") {
    Stream s(5, "data.orth", 0, "x");
    CHECK_THROWS_AS(ratebench::orthonormal_points(4, 3, s), InputError);
    CHECK_THROWS_WITH(ratebench::orthonormal_points(4, 3, s), Contains("d >= n"));
}

TEST_CASE("gaussian_targets: shape, determinism and moments", "[data]") {
    Stream s(6, "data.targets", 0, "y");
    const Eigen::MatrixXd Y = ratebench::gaussian_targets(4, 3, s);
    REQUIRE(Y.rows() == 4);
    REQUIRE(Y.cols() == 3);
    CHECK(Y.allFinite());
    Stream again(6, "data.targets", 0, "y");
    CHECK(ratebench::gaussian_targets(4, 3, again) == Y);
    Stream other(6, "data.targets", 0, "z");
    CHECK(ratebench::gaussian_targets(4, 3, other) != Y);

    const Eigen::Index n = 20000, k = 2;
    Stream big(6, "data.targets", 1, "y");
    const Eigen::MatrixXd T = ratebench::gaussian_targets(n, k, big);
    for (Eigen::Index j = 0; j < k; ++j) {
        const double mean = T.col(j).mean();
        const double var = (T.col(j).array() - mean).square().mean();
        // 5 standard errors: 1/sqrt(n) for the mean, sqrt(2/n) for the variance of N(0, 1).
        CHECK_THAT(mean, WithinAbs(0.0, 5.0 / std::sqrt(static_cast<double>(n))));
        CHECK_THAT(var, WithinAbs(1.0, 5.0 * std::sqrt(2.0 / static_cast<double>(n))));
    }
}

TEST_CASE("normalize_rows: known answers", "[data]") {
    Eigen::MatrixXd X(3, 2);
    X << 3, 4, -5, 12, 0, -2;
    ratebench::normalize_rows(X);
    // A few roundings of exactly representable inputs: 2 eps.
    CHECK_THAT(X(0, 0), WithinAbs(0.6, 2 * tol::eps));
    CHECK_THAT(X(0, 1), WithinAbs(0.8, 2 * tol::eps));
    CHECK_THAT(X(1, 0), WithinAbs(-5.0 / 13.0, 2 * tol::eps));  // same bound
    CHECK_THAT(X(1, 1), WithinAbs(12.0 / 13.0, 2 * tol::eps));  // same bound
    CHECK(X(2, 0) == 0.0);
    CHECK(X(2, 1) == -1.0);  // 2 has an exact norm: exact
}

TEST_CASE("normalize_rows: a zero row is an InputError naming the point", "[data]") {
    Eigen::MatrixXd X(3, 2);
    X << 1, 0, 0, 0, 0, 1;
    CHECK_THROWS_AS(ratebench::normalize_rows(X), InputError);
    Eigen::MatrixXd Y(3, 2);
    Y << 1, 0, 0, 0, 0, 1;
    CHECK_THROWS_WITH(ratebench::normalize_rows(Y), Contains("point 2"));
}

TEST_CASE("validate_dataset: good data passes", "[data]") {
    Dataset data{Eigen::MatrixXd::Ones(3, 2), Eigen::MatrixXd::Zero(3, 1)};
    CHECK_NOTHROW(ratebench::validate_dataset(data, "ok"));
    CHECK(data.n() == 3);
    CHECK(data.d() == 2);
    CHECK(data.k() == 1);
}

TEST_CASE("validate_dataset: each kind of bad data is an InputError naming the origin",
          "[data]") {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    Dataset data{Eigen::MatrixXd::Ones(3, 2), Eigen::MatrixXd::Zero(3, 1)};

    SECTION("no points") {
        data = Dataset{Eigen::MatrixXd(0, 2), Eigen::MatrixXd(0, 1)};
        CHECK_THROWS_AS(ratebench::validate_dataset(data, "src"), InputError);
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"), Contains("src: no points"));
    }
    SECTION("no input columns") {
        data.X.resize(3, 0);
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"),
                          Contains("src: no input columns"));
    }
    SECTION("no target columns") {
        data.Y.resize(3, 0);
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"),
                          Contains("src: no target columns"));
    }
    SECTION("target rows do not match points") {
        data.Y = Eigen::MatrixXd::Zero(2, 1);
        CHECK_THROWS_AS(ratebench::validate_dataset(data, "src"), InputError);
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"),
                          Contains("src: 3 points but 2 target rows"));
    }
    SECTION("NaN in X") {
        data.X(1, 1) = nan;
        CHECK_THROWS_AS(ratebench::validate_dataset(data, "src"), InputError);
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"), Contains("src: non-finite"));
    }
    SECTION("Inf in X") {
        data.X(0, 0) = -inf;
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"), Contains("src: non-finite"));
    }
    SECTION("NaN in Y") {
        data.Y(2, 0) = nan;
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"), Contains("src: non-finite"));
    }
    SECTION("Inf in Y") {
        data.Y(0, 0) = inf;
        CHECK_THROWS_WITH(ratebench::validate_dataset(data, "src"), Contains("src: non-finite"));
    }
}
