#include "core/models/mlp.hpp"

#include "core/errors.hpp"

#include <string>

namespace ratebench {
namespace {

Eigen::MatrixXd elementwise(const Eigen::MatrixXd& Z, double (*fn)(double)) {
    return Z.unaryExpr(fn);
}

}  // namespace

Mlp::Mlp(MlpShape shape, const Activation& activation, LossConvention loss, MlpInit init)
    : shape_(std::move(shape)), activation_(&activation), loss_(loss), init_(init) {
    if (shape_.inputs < 1 || shape_.outputs < 1)
        throw InputError("mlp: input dimension and number of outputs must be >= 1");
    Eigen::Index in = shape_.inputs;
    for (std::size_t l = 0; l <= shape_.hidden.size(); ++l) {
        const bool output_layer = l == shape_.hidden.size();
        const Eigen::Index out = output_layer ? shape_.outputs : shape_.hidden[l];
        if (out < 1)
            throw InputError("mlp: hidden layer " + std::to_string(l + 1) +
                             " has width " + std::to_string(out) + "; widths must be >= 1");
        const bool bias = output_layer ? shape_.output_bias : shape_.hidden_bias;
        Layer layer{in, out, num_params_, -1, !output_layer};
        num_params_ += in * out;
        if (bias) {
            layer.bias_offset = num_params_;
            num_params_ += out;
        }
        layers_.push_back(layer);
        in = out;
    }
}

Eigen::Map<const Eigen::MatrixXd> Mlp::layer_weights(const Eigen::VectorXd& theta,
                                                     Eigen::Index l) const {
    const Layer& layer = layers_[l];
    return {theta.data() + layer.weight_offset, layer.out, layer.in};
}

Eigen::VectorXd Mlp::init(Stream& stream) const {
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(num_params_);
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        const Layer& layer = layers_[l];
        auto W = theta.segment(layer.weight_offset, layer.in * layer.out);
        switch (init_.scheme) {
            case MlpInit::Scheme::fan_in:
                stream.fill_normal(W, init_.scale / std::sqrt(static_cast<double>(layer.in)));
                break;
            case MlpInit::Scheme::iid:
                stream.fill_normal(W, init_.scale);
                if (layer.bias_offset >= 0) {
                    auto b = theta.segment(layer.bias_offset, layer.out);
                    stream.fill_normal(b, init_.scale);
                }
                break;
            case MlpInit::Scheme::positive:
                W.setConstant(l == 0                ? 0.0
                              : l + 1 < num_layers() ? init_.hidden_weight
                                                     : init_.output_weight);
                break;
        }
    }
    return theta;
}

Mlp::Forward Mlp::forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    if (X.cols() != shape_.inputs)
        throw InputError("mlp: data has " + std::to_string(X.cols()) +
                         " input columns, the model expects " + std::to_string(shape_.inputs));
    Forward fw;
    fw.H.push_back(X);
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        const Layer& layer = layers_[l];
        Eigen::MatrixXd Z = fw.H.back() * layer_weights(theta, l).transpose();
        if (layer.bias_offset >= 0)
            Z.rowwise() += theta.segment(layer.bias_offset, layer.out).transpose();
        fw.H.push_back(layer.activated ? elementwise(Z, activation_->value) : Z);
        fw.Z.push_back(std::move(Z));
    }
    return fw;
}

std::vector<Eigen::MatrixXd> Mlp::backprop(const Eigen::VectorXd& theta, const Forward& fw,
                                           const Eigen::MatrixXd& G_out) const {
    std::vector<Eigen::MatrixXd> GZ(num_layers());
    GZ.back() = G_out;
    for (Eigen::Index l = num_layers() - 1; l > 0; --l) {
        const Eigen::MatrixXd G_H = GZ[l] * layer_weights(theta, l);
        GZ[l - 1] = G_H.cwiseProduct(elementwise(fw.Z[l - 1], activation_->first));
    }
    return GZ;
}

void Mlp::accumulate_grad(const std::vector<Eigen::MatrixXd>& GZ,
                          const std::vector<Eigen::MatrixXd>& inputs,
                          Eigen::VectorXd& grad) const {
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        const Layer& layer = layers_[l];
        Eigen::Map<Eigen::MatrixXd>(grad.data() + layer.weight_offset, layer.out, layer.in)
            .noalias() += GZ[l].transpose() * inputs[l];
        if (layer.bias_offset >= 0)
            grad.segment(layer.bias_offset, layer.out) += GZ[l].colwise().sum().transpose();
    }
}

Eigen::MatrixXd Mlp::residual(const Eigen::VectorXd& theta, const Dataset& data,
                              Forward& fw) const {
    if (data.k() != shape_.outputs)
        throw InputError("mlp: data has " + std::to_string(data.k()) +
                         " target columns, the model has " + std::to_string(shape_.outputs) +
                         " outputs");
    fw = forward(theta, data.X);
    return fw.H.back() - data.Y;
}

double Mlp::loss_grad(const Eigen::VectorXd& theta, const Dataset& data,
                      Eigen::VectorXd& grad) const {
    Forward fw;
    const Eigen::MatrixXd E = residual(theta, data, fw);
    const double c = loss_coefficient(loss_, data.n());
    grad = Eigen::VectorXd::Zero(num_params_);
    accumulate_grad(backprop(theta, fw, 2.0 * c * E), fw.H, grad);
    return c * E.squaredNorm();
}

double Mlp::loss(const Eigen::VectorXd& theta, const Dataset& data) const {
    Forward fw;
    return loss_coefficient(loss_, data.n()) * residual(theta, data, fw).squaredNorm();
}

Eigen::MatrixXd Mlp::predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    return forward(theta, X).H.back();
}

Eigen::VectorXd Mlp::hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v,
                         const Dataset& data) const {
    Forward fw;
    const Eigen::MatrixXd E = residual(theta, data, fw);
    const double c2 = 2.0 * loss_coefficient(loss_, data.n());

    // R-forward: RZ_l and RH_l are the directional derivatives of Z_l and H_l along v.
    std::vector<Eigen::MatrixXd> RH{Eigen::MatrixXd::Zero(data.n(), shape_.inputs)}, RZ;
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        const Layer& layer = layers_[l];
        Eigen::MatrixXd R = RH[l] * layer_weights(theta, l).transpose() +
                            fw.H[l] * layer_weights(v, l).transpose();
        if (layer.bias_offset >= 0)
            R.rowwise() += v.segment(layer.bias_offset, layer.out).transpose();
        RH.push_back(layer.activated
                         ? elementwise(fw.Z[l], activation_->first).cwiseProduct(R)
                         : R);
        RZ.push_back(std::move(R));
    }

    // Backward pass and its R-derivative side by side.
    std::vector<Eigen::MatrixXd> GZ(num_layers()), RGZ(num_layers());
    GZ.back() = c2 * E;
    RGZ.back() = c2 * RH.back();
    for (Eigen::Index l = num_layers() - 1; l > 0; --l) {
        const Eigen::MatrixXd G_H = GZ[l] * layer_weights(theta, l);
        const Eigen::MatrixXd RG_H = RGZ[l] * layer_weights(theta, l) + GZ[l] * layer_weights(v, l);
        const Eigen::MatrixXd s1 = elementwise(fw.Z[l - 1], activation_->first);
        const Eigen::MatrixXd s2 = elementwise(fw.Z[l - 1], activation_->second);
        GZ[l - 1] = G_H.cwiseProduct(s1);
        RGZ[l - 1] = RG_H.cwiseProduct(s1) + G_H.cwiseProduct(s2).cwiseProduct(RZ[l - 1]);
    }

    // R(grad W_l) = RGZ_l^T H_l + GZ_l^T RH_l; R(grad b_l) = column sums of RGZ_l.
    Eigen::VectorXd Hv = Eigen::VectorXd::Zero(num_params_);
    accumulate_grad(RGZ, fw.H, Hv);
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        const Layer& layer = layers_[l];
        Eigen::Map<Eigen::MatrixXd>(Hv.data() + layer.weight_offset, layer.out, layer.in)
            .noalias() += GZ[l].transpose() * RH[l];
    }
    return Hv;
}

Eigen::MatrixXd Mlp::jacobian(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    const Forward fw = forward(theta, X);
    const Eigen::Index n = X.rows(), k = shape_.outputs;
    // Built transposed so that each point's row is a contiguous column.
    Eigen::MatrixXd JT(num_params_, n * k);
    for (Eigen::Index j = 0; j < k; ++j) {
        Eigen::MatrixXd seed = Eigen::MatrixXd::Zero(n, k);
        seed.col(j).setOnes();
        const auto GZ = backprop(theta, fw, seed);
        for (Eigen::Index i = 0; i < n; ++i) {
            auto column = JT.col(i * k + j);
            for (Eigen::Index l = 0; l < num_layers(); ++l) {
                const Layer& layer = layers_[l];
                Eigen::Map<Eigen::MatrixXd>(column.data() + layer.weight_offset, layer.out,
                                            layer.in) =
                    GZ[l].row(i).transpose() * fw.H[l].row(i);
                if (layer.bias_offset >= 0)
                    column.segment(layer.bias_offset, layer.out) = GZ[l].row(i).transpose();
            }
        }
    }
    return JT.transpose();
}

}  // namespace ratebench
