#include "bench/references.hpp"

#include "core/rng.hpp"

#include <cblas.h>

namespace ratebench::bench {

ProductSet::ProductSet(std::vector<Product> products) : products_(std::move(products)) {
    Stream stream(0, "bench.references", 0);
    for (const Product& p : products_) {
        Eigen::MatrixXd a(p.transpose_a ? p.inner : p.rows, p.transpose_a ? p.rows : p.inner);
        Eigen::MatrixXd b(p.transpose_b ? p.cols : p.inner, p.transpose_b ? p.inner : p.cols);
        stream.fill_normal(a);
        stream.fill_normal(b);
        a_.push_back(std::move(a));
        b_.push_back(std::move(b));
        c_.emplace_back(p.rows, p.cols);
    }
}

void ProductSet::run_openblas() {
    for (std::size_t i = 0; i < products_.size(); ++i) {
        const Product& p = products_[i];
        cblas_dgemm(CblasColMajor, p.transpose_a ? CblasTrans : CblasNoTrans,
                    p.transpose_b ? CblasTrans : CblasNoTrans, static_cast<blasint>(p.rows),
                    static_cast<blasint>(p.cols), static_cast<blasint>(p.inner), 1.0, a_[i].data(),
                    static_cast<blasint>(a_[i].rows()), b_[i].data(), static_cast<blasint>(b_[i].rows()), 0.0,
                    c_[i].data(), static_cast<blasint>(c_[i].rows()));
    }
}

void ProductSet::run_eigen() {
    for (std::size_t i = 0; i < products_.size(); ++i) {
        const Product& p = products_[i];
        if (p.transpose_a && p.transpose_b) c_[i].noalias() = a_[i].transpose() * b_[i].transpose();
        else if (p.transpose_a) c_[i].noalias() = a_[i].transpose() * b_[i];
        else if (p.transpose_b) c_[i].noalias() = a_[i] * b_[i].transpose();
        else c_[i].noalias() = a_[i] * b_[i];
    }
}

std::string openblas_corename() { return openblas_get_corename(); }
int openblas_threads() { return openblas_get_num_threads(); }
void set_openblas_threads(int threads) { openblas_set_num_threads(threads); }

}  // namespace ratebench::bench
