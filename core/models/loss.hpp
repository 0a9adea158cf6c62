#pragma once
// The squared-loss convention, L = coefficient(n) * sum_i |f(x_i) - y_i|^2. Every eigenvalue
// and every critical step size scales with it, so it is part of every spec (DESIGN.md s.3).
#include <Eigen/Core>
#include <string_view>

namespace ratebench {

enum class LossConvention {
    half_sum,   // 1/2 sum e^2      (relu2, toys)
    half_mean,  // 1/(2n) sum e^2   (linear, lr)
    mean,       // 1/n sum e^2      (deep)
};

inline double loss_coefficient(LossConvention c, Eigen::Index n) {
    switch (c) {
        case LossConvention::half_sum: return 0.5;
        case LossConvention::half_mean: return 0.5 / static_cast<double>(n);
        case LossConvention::mean: return 1.0 / static_cast<double>(n);
    }
    return 0.0;
}

inline std::string_view loss_formula(LossConvention c) {
    switch (c) {
        case LossConvention::half_sum: return "1/2 sum_i |f(x_i) - y_i|^2";
        case LossConvention::half_mean: return "1/(2n) sum_i |f(x_i) - y_i|^2";
        case LossConvention::mean: return "1/n sum_i |f(x_i) - y_i|^2";
    }
    return "";
}

}  // namespace ratebench
