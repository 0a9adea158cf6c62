#pragma once
// The in-run yardsticks: a kernel's products (bench/products.hpp) run as whole products through
// threaded OpenBLAS (cblas_dgemm) or through plain Eigen (single-threaded: ratebench builds
// Eigen with EIGEN_DONT_PARALLELIZE). Operands are random and allocated once, outside the
// timing.
#include "bench/products.hpp"

#include <string>

namespace ratebench::bench {

class ProductSet {
public:
    explicit ProductSet(std::vector<Product> products);
    void run_openblas();
    void run_eigen();
    double flops() const { return bench::flops(products_); }

private:
    std::vector<Product> products_;
    std::vector<Eigen::MatrixXd> a_, b_, c_;
};

// OpenBLAS's kernel name and thread count, for the benchmark context.
std::string openblas_corename();
int openblas_threads();
void set_openblas_threads(int threads);

}  // namespace ratebench::bench
