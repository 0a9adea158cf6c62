#include "core/models/linear_net.hpp"

namespace ratebench {

Mlp linear_net(Eigen::Index inputs, std::vector<Eigen::Index> hidden, Eigen::Index outputs,
               LossConvention loss, double init_sigma) {
    return Mlp(MlpShape{inputs, std::move(hidden), outputs, false, false}, identity(), loss,
               MlpInit{MlpInit::Scheme::iid, init_sigma});
}

Eigen::MatrixXd end_to_end(const Mlp& net, const Eigen::VectorXd& theta) {
    Eigen::MatrixXd P = net.layer_weights(theta, 0);
    for (Eigen::Index l = 1; l < net.num_layers(); ++l) P = net.layer_weights(theta, l) * P;
    return P;
}

}  // namespace ratebench
