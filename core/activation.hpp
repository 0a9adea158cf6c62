#pragma once
// Activation functions with their first and second derivatives, as one table of rows that
// models, scenarios and reports all read. The flags carry what the deep family's scope rules
// need (Chatterjee 2022 asks for smooth, strictly increasing activations).
#include <span>
#include <string_view>

namespace ratebench {

struct Activation {
    std::string_view name;
    double (*value)(double);
    double (*first)(double);   // sigma'
    double (*second)(double);  // sigma''
    bool smooth;               // C^2 everywhere
    bool strictly_increasing;
};

const Activation& relu();
const Activation& tanh_activation();
const Activation& identity();
std::span<const Activation> all_activations();

// Throws InputError naming the known activations when `name` is not one of them.
const Activation& activation_by_name(std::string_view name);

}  // namespace ratebench
