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
    partial.resize(relu2_kernel::padded(n), num_blocks());
#pragma omp parallel for schedule(static)
    for (Eigen::Index b = 0; b < num_blocks(); ++b) per_block(b, partial.col(b).data());
    total.setZero(n);
    for (Eigen::Index b = 0; b < num_blocks(); ++b) total += partial.col(b).head(n);
}

const Relu2::Forward& Relu2::forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    if (X.cols() != d_)
        throw InputError("relu2: data has " + std::to_string(X.cols()) +
                         " input columns, the model expects " + std::to_string(d_));
    // One workspace per calling thread, reused from call to call: a step allocates nothing.
    thread_local Forward workspace;
    Forward& fw = workspace;  // a reference, so that the workers' lambdas see this thread's
    fw.x.pack(X);
    fw.active.resize(X.rows(), width());
    sum_over_blocks(
        X.rows(),
        [&](Eigen::Index b, double* out) {
            const Eigen::Index r0 = block_start(b), size = block_size(b);
            bool* pattern = fw.active.data() + r0 * X.rows();
            const double* a = a_.data() + r0;
            if (frozen_.size() == 0) {
                relu2_kernel::forward(fw.x, theta.data() + r0 * d_, size, a, pattern, out);
                return;
            }
            // Linearised: the pattern of the frozen weights (that pass's outputs are
            // overwritten), then the outputs of theta's weights through it.
            relu2_kernel::forward(fw.x, frozen_.data() + r0 * d_, size, a, pattern, out);
            relu2_kernel::forward_through(fw.x, theta.data() + r0 * d_, size, a, pattern, out);
        },
        fw.f);
    fw.f /= std::sqrt(static_cast<double>(width()));
    return fw;
}

void Relu2::backward(const Forward& fw, const Eigen::VectorXd& r, double scale,
                     Eigen::VectorXd& grad) const {
    grad.resize(num_params());
    const double s = scale / std::sqrt(static_cast<double>(width()));
    // dL/dz_ir = s r_i a_r 1{z_ir >= 0}: the paper's gradient, with its >= at the kink.
    thread_local Eigen::VectorXd scaled;
    Eigen::VectorXd& sr = scaled;  // the calling thread's, seen by the workers
    sr.resize(relu2_kernel::padded(r.size()));
    sr.head(r.size()) = s * r;
    sr.tail(sr.size() - r.size()).setZero();
#pragma omp parallel for schedule(static)
    for (Eigen::Index b = 0; b < num_blocks(); ++b) {
        const Eigen::Index r0 = block_start(b);
        relu2_kernel::backward(fw.x, fw.active.data() + r0 * fw.x.n, block_size(b), a_.data() + r0,
                               sr.data(), grad.data() + r0 * d_);
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
    backward(fw, e, 2.0 * c, grad);
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
    // J v: the forward pass with the activation pattern frozen and W replaced by V.
    Eigen::VectorXd Jv;
    sum_over_blocks(
        data.n(),
        [&](Eigen::Index b, double* out) {
            const Eigen::Index r0 = block_start(b);
            relu2_kernel::forward_through(fw.x, v.data() + r0 * d_, block_size(b), a_.data() + r0,
                                          fw.active.data() + r0 * data.n(), out);
        },
        Jv);
    Jv /= std::sqrt(static_cast<double>(width()));
    Eigen::VectorXd Hv;
    backward(fw, Jv, 2.0 * loss_coefficient(loss_, data.n()), Hv);
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
