#include "core/models/mlp.hpp"

#include "core/errors.hpp"
#include "core/vector_tanh.hpp"

#include <string>

namespace ratebench {
namespace {

Eigen::MatrixXd elementwise(const Eigen::MatrixXd& Z, double (*fn)(double)) {
    return Z.unaryExpr(fn);
}

// Large nets run as a fixed partition of single-threaded products (DESIGN.md s.5): the batch in
// blocks of kBlock rows, each block taken through every layer of the forward and backward
// passes in one parallel region (rows are independent there, and a block's activations stay
// in cache from layer to layer); the weight gradients in blocks of kBlock output units of each
// layer (each block reduces over all points itself, so no partial sums cross blocks). The
// partition depends on the shape only, never on the thread count, and which thread takes a
// block does not change its bits, so blocks are handed out dynamically. Nets and layers under
// kParallelWork multiply-adds per pass stay whole and serial: the deep linear nets and small
// tanh nets of the catalogue keep their bits.
constexpr Eigen::Index kBlock = 128;
constexpr double kParallelWork = 1 << 20;

bool partitioned(Eigen::Index n, double multiply_adds_per_point) {
    return static_cast<double>(n) * multiply_adds_per_point >= kParallelWork;
}

// f(start, size) over [0, count) in blocks of kBlock (OpenMP over blocks), or once over all of
// it when not partitioned.
template <class F>
void for_each_block(Eigen::Index count, bool partition, F f) {
    if (!partition) {
        f(Eigen::Index{0}, count);
        return;
    }
    const Eigen::Index blocks = (count + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(dynamic)
    for (Eigen::Index b = 0; b < blocks; ++b) f(b * kBlock, std::min(kBlock, count - b * kBlock));
}

}  // namespace

Mlp::Mlp(MlpShape shape, const Activation& activation, LossConvention loss, MlpInit init)
    : shape_(std::move(shape)), activation_(&activation), loss_(loss), init_(init),
      tanh_(&activation == &tanh_activation()) {
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

void Mlp::activate(const Eigen::Ref<const Eigen::MatrixXd>& Z, Eigen::Ref<Eigen::MatrixXd> H) const {
    if (tanh_)
        for (Eigen::Index j = 0; j < Z.cols(); ++j) vector_tanh(Z.col(j).data(), H.col(j).data(), Z.rows());
    else
        H = Z.unaryExpr(activation_->value);
}

void Mlp::times_derivative(const Eigen::Ref<const Eigen::MatrixXd>& Z, const Eigen::Ref<const Eigen::MatrixXd>& H,
                           Eigen::Ref<Eigen::MatrixXd> G) const {
    if (tanh_)
        G.array() *= 1.0 - H.array().square();
    else if (activation_->name != "identity")  // sigma' = 1: G * 1 would be G, bit for bit
        G.array() *= Z.unaryExpr(activation_->first).array();
}

bool Mlp::rows_partitioned(Eigen::Index n) const {
    double per_point = 0;
    for (const Layer& layer : layers_) per_point += static_cast<double>(layer.in) * static_cast<double>(layer.out);
    return partitioned(n, per_point);
}

Mlp::Workspace& Mlp::workspace_for(const Eigen::MatrixXd& X) const {
    if (X.cols() != shape_.inputs)
        throw InputError("mlp: data has " + std::to_string(X.cols()) +
                         " input columns, the model expects " + std::to_string(shape_.inputs));
    thread_local Workspace workspace;
    Workspace& ws = workspace;  // a reference, so that the workers' lambdas see this thread's
    ws.H.resize(num_layers() + 1);
    ws.Z.resize(num_layers());
    ws.GZ.resize(num_layers());
    ws.H[0] = X;
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        ws.Z[l].resize(X.rows(), layers_[l].out);
        ws.H[l + 1].resize(X.rows(), layers_[l].out);
        ws.GZ[l].resize(X.rows(), layers_[l].out);
    }
    return ws;
}

void Mlp::forward_rows(const Eigen::VectorXd& theta, Workspace& ws, Eigen::Index r0, Eigen::Index rows) const {
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        const Layer& layer = layers_[l];
        auto Zb = ws.Z[l].middleRows(r0, rows);
        Zb.noalias() = ws.H[l].middleRows(r0, rows) * layer_weights(theta, l).transpose();
        if (layer.bias_offset >= 0) Zb.rowwise() += theta.segment(layer.bias_offset, layer.out).transpose();
        if (layer.activated) activate(Zb, ws.H[l + 1].middleRows(r0, rows));
        else ws.H[l + 1].middleRows(r0, rows) = Zb;
    }
}

void Mlp::backprop_rows(const Eigen::VectorXd& theta, Workspace& ws, Eigen::Index r0, Eigen::Index rows) const {
    for (Eigen::Index l = num_layers() - 1; l > 0; --l) {
        auto Gb = ws.GZ[l - 1].middleRows(r0, rows);
        Gb.noalias() = ws.GZ[l].middleRows(r0, rows) * layer_weights(theta, l);
        times_derivative(ws.Z[l - 1].middleRows(r0, rows), ws.H[l].middleRows(r0, rows), Gb);
    }
}

Mlp::Workspace& Mlp::forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    Workspace& ws = workspace_for(X);
    for_each_block(X.rows(), rows_partitioned(X.rows()),
                   [&](Eigen::Index r0, Eigen::Index rows) { forward_rows(theta, ws, r0, rows); });
    return ws;
}

void Mlp::backprop(const Eigen::VectorXd& theta, Workspace& ws) const {
    const Eigen::Index n = ws.H[0].rows();
    for_each_block(n, rows_partitioned(n), [&](Eigen::Index r0, Eigen::Index rows) { backprop_rows(theta, ws, r0, rows); });
}

void Mlp::accumulate_grad(const std::vector<Eigen::MatrixXd>& GZ,
                          const std::vector<Eigen::MatrixXd>& inputs,
                          Eigen::VectorXd& grad, bool biases) const {
    // Work items (layer, first output unit, units): a layer's units in blocks when its own
    // product is large, else the whole layer; one parallel loop over all layers' items.
    struct Item {
        Eigen::Index layer, o0, outs;
    };
    thread_local std::vector<Item> list;
    std::vector<Item>& items = list;  // the calling thread's, seen by the workers
    items.clear();
    bool any_partitioned = false;
    for (Eigen::Index l = 0; l < num_layers(); ++l) {
        const Layer& layer = layers_[l];
        const Eigen::Index n = inputs[l].rows();
        const bool blocks = partitioned(n, static_cast<double>(layer.in) * static_cast<double>(layer.out));
        any_partitioned = any_partitioned || blocks;
        const Eigen::Index step = blocks ? kBlock : layer.out;
        for (Eigen::Index o0 = 0; o0 < layer.out; o0 += step) items.push_back({l, o0, std::min(step, layer.out - o0)});
    }
    const auto count = static_cast<Eigen::Index>(items.size());
#pragma omp parallel for schedule(dynamic) if (any_partitioned)
    for (Eigen::Index i = 0; i < count; ++i) {
        const Item item = items[i];
        const Layer& layer = layers_[item.layer];
        Eigen::Map<Eigen::MatrixXd> G(grad.data() + layer.weight_offset, layer.out, layer.in);
        G.middleRows(item.o0, item.outs).noalias() +=
            GZ[item.layer].middleCols(item.o0, item.outs).transpose() * inputs[item.layer];
        if (biases && layer.bias_offset >= 0)
            grad.segment(layer.bias_offset + item.o0, item.outs) +=
                GZ[item.layer].middleCols(item.o0, item.outs).colwise().sum().transpose();
    }
}

void Mlp::require_targets(const Dataset& data) const {
    if (data.k() != shape_.outputs)
        throw InputError("mlp: data has " + std::to_string(data.k()) +
                         " target columns, the model has " + std::to_string(shape_.outputs) +
                         " outputs");
}

Mlp::Workspace& Mlp::residual(const Eigen::VectorXd& theta, const Dataset& data) const {
    require_targets(data);
    Workspace& ws = forward(theta, data.X);
    ws.E = ws.H.back() - data.Y;
    return ws;
}

double Mlp::loss_grad(const Eigen::VectorXd& theta, const Dataset& data,
                      Eigen::VectorXd& grad) const {
    require_targets(data);
    Workspace& ws = workspace_for(data.X);
    const double c = loss_coefficient(loss_, data.n());
    ws.E.resize(data.n(), shape_.outputs);
    // Forward, residual and backward pass of a block of rows in one go.
    for_each_block(data.n(), rows_partitioned(data.n()), [&](Eigen::Index r0, Eigen::Index rows) {
        forward_rows(theta, ws, r0, rows);
        ws.E.middleRows(r0, rows) = ws.H.back().middleRows(r0, rows) - data.Y.middleRows(r0, rows);
        ws.GZ.back().middleRows(r0, rows) = 2.0 * c * ws.E.middleRows(r0, rows);
        backprop_rows(theta, ws, r0, rows);
    });
    grad.setZero(num_params_);
    accumulate_grad(ws.GZ, ws.H, grad);
    return c * ws.E.squaredNorm();
}

double Mlp::loss(const Eigen::VectorXd& theta, const Dataset& data) const {
    return loss_coefficient(loss_, data.n()) * residual(theta, data).E.squaredNorm();
}

Eigen::MatrixXd Mlp::predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    return forward(theta, X).H.back();
}

Eigen::VectorXd Mlp::hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v,
                         const Dataset& data) const {
    const Workspace& fw = residual(theta, data);
    const Eigen::Index n = data.n();
    const double c2 = 2.0 * loss_coefficient(loss_, n);
    // sigma' and sigma'' at hidden layer l's pre-activations, for rows [r0, r0 + rows); tanh's
    // from its outputs, the same tanh as the forward pass.
    auto first = [&](Eigen::Index l, Eigen::Index r0, Eigen::Index rows) -> Eigen::MatrixXd {
        if (tanh_) return 1.0 - fw.H[l + 1].middleRows(r0, rows).array().square();
        return elementwise(fw.Z[l].middleRows(r0, rows), activation_->first);
    };
    auto second = [&](Eigen::Index l, Eigen::Index r0, Eigen::Index rows) -> Eigen::MatrixXd {
        const auto H = fw.H[l + 1].middleRows(r0, rows).array();
        if (tanh_) return -2.0 * H * (1.0 - H.square());
        return elementwise(fw.Z[l].middleRows(r0, rows), activation_->second);
    };

    // RZ_l and RH_l: the directional derivatives of Z_l and H_l along v; GZ_l = dL/dZ_l and
    // RGZ_l its directional derivative. Rows are independent up to the weight gradients, so
    // the blocks of rows of the forward and backward passes go through all layers at once.
    std::vector<Eigen::MatrixXd> RH{Eigen::MatrixXd::Zero(n, shape_.inputs)}, RZ, GZ, RGZ;
    for (const Layer& layer : layers_) {
        RH.emplace_back(n, layer.out);
        RZ.emplace_back(n, layer.out);
        GZ.emplace_back(n, layer.out);
        RGZ.emplace_back(n, layer.out);
    }
    for_each_block(n, rows_partitioned(n), [&](Eigen::Index r0, Eigen::Index rows) {
        for (Eigen::Index l = 0; l < num_layers(); ++l) {
            const Layer& layer = layers_[l];
            auto R = RZ[l].middleRows(r0, rows);
            R = RH[l].middleRows(r0, rows) * layer_weights(theta, l).transpose() +
                fw.H[l].middleRows(r0, rows) * layer_weights(v, l).transpose();
            if (layer.bias_offset >= 0) R.rowwise() += v.segment(layer.bias_offset, layer.out).transpose();
            if (layer.activated) RH[l + 1].middleRows(r0, rows) = first(l, r0, rows).cwiseProduct(R);
            else RH[l + 1].middleRows(r0, rows) = R;
        }
        GZ.back().middleRows(r0, rows) = c2 * fw.E.middleRows(r0, rows);
        RGZ.back().middleRows(r0, rows) = c2 * RH.back().middleRows(r0, rows);
        for (Eigen::Index l = num_layers() - 1; l > 0; --l) {
            const auto W = layer_weights(theta, l);
            const Eigen::MatrixXd G_H = GZ[l].middleRows(r0, rows) * W;
            const Eigen::MatrixXd RG_H = RGZ[l].middleRows(r0, rows) * W + GZ[l].middleRows(r0, rows) * layer_weights(v, l);
            const Eigen::MatrixXd s1 = first(l - 1, r0, rows);
            const Eigen::MatrixXd s2 = second(l - 1, r0, rows);
            GZ[l - 1].middleRows(r0, rows) = G_H.cwiseProduct(s1);
            RGZ[l - 1].middleRows(r0, rows) =
                RG_H.cwiseProduct(s1) + G_H.cwiseProduct(s2).cwiseProduct(RZ[l - 1].middleRows(r0, rows));
        }
    });

    // R(grad W_l) = RGZ_l^T H_l + GZ_l^T RH_l; R(grad b_l) = column sums of RGZ_l.
    Eigen::VectorXd Hv = Eigen::VectorXd::Zero(num_params_);
    accumulate_grad(RGZ, fw.H, Hv);
    accumulate_grad(GZ, RH, Hv, false);
    return Hv;
}

Eigen::MatrixXd Mlp::jacobian(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const {
    Workspace& fw = forward(theta, X);
    const Eigen::Index n = X.rows(), k = shape_.outputs;
    fw.GZ.resize(num_layers());
    // Built transposed so that each point's row is a contiguous column.
    Eigen::MatrixXd JT(num_params_, n * k);
    for (Eigen::Index j = 0; j < k; ++j) {
        fw.GZ.back() = Eigen::MatrixXd::Zero(n, k);
        fw.GZ.back().col(j).setOnes();
        backprop(theta, fw);
        const auto& GZ = fw.GZ;
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
