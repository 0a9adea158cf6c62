#include "core/models/linear_chain.hpp"

#include "core/errors.hpp"

#include <string>

namespace ratebench {

LinearChain::LinearChain(Eigen::Index inputs, std::vector<Eigen::Index> hidden, LossConvention loss,
                         double init_sigma)
    : net_(linear_net(inputs, std::move(hidden), 1, loss, init_sigma)) {}

LinearChain::Workspace& LinearChain::residual(const Eigen::VectorXd& theta, const Dataset& data) const {
    if (data.d() != net_.shape().inputs || data.k() != 1)
        throw InputError("linear chain: data has " + std::to_string(data.d()) + " input and " +
                         std::to_string(data.k()) + " target columns, the model expects " +
                         std::to_string(net_.shape().inputs) + " and 1");
    thread_local Workspace workspace;
    Workspace& ws = workspace;
    const Eigen::Index L = net_.num_layers();
    ws.top.resize(L);
    ws.bottom.resize(L);
    ws.top[L - 1].setOnes(1);
    for (Eigen::Index l = L - 1; l > 0; --l) ws.top[l - 1].noalias() = ws.top[l] * net_.layer_weights(theta, l);
    // p = T_0 W_1 is q's first row vector's shape (1 x d): kept in bottom[0] until backward.
    ws.bottom[0].noalias() = ws.top[0] * net_.layer_weights(theta, 0);
    ws.residual.noalias() = data.X * ws.bottom[0].transpose();
    ws.residual -= data.Y.col(0);
    return ws;
}

double LinearChain::loss_grad(const Eigen::VectorXd& theta, const Dataset& data,
                              Eigen::VectorXd& grad) const {
    Workspace& ws = residual(theta, data);
    const double c = loss_coefficient(net_.loss_convention(), data.n());
    ws.bottom[0].noalias() = (2.0 * c) * (ws.residual.transpose() * data.X);
    for (Eigen::Index l = 1; l < net_.num_layers(); ++l)
        ws.bottom[l].noalias() = ws.bottom[l - 1] * net_.layer_weights(theta, l - 1).transpose();
    grad.resize(num_params());
    for (Eigen::Index l = 0; l < net_.num_layers(); ++l) {
        const auto W = net_.layer_weights(theta, l);
        const Eigen::Index offset = W.data() - theta.data();
        Eigen::Map<Eigen::MatrixXd>(grad.data() + offset, W.rows(), W.cols()).noalias() =
            ws.top[l].transpose() * ws.bottom[l];
    }
    return c * ws.residual.squaredNorm();
}

double LinearChain::loss(const Eigen::VectorXd& theta, const Dataset& data) const {
    return loss_coefficient(net_.loss_convention(), data.n()) * residual(theta, data).residual.squaredNorm();
}

Eigen::MatrixXd LinearChain::predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    return X * end_to_end(net_, theta).transpose();
}

}  // namespace ratebench
