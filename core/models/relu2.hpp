#pragma once
// Two-layer ReLU network in the NTK scaling (Du et al. 2019; Bu, Xu, Chen 2021):
//   f(x) = m^-1/2 sum_r a_r relu(w_r . x),  a_r in {-1, +1} fixed, only W trained.
// theta holds the hidden units one after another: W is d x m, column r = w_r.
//
// Work is split over fixed blocks of hidden units (DESIGN.md s.5/s.7): each block goes through
// the single-threaded fused kernel of relu2_kernel.hpp, partial outputs are summed in block
// order, so the bits do not depend on the thread count, only on the block size.
#include "core/models/loss.hpp"
#include "core/models/model.hpp"
#include "core/models/relu2_kernel.hpp"

namespace ratebench {

class Relu2 {
public:
    Relu2(Eigen::Index d, Eigen::VectorXd signs, LossConvention loss = LossConvention::half_sum,
          Eigen::Index block = 256);

    // m output signs drawn uniformly from {-1, +1}.
    static Eigen::VectorXd random_signs(Eigen::Index m, Stream& stream);

    // The same net linearised at theta0: activation patterns frozen at theta0's,
    // f(x) = m^-1/2 sum_r a_r 1{w_r(0).x >= 0} w_r.x. Linear in W, its Gram is H(theta0) for
    // ever: the dynamics the NTK rates describe exactly.
    Relu2 linearized_at(const Eigen::VectorXd& theta0) const;

    Eigen::Index d() const { return d_; }
    Eigen::Index width() const { return a_.size(); }
    Eigen::Index num_params() const { return d_ * width(); }
    const Eigen::VectorXd& signs() const { return a_; }
    LossConvention loss_convention() const { return loss_; }

    // w_r(0) ~ N(0, I_d).
    Eigen::VectorXd init(Stream& stream) const;

    Eigen::Map<const Eigen::MatrixXd> weights(const Eigen::VectorXd& theta) const {
        return {theta.data(), d_, width()};
    }

    double loss_grad(const Eigen::VectorXd& theta, const Dataset& data,
                     Eigen::VectorXd& grad) const;
    double loss(const Eigen::VectorXd& theta, const Dataset& data) const;
    Eigen::MatrixXd predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;
    // ReLU'' = 0 almost everywhere, so the Hessian is the Gauss-Newton matrix 2c J^T J.
    Eigen::VectorXd hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v,
                        const Dataset& data) const;
    // n x (m d): row i, columns of unit r = a_r 1{w_r . x_i >= 0} x_i / sqrt(m).
    Eigen::MatrixXd jacobian(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;
    // J J^T = (X X^T) o (S S^T) / m with S_ir = 1{w_r . x_i >= 0}, without forming J.
    Eigen::MatrixXd gram(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;

private:
    // Per block of hidden units, the n x block pre-activations live only in the kernel's
    // registers: what outlives the block is its activation pattern (one byte per entry, an
    // eighth of the pre-activations' traffic) and its share of the outputs.
    using Pattern = Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic>;
    struct Forward {
        relu2_kernel::PackedData x;  // the data the pattern belongs to, packed for the kernels
        Pattern active;     // n x m, 1{w_r . x_i >= 0} (of the frozen weights, if linearised)
        Eigen::VectorXd f;  // n outputs
    };
    Eigen::Index num_blocks() const { return (width() + block_ - 1) / block_; }
    Eigen::Index block_start(Eigen::Index b) const { return b * block_; }
    Eigen::Index block_size(Eigen::Index b) const;
    // total = sum over blocks, in block order, of the n-vectors per_block(b, out) writes
    // (out has relu2_kernel::padded(n) entries).
    template <class PerBlock>
    void sum_over_blocks(Eigen::Index n, PerBlock per_block, Eigen::VectorXd& total) const;
    // The calling thread's workspace, valid until its next forward().
    const Forward& forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;
    // grad = scale * J^T r, from the forward pass's activation pattern.
    void backward(const Forward& fw, const Eigen::VectorXd& r, double scale,
                  Eigen::VectorXd& grad) const;

    Eigen::Index d_;
    Eigen::VectorXd a_;
    LossConvention loss_;
    Eigen::Index block_;
    Eigen::VectorXd frozen_;  // empty unless linearised
};

static_assert(JacobianModel<Relu2>);

}  // namespace ratebench
