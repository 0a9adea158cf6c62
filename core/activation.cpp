#include "core/activation.hpp"

#include "core/errors.hpp"

#include <array>
#include <cmath>
#include <numbers>
#include <string>

namespace ratebench {
namespace {

double logistic(double z) {
    // Two branches keep exp from overflowing for large |z|.
    if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
    const double e = std::exp(z);
    return e / (1.0 + e);
}

double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

const std::array<Activation, 8> kActivations{{
    {"relu", [](double z) { return z > 0 ? z : 0.0; }, [](double z) { return z > 0 ? 1.0 : 0.0; },
     [](double) { return 0.0; }, false, false},
    {"tanh", [](double z) { return std::tanh(z); },
     [](double z) {
         const double t = std::tanh(z);
         return 1.0 - t * t;
     },
     [](double z) {
         const double t = std::tanh(z);
         return -2.0 * t * (1.0 - t * t);
     },
     true, true},
    {"sigmoid", logistic,
     [](double z) {
         const double s = logistic(z);
         return s * (1.0 - s);
     },
     [](double z) {
         const double s = logistic(z);
         return s * (1.0 - s) * (1.0 - 2.0 * s);
     },
     true, true},
    // log(1 + e^z) written so that neither branch overflows nor loses the small tail.
    {"softplus", [](double z) { return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z)); },
     logistic,
     [](double z) {
         const double s = logistic(z);
         return s * (1.0 - s);
     },
     true, true},
    // Exact GELU z Phi(z). It dips below zero near z = -0.75: smooth but not increasing.
    {"gelu", [](double z) { return z * normal_cdf(z); },
     [](double z) { return normal_cdf(z) + z * normal_pdf(z); },
     [](double z) { return normal_pdf(z) * (2.0 - z * z); }, true, false},
    // z^3 is smooth and strictly increasing but sigma'(0) = 0: the deep family's contrast case.
    {"cube", [](double z) { return z * z * z; }, [](double z) { return 3.0 * z * z; },
     [](double z) { return 6.0 * z; }, true, true},
    {"cos", [](double z) { return std::cos(z); }, [](double z) { return -std::sin(z); },
     [](double z) { return -std::cos(z); }, true, false},
    {"identity", [](double z) { return z; }, [](double) { return 1.0; }, [](double) { return 0.0; },
     true, true},
}};

}  // namespace

std::span<const Activation> all_activations() { return kActivations; }

const Activation& activation_by_name(std::string_view name) {
    for (const auto& a : kActivations)
        if (a.name == name) return a;
    std::string known;
    for (const auto& a : kActivations) known += (known.empty() ? "" : ", ") + std::string(a.name);
    throw InputError("unknown activation '" + std::string(name) + "' (known: " + known + ")");
}

const Activation& relu() { return activation_by_name("relu"); }
const Activation& tanh_activation() { return activation_by_name("tanh"); }
const Activation& identity() { return activation_by_name("identity"); }

}  // namespace ratebench
