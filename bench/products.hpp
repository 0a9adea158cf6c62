#pragma once
// The matrix products of every benchmarked kernel, as data (one table). A kernel's FLOP count
// is the sum of 2 M N K over its products; the in-run references run exactly these products,
// as whole products, through OpenBLAS and through plain Eigen. So a kernel's share of the
// OpenBLAS figure is the OpenBLAS time of its products over the kernel's own time.
#include <Eigen/Core>
#include <span>
#include <string_view>
#include <vector>

namespace ratebench::bench {

// C (rows x cols) = op(A) op(B), inner dimension `inner`; op transposes when the flag is set
// (the layout the kernel itself multiplies in).
struct Product {
    Eigen::Index rows, cols, inner;
    bool transpose_a = false, transpose_b = false;
    double flops() const { return 2.0 * static_cast<double>(rows) * static_cast<double>(cols) * static_cast<double>(inner); }
};

// Every shape argument a kernel may take; each kernel reads the fields it names.
struct Shape {
    Eigen::Index n = 0;       // points
    Eigen::Index d = 0;       // input dimension
    Eigen::Index width = 0;   // relu2: hidden units m; mlp, linear: width of each hidden layer
    Eigen::Index layers = 0;  // mlp, linear: hidden layers (the output layer has one unit)
};

struct KernelSpec {
    std::string_view name;
    std::vector<Product> (*products)(const Shape&);
    std::string_view uncounted;  // work outside the products, not in the FLOP count
};

std::span<const KernelSpec> kernel_specs();
const KernelSpec& kernel_spec(std::string_view name);
double flops(const std::vector<Product>& products);

}  // namespace ratebench::bench
