#pragma once
// Eigenvalues: dense symmetric ones (Eigen), and the top eigenpair of a Hessian matrix-free,
// by Lanczos (Spectra) on Hessian-vector products. Every Lanczos answer carries its residual
// |H v - lambda v| so a caller can tell a converged eigenvalue from a guess.
#include "core/models/model.hpp"
#include "core/rng.hpp"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <Spectra/SymEigsSolver.h>
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <type_traits>

namespace ratebench {

struct SpectrumSummary {
    Eigen::VectorXd eigenvalues;  // ascending
    double lambda_min = 0.0, lambda_max = 0.0, kappa = 0.0;
};

// Eigenvalues of a symmetric matrix, ascending, with the extremes and the condition number.
SpectrumSummary summarize_spectrum(const Eigen::MatrixXd& symmetric);

enum class Extreme { largest_algebraic, largest_magnitude };

struct TopEigen {
    double value = 0.0;
    Eigen::VectorXd vector;
    double residual = 0.0;  // |H v - value v| for the unit vector v
    bool converged = false;
    long products = 0;      // matrix-vector products used
};

namespace detail {

// At this size forming the matrix from p products is cheaper and exact.
inline constexpr Eigen::Index kDenseEigenLimit = 40;

template <class Apply>
struct ProductOperator {
    using Scalar = double;
    Eigen::Index n;
    Apply* apply;
    mutable long count = 0;
    Eigen::Index rows() const { return n; }
    Eigen::Index cols() const { return n; }
    void perform_op(const double* x, double* y) const {
        ++count;
        Eigen::Map<Eigen::VectorXd>(y, n) = (*apply)(Eigen::Map<const Eigen::VectorXd>(x, n));
    }
};

// Spectra returns converged eigenpairs only. A run that does not converge is still reported,
// with the leading Ritz pair of its last Krylov basis and that pair's residual: exposing the
// basis V and the tridiagonal H = V^T A V is all this subclass does.
template <class Op>
struct LanczosSolver : Spectra::SymEigsSolver<Op> {
    using Spectra::SymEigsSolver<Op>::SymEigsSolver;
    std::pair<double, Eigen::VectorXd> leading_ritz_pair(Extreme which) const {
        const Eigen::MatrixXd& H = this->m_fac.matrix_H();
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(H);
        if (eig.info() != Eigen::Success)
            return {std::nan(""), Eigen::VectorXd::Constant(this->m_fac.matrix_V().rows(), std::nan(""))};
        const Eigen::Index last = H.rows() - 1;
        Eigen::Index at = last;
        if (which == Extreme::largest_magnitude && std::abs(eig.eigenvalues()(0)) > std::abs(eig.eigenvalues()(last)))
            at = 0;
        Eigen::VectorXd v = this->m_fac.matrix_V() * eig.eigenvectors().col(at);
        return {eig.eigenvalues()(at), v.normalized()};
    }
};

}  // namespace detail

// Top eigenpair of the symmetric operator v -> apply(v) of size n. `max_restarts` caps the
// implicit restarts of Lanczos (Spectra's maxit); an answer that did not converge within it
// comes back with converged = false and the residual of the best Ritz pair found.
template <class Apply>
TopEigen top_eigenpair(Eigen::Index n, Apply&& apply, Stream& start,
                       Extreme which = Extreme::largest_algebraic, double tol = 1e-10,
                       long max_restarts = 1000) {
    TopEigen top;
    if (n <= detail::kDenseEigenLimit) {
        Eigen::MatrixXd A(n, n);
        for (Eigen::Index j = 0; j < n; ++j) A.col(j) = apply(Eigen::VectorXd::Unit(n, j));
        const Eigen::MatrixXd S = 0.5 * (A + A.transpose());
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(S);
        Eigen::Index at = n - 1;
        if (which == Extreme::largest_magnitude && std::abs(eig.eigenvalues()(0)) >
                                                       std::abs(eig.eigenvalues()(n - 1)))
            at = 0;
        top.value = eig.eigenvalues()(at);
        top.vector = eig.eigenvectors().col(at);
        top.converged = eig.info() == Eigen::Success;
        top.products = n;
    } else {
        using Op = detail::ProductOperator<std::remove_reference_t<Apply>>;
        Op op{n, &apply};
        detail::LanczosSolver<Op> solver(op, 1, std::min<Eigen::Index>(n, 24));
        Eigen::VectorXd v0(n);
        start.fill_normal(v0);
        solver.init(v0.data());
        const auto rule = which == Extreme::largest_algebraic ? Spectra::SortRule::LargestAlge
                                                              : Spectra::SortRule::LargestMagn;
        bool broke_down = false;
        try {
            solver.compute(rule, max_restarts, tol, rule);
        } catch (const std::runtime_error&) {
            // Spectra's tridiagonal eigensolver throws when the Krylov basis holds NaN or
            // infinity (an operator that overflowed): a numerical outcome, not a crash.
            broke_down = true;
        }
        top.converged = !broke_down && solver.info() == Spectra::CompInfo::Successful;
        top.products = op.count;
        if (broke_down) {
            top.value = std::nan("");
            top.vector = Eigen::VectorXd::Constant(n, std::nan(""));
        } else if (top.converged) {
            top.value = solver.eigenvalues()(0);
            top.vector = solver.eigenvectors(1).col(0);
        } else {
            std::tie(top.value, top.vector) = solver.leading_ritz_pair(which);
        }
    }
    top.residual = (apply(top.vector) - top.value * top.vector).norm();
    return top;
}

// Sharpness: the top Hessian eigenvalue of the loss at theta.
template <Model M>
TopEigen top_hessian_eigen(const M& model, const Eigen::VectorXd& theta, const Dataset& data,
                           Stream& start, Extreme which = Extreme::largest_algebraic) {
    return top_eigenpair(
        model.num_params(),
        [&](const Eigen::VectorXd& v) { return model.hvp(theta, v, data); }, start, which);
}

}  // namespace ratebench
