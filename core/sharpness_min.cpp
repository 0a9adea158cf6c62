#include "core/sharpness_min.hpp"

#include "core/errors.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace ratebench {

namespace {

Eigen::MatrixXd symmetric_sqrt(const Eigen::MatrixXd& S) {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (S + S.transpose()));
    return eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal() *
           eig.eigenvectors().transpose();
}

// A_l = W_N ... W_(l+1) (k x h_l) and B_l = W_(l-1) ... W_1 (h_(l-1) x d), 0-indexed l.
struct Partials {
    std::vector<Eigen::MatrixXd> A, B;
};

Partials partials(const Layers& W) {
    const std::size_t N = W.size();
    Partials p;
    p.A.resize(N);
    p.B.resize(N);
    p.B[0] = Eigen::MatrixXd::Identity(W[0].cols(), W[0].cols());
    for (std::size_t l = 1; l < N; ++l) p.B[l] = W[l - 1] * p.B[l - 1];
    p.A[N - 1] = Eigen::MatrixXd::Identity(W[N - 1].rows(), W[N - 1].rows());
    for (std::size_t l = N - 1; l-- > 0;) p.A[l] = p.A[l + 1] * W[l + 1];
    return p;
}

Eigen::MatrixXd kron(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    Eigen::MatrixXd out(a.rows() * b.rows(), a.cols() * b.cols());
    for (Eigen::Index i = 0; i < a.rows(); ++i)
        for (Eigen::Index j = 0; j < a.cols(); ++j)
            out.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
    return out;
}

Eigen::MatrixXd reduced_with_root(const Layers& W, const Eigen::MatrixXd& root) {
    const Partials p = partials(W);
    const Eigen::Index k = W.back().rows(), d = W.front().cols();
    Eigen::MatrixXd K = Eigen::MatrixXd::Zero(k * d, k * d);
    for (std::size_t l = 0; l < W.size(); ++l) {
        const Eigen::MatrixXd SB = p.B[l] * root;  // h x d
        K += kron(SB.transpose() * SB, p.A[l] * p.A[l].transpose());
    }
    return 0.5 * (K + K.transpose());
}

// Gradient (in layer shapes) of sum_l |W_(l+1)^T ... W_N^T V W_1^T ... W_(l-1)^T|_F^2 =
// u^T K u for u = vec(U), V = U Sigma^1/2; added into grad with weight w.
void add_quadratic_form_gradient(const Layers& W, const Eigen::MatrixXd& V, double w,
                                 Layers& grad) {
    const int N = static_cast<int>(W.size());
    struct Factor {
        int layer;  // -1: the constant V; otherwise W_layer^T
    };
    for (int l = 0; l < N; ++l) {
        std::vector<Factor> f;
        for (int m = l + 1; m < N; ++m) f.push_back({m});
        f.push_back({-1});
        for (int m = 0; m < l; ++m) f.push_back({m});
        auto mat = [&](const Factor& x) -> Eigen::MatrixXd {
            return x.layer < 0 ? V : Eigen::MatrixXd(W[x.layer].transpose());
        };
        const std::size_t r = f.size();
        std::vector<Eigen::MatrixXd> pre(r + 1), suf(r + 1);
        const Eigen::MatrixXd first = mat(f[0]);
        pre[0] = Eigen::MatrixXd::Identity(first.rows(), first.rows());
        for (std::size_t s = 0; s < r; ++s) pre[s + 1] = pre[s] * mat(f[s]);
        const Eigen::MatrixXd last = mat(f[r - 1]);
        suf[r] = Eigen::MatrixXd::Identity(last.cols(), last.cols());
        for (std::size_t s = r; s-- > 0;) suf[s] = mat(f[s]) * suf[s + 1];
        const Eigen::MatrixXd& Q = pre[r];
        for (std::size_t s = 0; s < r; ++s) {
            if (f[s].layer < 0) continue;
            const Eigen::MatrixXd G = 2.0 * pre[s].transpose() * Q * suf[s + 1].transpose();
            grad[f[s].layer] += w * G.transpose();
        }
    }
}

struct Smoothed {
    double value = 0.0;       // mu log sum exp(lambda_i / mu)
    double lambda_max = 0.0;
    Eigen::VectorXd gradient;  // flattened
};

Smoothed smoothed_top(const Layers& W, const Eigen::MatrixXd& root, double mu, bool want_grad) {
    const Eigen::MatrixXd K = reduced_with_root(W, root);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(K);
    const Eigen::VectorXd& lambda = eig.eigenvalues();
    Smoothed s;
    s.lambda_max = lambda(lambda.size() - 1);
    Eigen::VectorXd weights = ((lambda.array() - s.lambda_max) / mu).exp().matrix();
    const double total = weights.sum();
    s.value = s.lambda_max + mu * std::log(total);
    weights /= total;
    if (!want_grad) return s;
    Layers grad;
    for (const auto& w : W) grad.push_back(Eigen::MatrixXd::Zero(w.rows(), w.cols()));
    const Eigen::Index k = W.back().rows(), d = W.front().cols();
    for (Eigen::Index i = 0; i < lambda.size(); ++i) {
        if (weights(i) < 1e-300) continue;
        const Eigen::MatrixXd U = Eigen::Map<const Eigen::MatrixXd>(eig.eigenvectors().col(i).data(), k, d);
        add_quadratic_form_gradient(W, U * root, weights(i), grad);
    }
    s.gradient = flatten_layers(grad);
    return s;
}

}  // namespace

InputRank input_rank(const Eigen::MatrixXd& sigma) {
    InputRank r;
    r.finite = sigma.allFinite();
    if (!r.finite) return r;
    // The solver reads one triangle (X^T X is symmetric) and scales by the largest entry, so a
    // Sigma near the overflow threshold keeps its rank (symmetrising by a sum would overflow).
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(sigma);
    const Eigen::VectorXd& lambda = eig.eigenvalues();  // ascending
    const double top = lambda.maxCoeff();
    Eigen::Index null = 0;
    while (null < lambda.size() && !(lambda(null) > 1e-12 * top)) ++null;
    r.rank = sigma.rows() - null;
    // Column j takes part in a vanishing combination when e_j is not orthogonal to the null
    // space: the row norm of its orthonormal basis. 1e-6 is far above the eigenvectors'
    // round-off and far below the weight of a column that is in the combination.
    const Eigen::MatrixXd basis = eig.eigenvectors().leftCols(null);
    for (Eigen::Index j = 0; j < sigma.rows(); ++j)
        if (null > 0 && basis.row(j).norm() > 1e-6) r.dependent_columns.push_back(j);
    return r;
}

std::string rank_deficiency_text(const InputRank& rank, Eigen::Index n, Eigen::Index d) {
    std::string text = "X^T X is singular (rank " + std::to_string(rank.rank) + " of d = " + std::to_string(d) +
                       ", n = " + std::to_string(n) + " point" + (n == 1 ? "" : "s") + "): ";
    const auto& cols = rank.dependent_columns;
    if (cols.size() == 1) return text + "input column " + numbered_list(cols) + " is zero on every point";
    return text + "input columns " + numbered_list(cols) + " are linearly dependent";
}

std::string numbered_list(const std::vector<Eigen::Index>& indices) {
    std::string text;
    for (std::size_t i = 0; i < indices.size(); ++i)
        text += (i == 0 ? "" : i + 1 == indices.size() ? " and " : ", ") + std::to_string(indices[i] + 1);
    return text;
}

LinearProblem linear_problem(const Dataset& data) {
    const double n = static_cast<double>(data.n());
    LinearProblem p;
    p.sigma = data.X.transpose() * data.X / n;
    const InputRank rank = input_rank(p.sigma);
    if (rank.finite && rank.rank < data.d())
        throw InputError("linear net: " + rank_deficiency_text(rank, data.n(), data.d()) +
                         "; the minimum set {P = W*} needs linearly independent columns");
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(p.sigma);
    const Eigen::MatrixXd cross = data.X.transpose() * data.Y / n;  // d x k
    p.target = ldlt.solve(cross).transpose();
    const Eigen::MatrixXd e = data.X * p.target.transpose() - data.Y;
    p.min_loss = 0.5 * e.squaredNorm() / n;
    return p;
}

double excess_loss(const LinearProblem& problem, const Eigen::MatrixXd& P) {
    const Eigen::MatrixXd D = P - problem.target;
    return 0.5 * (D * problem.sigma * D.transpose()).trace();
}

double s_min_scalar_toy(double c) { return 2.0 * std::abs(c); }

double s_min_scalar_chain(int depth, double w, double s) {
    return depth * s * std::pow(std::abs(w), 2.0 - 2.0 / depth);
}

double s_min_whitened(int depth, const Eigen::MatrixXd& target) {
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(target);
    return depth * std::pow(svd.singularValues()(0), 2.0 - 2.0 / depth);
}

OneDimensionalMin s_min_depth2_single_output(const Eigen::MatrixXd& sigma, const Eigen::VectorXd& b) {
    const Eigen::MatrixXd root = symmetric_sqrt(sigma);
    const Eigen::MatrixXd bb = b * b.transpose();
    const Eigen::Index d = sigma.rows();
    OneDimensionalMin out;
    auto f = [&](double log_t) {
        ++out.evaluations;
        const double t = std::exp(log_t);
        const Eigen::MatrixXd M = root * (t * Eigen::MatrixXd::Identity(d, d) + bb / t) * root;
        return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(0.5 * (M + M.transpose()),
                                                              Eigen::EigenvaluesOnly)
            .eigenvalues()
            .maxCoeff();
    };
    const double centre = std::log(std::max(b.norm(), std::numeric_limits<double>::min()));
    double lo = centre - 30.0, hi = centre + 30.0;
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
    double f1 = f(x1), f2 = f(x2);
    while (hi - lo > 1e-12) {
        if (f1 <= f2) {
            hi = x2, x2 = x1, f2 = f1;
            x1 = hi - g * (hi - lo), f1 = f(x1);
        } else {
            lo = x1, x1 = x2, f1 = f2;
            x2 = lo + g * (hi - lo), f2 = f(x2);
        }
    }
    const double best = f1 <= f2 ? x1 : x2;
    out.value = std::min(f1, f2);
    out.a = std::sqrt(std::exp(best));
    return out;
}

Eigen::MatrixXd product_of(const Layers& layers) {
    Eigen::MatrixXd P = layers.front();
    for (std::size_t l = 1; l < layers.size(); ++l) P = layers[l] * P;
    return P;
}

Eigen::MatrixXd end_to_end_jacobian(const Layers& layers) {
    const Partials p = partials(layers);
    const Eigen::Index k = layers.back().rows(), d = layers.front().cols();
    Eigen::Index params = 0;
    for (const auto& w : layers) params += w.size();
    Eigen::MatrixXd J(k * d, params);
    Eigen::Index at = 0;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const Eigen::Index size = layers[l].size();
        J.middleCols(at, size) = kron(p.B[l].transpose(), p.A[l]);
        at += size;
    }
    return J;
}

Eigen::MatrixXd gauss_newton(const Layers& layers, const Eigen::MatrixXd& sigma) {
    const Eigen::MatrixXd J = end_to_end_jacobian(layers);
    const Eigen::Index k = layers.back().rows();
    const Eigen::MatrixXd weight = kron(sigma, Eigen::MatrixXd::Identity(k, k));
    const Eigen::MatrixXd G = J.transpose() * weight * J;
    return 0.5 * (G + G.transpose());
}

Eigen::MatrixXd reduced_gauss_newton(const Layers& layers, const Eigen::MatrixXd& sigma) {
    return reduced_with_root(layers, symmetric_sqrt(sigma));
}

double top_gauss_newton_eigenvalue(const Layers& layers, const Eigen::MatrixXd& sigma) {
    return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(reduced_gauss_newton(layers, sigma),
                                                          Eigen::EigenvaluesOnly)
        .eigenvalues()
        .maxCoeff();
}

Eigen::VectorXd flatten_layers(const Layers& layers) {
    Eigen::Index size = 0;
    for (const auto& w : layers) size += w.size();
    Eigen::VectorXd theta(size);
    Eigen::Index at = 0;
    for (const auto& w : layers) {
        theta.segment(at, w.size()) = Eigen::Map<const Eigen::VectorXd>(w.data(), w.size());
        at += w.size();
    }
    return theta;
}

Layers unflatten_layers(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>& widths) {
    Layers layers;
    Eigen::Index at = 0;
    for (std::size_t l = 0; l + 1 < widths.size(); ++l) {
        const Eigen::Index rows = widths[l + 1], cols = widths[l];
        layers.push_back(Eigen::Map<const Eigen::MatrixXd>(theta.data() + at, rows, cols));
        at += rows * cols;
    }
    if (at != theta.size()) throw InputError("unflatten_layers: theta does not match the widths");
    return layers;
}

Layers balanced_factorisation(const Eigen::MatrixXd& target, const std::vector<Eigen::Index>& widths) {
    if (widths.size() < 2 || widths.front() != target.cols() || widths.back() != target.rows())
        throw InputError("balanced_factorisation: widths do not match W*");
    const int N = static_cast<int>(widths.size()) - 1;
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(target, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd& s = svd.singularValues();
    Eigen::Index r = 0;
    while (r < s.size() && s(r) > 1e-13 * s(0)) ++r;
    r = std::max<Eigen::Index>(r, 1);
    for (int l = 1; l < N; ++l)
        if (widths[l] < r)
            throw InputError("linear net: hidden width " + std::to_string(widths[l]) +
                             " is below rank(W*) = " + std::to_string(r) +
                             ": the minimum set {P = W*} is empty");
    const Eigen::VectorXd root = s.head(r).array().pow(1.0 / N).matrix();
    auto embed = [&](Eigen::Index h) {  // h x r, [I; 0]
        return Eigen::MatrixXd::Identity(h, r);
    };
    Layers W(N);
    if (N == 1) {
        W[0] = target;
        return W;
    }
    W[0] = embed(widths[1]) * root.asDiagonal() * svd.matrixV().leftCols(r).transpose();
    for (int l = 1; l < N - 1; ++l)
        W[l] = embed(widths[l + 1]) * root.asDiagonal() * embed(widths[l]).transpose();
    W[N - 1] = svd.matrixU().leftCols(r) * root.asDiagonal() * embed(widths[N - 1]).transpose();
    return W;
}

namespace {

struct Manifold {
    Eigen::MatrixXd target;
    std::vector<Eigen::Index> widths;
    double scale;  // |W*|_F

    double residual(const Layers& W) const { return (product_of(W) - target).norm() / scale; }

    // Minimum-norm Gauss-Newton corrections onto {P = W*}; false when they do not converge.
    bool retract(Eigen::VectorXd& theta) const {
        for (int it = 0; it < 60; ++it) {
            const Layers W = unflatten_layers(theta, widths);
            const Eigen::MatrixXd R = product_of(W) - target;
            if (R.norm() <= 1e-15 * scale) return true;
            const Eigen::MatrixXd J = end_to_end_jacobian(W);
            const Eigen::VectorXd r = Eigen::Map<const Eigen::VectorXd>(R.data(), R.size());
            theta -= J.completeOrthogonalDecomposition().solve(r);
            if (!theta.allFinite()) return false;
        }
        return residual(unflatten_layers(theta, widths)) <= 1e-12;
    }

    Eigen::VectorXd tangent(const Eigen::VectorXd& theta, const Eigen::VectorXd& g) const {
        const Eigen::MatrixXd J = end_to_end_jacobian(unflatten_layers(theta, widths));
        return g - J.completeOrthogonalDecomposition().solve(J * g);
    }
};

NumericSMin search_s_min(const Eigen::MatrixXd& sigma, const Eigen::MatrixXd& target,
                         const std::vector<Eigen::Index>& widths, Stream& stream, const NumericSMinOptions& options) {
    const Eigen::MatrixXd root = symmetric_sqrt(sigma);
    const Manifold M{target, widths, std::max(target.norm(), std::numeric_limits<double>::min())};
    const int N = static_cast<int>(widths.size()) - 1;
    const Layers start = balanced_factorisation(target, widths);
    const double layer_scale = std::pow(M.scale, 1.0 / N);

    NumericSMin best;
    best.value = std::numeric_limits<double>::infinity();
    for (int restart = 0; restart < std::max(1, options.restarts); ++restart) {
        Eigen::VectorXd theta = flatten_layers(start);
        if (restart > 0) {
            Eigen::VectorXd noise(theta.size());
            stream.fill_normal(noise, options.perturbation * layer_scale);
            theta += noise;
            if (!M.retract(theta)) continue;
        }
        double value = smoothed_top(unflatten_layers(theta, widths), root, 1.0, false).lambda_max;
        double step = 0.1 * theta.squaredNorm() / std::max(value, 1e-300);
        for (double mu_rel = 1e-2; mu_rel >= 1e-11; mu_rel *= 0.1) {
            const double mu = mu_rel * std::max(value, 1e-300);
            Smoothed here = smoothed_top(unflatten_layers(theta, widths), root, mu, true);
            int flat = 0;  // consecutive steps that gained less than round-off
            for (int it = 0; it < options.stage_iterations && flat < 5; ++it) {
                ++best.iterations;
                const Eigen::VectorXd d = -M.tangent(theta, here.gradient);
                const double dd = d.squaredNorm();
                if (!(dd > 0)) break;
                bool accepted = false;
                for (int tries = 0; tries < 60; ++tries) {
                    Eigen::VectorXd trial = theta + step * d;
                    if (M.retract(trial)) {
                        const Smoothed there =
                            smoothed_top(unflatten_layers(trial, widths), root, mu, true);
                        if (there.value <= here.value - 1e-4 * step * dd) {
                            flat = here.value - there.value <= 1e-15 * std::abs(here.value) ? flat + 1 : 0;
                            theta = trial;
                            here = there;
                            accepted = true;
                            break;
                        }
                    }
                    step *= 0.5;
                }
                if (!accepted) break;
                step *= 2.0;
            }
            value = here.lambda_max;
        }
        const Layers W = unflatten_layers(theta, widths);
        const double lambda = top_gauss_newton_eigenvalue(W, sigma);
        best.restart_values.push_back(lambda);
        if (lambda < best.value) {
            best.value = lambda;
            best.layers = W;
            best.constraint_residual = M.residual(W);
        }
    }
    if (best.layers.empty()) best.value = std::numeric_limits<double>::quiet_NaN();
    return best;
}

}  // namespace

NumericSMin s_min_numeric(const Eigen::MatrixXd& sigma, const Eigen::MatrixXd& target,
                          const std::vector<Eigen::Index>& widths, Stream& stream,
                          const NumericSMinOptions& options) {
    // The Gauss-Newton matrix is linear in Sigma, and at layers scaled by a^(1/N) homogeneous
    // of degree 2 - 2/N in W* = a U: the search runs on Sigma and W* of unit size, where its
    // squared gradients and Armijo decrements cannot underflow (inputs of 1e-150 made them
    // about 1e-450: the descent stopped at its start) nor overflow.
    // Largest entries, not Frobenius norms: their squares under- or overflow at these sizes.
    const double s = sigma.lpNorm<Eigen::Infinity>(), a = target.lpNorm<Eigen::Infinity>();
    if (!(std::isfinite(s) && std::isfinite(a) && s > 0 && a > 0)) return search_s_min(sigma, target, widths, stream, options);
    const int N = static_cast<int>(widths.size()) - 1;
    const double value_scale = s * std::pow(a, 2.0 - 2.0 / N), layer_scale = std::pow(a, 1.0 / N);
    NumericSMin out = search_s_min(sigma / s, target / a, widths, stream, options);
    out.value *= value_scale;
    for (double& v : out.restart_values) v *= value_scale;
    for (Eigen::MatrixXd& w : out.layers) w *= layer_scale;
    if (!std::isfinite(out.value)) {  // s_min itself is out of double's reach
        out.value = std::numeric_limits<double>::quiet_NaN();
        out.layers.clear();
    }
    return out;
}

}  // namespace ratebench
