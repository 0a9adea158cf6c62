#pragma once
// Deep linear network with one output, f(x) = W_N ... W_1 x, whose gradient re-associates the
// products the scalar output allows (DESIGN.md s.7): with the row vectors T_l = W_N ... W_(l+1)
// from the top and the end-to-end row p = T_1 W_1, the residual is r = X p^T - y, the
// end-to-end gradient g = 2c r^T X, and dL/dW_l = T_l^T q_l with q_l = g (W_(l-1) ... W_1)^T:
// vector-matrix products and outer products only, no n x width activations. The same parameters, init, loss and
// exact HVP as linear_net(inputs, hidden, 1) (an Mlp), which it delegates to for the HVP; the
// loss and gradient agree with it to rounding, not to the bit (another association).
#include "core/models/linear_net.hpp"

namespace ratebench {

class LinearChain {
public:
    LinearChain(Eigen::Index inputs, std::vector<Eigen::Index> hidden,
                LossConvention loss = LossConvention::half_mean, double init_sigma = 0.01);

    const Mlp& net() const { return net_; }
    Eigen::Index num_params() const { return net_.num_params(); }
    Eigen::VectorXd init(Stream& stream) const { return net_.init(stream); }

    // No heap allocation once the calling thread has seen this shape: the workspace is the
    // thread's own and keeps its buffers.
    double loss_grad(const Eigen::VectorXd& theta, const Dataset& data,
                     Eigen::VectorXd& grad) const;
    double loss(const Eigen::VectorXd& theta, const Dataset& data) const;
    Eigen::MatrixXd predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;
    Eigen::VectorXd hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v,
                        const Dataset& data) const {
        return net_.hvp(theta, v, data);
    }

private:
    struct Workspace {
        std::vector<Eigen::RowVectorXd> top;     // T_l, 1 x out_l
        std::vector<Eigen::RowVectorXd> bottom;  // q_l, 1 x in_l
        Eigen::VectorXd residual;
    };
    // Fills top and residual (r = X p^T - y) in the calling thread's workspace.
    Workspace& residual(const Eigen::VectorXd& theta, const Dataset& data) const;

    Mlp net_;
};

static_assert(Model<LinearChain>);

}  // namespace ratebench
