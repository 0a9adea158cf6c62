#pragma once
// Fully connected network: h_0 = x, z_l = W_l h_(l-1) (+ b_l), h_l = sigma(z_l) for the hidden
// layers, output W_out h_L (+ b_out), linear. Batched with one point per row:
// Z_l = H_(l-1) W_l^T. theta stores, layer by layer, W_l (out x in, column-major) then b_l.
//
// Special cases used by the catalogue: identity activation = deep linear network (see
// linear_net.hpp), widths 1 = scalar chain, one tanh unit = a tanh(w x).
#include "core/activation.hpp"
#include "core/models/loss.hpp"
#include "core/models/model.hpp"

#include <vector>

namespace ratebench {

struct MlpShape {
    Eigen::Index inputs = 1;
    std::vector<Eigen::Index> hidden;  // widths of the hidden layers; empty = linear model
    Eigen::Index outputs = 1;
    bool hidden_bias = false;
    bool output_bias = false;
};

struct MlpInit {
    enum class Scheme {
        fan_in,    // W_l ~ N(0, scale^2 / fan_in), biases 0
        iid,       // every parameter ~ N(0, scale^2): the small inits of the lr family
        positive,  // Chatterjee: W_1 = 0, hidden weights = hidden_weight, output = output_weight
    };
    Scheme scheme = Scheme::fan_in;
    double scale = 1.0;
    double hidden_weight = 1.0;
    double output_weight = 1.0;
};

class Mlp {
public:
    Mlp(MlpShape shape, const Activation& activation,
        LossConvention loss = LossConvention::half_sum, MlpInit init = {});

    Eigen::Index num_params() const { return num_params_; }
    Eigen::Index num_layers() const { return static_cast<Eigen::Index>(layers_.size()); }
    const MlpShape& shape() const { return shape_; }
    const Activation& activation() const { return *activation_; }
    LossConvention loss_convention() const { return loss_; }

    Eigen::VectorXd init(Stream& stream) const;

    // Layer l = 0 .. num_layers()-1; the last one is the output layer.
    Eigen::Map<const Eigen::MatrixXd> layer_weights(const Eigen::VectorXd& theta,
                                                    Eigen::Index l) const;

    double loss_grad(const Eigen::VectorXd& theta, const Dataset& data,
                     Eigen::VectorXd& grad) const;
    double loss(const Eigen::VectorXd& theta, const Dataset& data) const;
    Eigen::MatrixXd predict(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;
    // Exact H v by forward-over-reverse (Pearlmutter's R-operator), sigma'' included.
    Eigen::VectorXd hvp(const Eigen::VectorXd& theta, const Eigen::VectorXd& v,
                        const Dataset& data) const;
    // (n k) x p, row i k + j = d f_j(x_i) / d theta.
    Eigen::MatrixXd jacobian(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;

private:
    struct Layer {
        Eigen::Index in, out;
        Eigen::Index weight_offset, bias_offset;  // bias_offset < 0: no bias
        bool activated;                           // hidden layers; the output is linear
    };
    // The calling thread's buffers, reused from call to call: a step allocates nothing once
    // the thread has seen the shape (thread_local in mlp.cpp, like relu2's).
    struct Workspace {
        std::vector<Eigen::MatrixXd> H;   // H[0] = X, H[l+1] = output of layer l
        std::vector<Eigen::MatrixXd> Z;   // pre-activations of layer l
        std::vector<Eigen::MatrixXd> GZ;  // dL/dZ_l, filled by backprop
        Eigen::MatrixXd E;                // residual H.back() - Y
    };
    // The calling thread's workspace sized for X (H[0] = X); InputError on a wrong shape.
    Workspace& workspace_for(const Eigen::MatrixXd& X) const;
    // Whether the batch is split into row blocks: a net this large per pass.
    bool rows_partitioned(Eigen::Index n) const;
    // Rows [r0, r0 + rows) through every layer: Z and H of the forward pass; the backward pass
    // ws.GZ[l] = dL/dZ_l from dL/d(output) already in ws.GZ.back().
    void forward_rows(const Eigen::VectorXd& theta, Workspace& ws, Eigen::Index r0, Eigen::Index rows) const;
    void backprop_rows(const Eigen::VectorXd& theta, Workspace& ws, Eigen::Index r0, Eigen::Index rows) const;
    Workspace& forward(const Eigen::VectorXd& theta, const Eigen::MatrixXd& X) const;
    void backprop(const Eigen::VectorXd& theta, Workspace& ws) const;
    // Adds, for every layer, the sum over points of the parameter gradient given dL/dZ_l and
    // the layer inputs (the bias part only with biases).
    void accumulate_grad(const std::vector<Eigen::MatrixXd>& GZ,
                         const std::vector<Eigen::MatrixXd>& inputs,
                         Eigen::VectorXd& grad, bool biases = true) const;
    void require_targets(const Dataset& data) const;  // InputError unless one column an output
    // The forward pass and its residual, in ws.E.
    Workspace& residual(const Eigen::VectorXd& theta, const Dataset& data) const;
    // sigma(Z) into H, and G *= sigma'(Z) given H = sigma(Z): tanh through libmvec, the
    // identity without arithmetic, other activations through the table's scalar functions.
    void activate(const Eigen::Ref<const Eigen::MatrixXd>& Z, Eigen::Ref<Eigen::MatrixXd> H) const;
    void times_derivative(const Eigen::Ref<const Eigen::MatrixXd>& Z,
                          const Eigen::Ref<const Eigen::MatrixXd>& H,
                          Eigen::Ref<Eigen::MatrixXd> G) const;

    MlpShape shape_;
    const Activation* activation_;
    LossConvention loss_;
    MlpInit init_;
    std::vector<Layer> layers_;
    Eigen::Index num_params_ = 0;
    bool tanh_;  // sigma is tanh: vectorised, derivatives from H (core/vector_tanh.hpp)
};

static_assert(JacobianModel<Mlp>);

}  // namespace ratebench
