#include "core/models/relu2.hpp"

#include "core/errors.hpp"

#include <cmath>
#include <string>

namespace ratebench {
namespace {

void require_single_target(const Dataset& data) {
    if (data.k() != 1)
        throw InputError("relu2 has one output; the data has " + std::to_string(data.k()) +
                         " target columns");
}

}  // namespace

Relu2::Relu2(Eigen::Index d, Eigen::VectorXd signs, LossConvention loss, Eigen::Index block)
    : d_(d), a_(std::move(signs)), loss_(loss), block_(block) {
    if (d_ < 1 || a_.size() < 1 || block_ < 1)
        throw InputError("relu2: input dimension, width and block size must be >= 1");
}

Eigen::VectorXd Relu2::random_signs(Eigen::Index m, Stream& stream) {
    Eigen::VectorXd a(m);
    for (Eigen::Index r = 0; r < m; ++r) a(r) = stream.uniform() < 0.5 ? -1.0 : 1.0;
    return a;
}

Relu2 Relu2::linearized_at(const Eigen::VectorXd& theta0) const {
    Relu2 linear = *this;
    linear.frozen_ = theta0;
    return linear;
}

Eigen::VectorXd Relu2::init(Stream& stream) const {
    Eigen::VectorXd theta(num_params());
    stream.fill_normal(theta);
    return theta;
}

Eigen::Index Relu2::block_size(Eigen::Index b) const {
    return std::min(block_, width() - block_start(b));
}

template <class PerBlock>
void Relu2::sum_over_blocks(Eigen::Index n, PerBlock per_block, Eigen::VectorXd& total) const {
    // The calling thread's buffer, named through a reference: inside the parallel loop the
    // name of a thread_local would denote each worker's own copy.
    thread_local Eigen::MatrixXd buffer;
    Eigen::MatrixXd& partial = buffer;
    partial.resize(n, num_blocks());
#pragma omp parallel for schedule(static)
    for (Eigen::Index b = 0; b < num_blocks(); ++b) per_block(b, partial.col(b));
    total.setZero(n);
    for (Eigen::Index b = 0; b < num_blocks(); ++b) total += partial.col(b);
}

const Relu2::Forward& Relu2::forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    if (X.cols() != d_)
        throw InputError("relu2: data has " + std::to_string(X.cols()) +
                         " input columns, the model expects " + std::to_string(d_));
    const auto W = weights(theta);
    // One workspace per calling thread, reused from call to call: a step allocates nothing.
    thread_local Forward workspace;
    Forward& fw = workspace;  // a reference, so that the workers' lambdas see this thread's
    fw.active.resize(X.rows(), width());
    sum_over_blocks(
        X.rows(),
        [&](Eigen::Index b, auto out) {
            const Eigen::Index r0 = block_start(b), size = block_size(b);
            // Each worker's own scratch (thread_local inside the parallel loop).
            thread_local Eigen::MatrixXd Zb, Pb;
            Zb.resize(X.rows(), size);
            Zb.noalias() = X * W.middleCols(r0, size);
            const Eigen::MatrixXd* pattern = &Zb;
            if (frozen_.size()) {
                Pb.resize(X.rows(), size);
                Pb.noalias() = X * weights(frozen_).middleCols(r0, size);
                pattern = &Pb;
            }
            fw.active.middleCols(r0, size) = pattern->array() >= 0.0;
            // sum_r a_r relu(z_ir), unit by unit in r order (Eigen's own order for this
            // matrix-vector product, so the bits are those of the unfused kernel).
            out.setZero();
            for (Eigen::Index k = 0; k < size; ++k) {
                const double a = a_(r0 + k);
                if (frozen_.size()) out += a * fw.active.col(r0 + k).select(Zb.col(k), 0.0);
                else out += a * Zb.col(k).cwiseMax(0.0);
            }
        },
        fw.f);
    fw.f /= std::sqrt(static_cast<double>(width()));
    return fw;
}

void Relu2::backward(const Pattern& active, const Eigen::MatrixXd& X, const Eigen::VectorXd& r,
                     double scale, Eigen::VectorXd& grad) const {
    grad.resize(num_params());
    Eigen::Map<Eigen::MatrixXd> G(grad.data(), d_, width());
    const double s = scale / std::sqrt(static_cast<double>(width()));
    thread_local Eigen::VectorXd scaled;
    Eigen::VectorXd& sr = scaled;  // the calling thread's, seen by the workers
    sr = s * r;
#pragma omp parallel for schedule(static)
    for (Eigen::Index b = 0; b < num_blocks(); ++b) {
        const Eigen::Index r0 = block_start(b), size = block_size(b);
        // dL/dz_ir = s r_i a_r 1{z_ir >= 0}: the paper's gradient, with its >= at the kink.
        // Column by column, so no outer-product temporary is allocated.
        thread_local Eigen::MatrixXd Gz;
        Gz.resize(X.rows(), size);
        for (Eigen::Index k = 0; k < size; ++k)
            Gz.col(k) = active.col(r0 + k).select(a_(r0 + k) * sr, 0.0);
        G.middleCols(r0, size).noalias() = X.transpose() * Gz;
    }
}

double Relu2::loss_grad(const Eigen::VectorXd& theta, const Dataset& data,
                        Eigen::VectorXd& grad) const {
    require_single_target(data);
    const Forward& fw = forward(theta, data.X);
    thread_local Eigen::VectorXd residual;
    Eigen::VectorXd& e = residual;
    e = fw.f - data.Y.col(0);
    const double c = loss_coefficient(loss_, data.n());
    backward(fw.active, data.X, e, 2.0 * c, grad);
    return c * e.squaredNorm();
}

double Relu2::loss(const Eigen::VectorXd& theta, const Dataset& data) const {
    require_single_target(data);
    return loss_coefficient(loss_, data.n()) *
           (forward(theta, data.X).f - data.Y.col(0)).squaredNorm();
}

Eigen::MatrixXd Relu2::predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    return forward(theta, X).f;
}

Eigen::VectorXd Relu2::hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v,
                           const Dataset& data) const {
    require_single_target(data);
    const Forward& fw = forward(theta, data.X);
    const Eigen::Map<const Eigen::MatrixXd> V(v.data(), d_, width());
    // J v: the forward pass with the activation pattern frozen and W replaced by V.
    Eigen::VectorXd Jv;
    sum_over_blocks(
        data.n(),
        [&](Eigen::Index b, auto out) {
            const Eigen::Index r0 = block_start(b), size = block_size(b);
            const Eigen::MatrixXd XV = data.X * V.middleCols(r0, size);
            out = fw.active.middleCols(r0, size).select(XV, 0.0) * a_.segment(r0, size);
        },
        Jv);
    Jv /= std::sqrt(static_cast<double>(width()));
    Eigen::VectorXd Hv;
    backward(fw.active, data.X, Jv, 2.0 * loss_coefficient(loss_, data.n()), Hv);
    return Hv;
}

Eigen::MatrixXd Relu2::jacobian(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    const Forward& fw = forward(theta, X);
    const double s = 1.0 / std::sqrt(static_cast<double>(width()));
    Eigen::MatrixXd J(X.rows(), num_params());
    for (Eigen::Index r = 0; r < width(); ++r)
        for (Eigen::Index i = 0; i < X.rows(); ++i)
            J.row(i).segment(r * d_, d_) =
                (fw.active(i, r) ? s * a_(r) : 0.0) * X.row(i);
    return J;
}

Eigen::MatrixXd Relu2::gram(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    const Forward& fw = forward(theta, X);
    const Eigen::MatrixXd S = fw.active.cast<double>();
    const Eigen::MatrixXd both_active = S * S.transpose();
    return (X * X.transpose()).cwiseProduct(both_active) / static_cast<double>(width());
}

}  // namespace ratebench
