#include "bench/products.hpp"

#include <array>
#include <stdexcept>
#include <string>

namespace ratebench::bench {
namespace {

// relu2 loss + gradient: Z = X W (n x m), then G = X^T Gz (d x m).
std::vector<Product> relu2_step(const Shape& s) {
    return {{s.n, s.width, s.d}, {s.d, s.width, s.n, true, false}};
}

// Gauss-Newton HVP: Z = X W for the pattern, X V for J v, X^T (masked J v) for J^T.
std::vector<Product> relu2_hvp(const Shape& s) {
    return {{s.n, s.width, s.d}, {s.n, s.width, s.d}, {s.d, s.width, s.n, true, false}};
}

// Layer widths of a batched mlp, input first, one output last.
std::vector<Eigen::Index> widths(const Shape& s) {
    std::vector<Eigen::Index> w{s.d};
    for (Eigen::Index l = 0; l < s.layers; ++l) w.push_back(s.width);
    w.push_back(1);
    return w;
}

// Forward Z_l = H_(l-1) W_l^T, then dL/dH = GZ_l W_l below the top layer and dL/dW_l =
// GZ_l^T H_(l-1) for every layer: 6 n P - 2 n d w, the peer's count (../shared/peers).
std::vector<Product> mlp_step(const Shape& s) {
    const auto w = widths(s);
    std::vector<Product> p;
    for (std::size_t l = 1; l < w.size(); ++l) p.push_back({s.n, w[l], w[l - 1], false, true});
    for (std::size_t l = w.size() - 1; l >= 1; --l) {
        p.push_back({w[l], w[l - 1], s.n, true, false});
        if (l > 1) p.push_back({s.n, w[l - 1], w[l]});
    }
    return p;
}

// Pearlmutter's R-operator: forward, R-forward (two products a layer), backward and its
// R-derivative (one and two products below the top layer), two weight products a layer.
std::vector<Product> mlp_hvp(const Shape& s) {
    const auto w = widths(s);
    std::vector<Product> p;
    for (std::size_t l = 1; l < w.size(); ++l)
        for (int k = 0; k < 3; ++k) p.push_back({s.n, w[l], w[l - 1], false, true});
    for (std::size_t l = w.size() - 1; l >= 1; --l) {
        for (int k = 0; k < 2; ++k) p.push_back({w[l], w[l - 1], s.n, true, false});
        if (l > 1)
            for (int k = 0; k < 3; ++k) p.push_back({s.n, w[l - 1], w[l]});
    }
    return p;
}

// The scalar-output chain re-associated (core/models/linear_chain.hpp): row vectors
// u_l = W_L ... W_(l+1) from the top, p = u_0 (the end-to-end map), r = X p^T, g = X^T r, the
// vectors q_l = g W_1^T ... W_l^T from the bottom, and one outer product u_l^T q_(l-1) a layer
// (counted as 2 M N: one multiply, one subtract in the update it feeds).
std::vector<Product> linear_chain_step(const Shape& s) {
    const auto w = widths(s);
    std::vector<Product> p;
    for (std::size_t l = w.size() - 2; l >= 1; --l) p.push_back({1, w[l - 1], w[l]});
    p.push_back({s.n, 1, s.d});
    p.push_back({s.d, 1, s.n, true, false});
    for (std::size_t l = 1; l + 1 < w.size(); ++l) p.push_back({1, w[l], w[l - 1], false, true});
    for (std::size_t l = 1; l < w.size(); ++l) p.push_back({w[l], w[l - 1], 1});
    return p;
}

// H_inf: the Gram X X^T; the arccos kernel on top of it is elementwise.
std::vector<Product> ntk_infinite(const Shape& s) { return {{s.n, s.n, s.d, false, true}}; }

// Empirical NTK of relu2 without forming J: X X^T and S S^T over the activation pattern.
std::vector<Product> ntk_empirical(const Shape& s) {
    return {{s.n, s.width, s.d}, {s.n, s.n, s.d, false, true}, {s.n, s.n, s.width, false, true}};
}

const std::array<KernelSpec, 9> kSpecs{{
    {"relu2_loss_grad", relu2_step, "ReLU, mask, output reduction"},
    {"relu2_hvp", relu2_hvp, "masks, output reductions"},
    {"mlp_loss_grad", mlp_step, "tanh and its derivative"},
    {"mlp_hvp", mlp_hvp, "tanh and its two derivatives"},
    {"linear_net_loss_grad", mlp_step, "none"},
    {"linear_net_hvp", mlp_hvp, "none"},
    {"linear_chain_loss_grad", linear_chain_step, "residual"},
    {"ntk_infinite", ntk_infinite, "arccos kernel, n^2 elements"},
    {"ntk_empirical", ntk_empirical, "pattern to 0/1 matrix, Hadamard product"},
}};

}  // namespace

std::span<const KernelSpec> kernel_specs() { return kSpecs; }

const KernelSpec& kernel_spec(std::string_view name) {
    for (const KernelSpec& k : kSpecs)
        if (k.name == name) return k;
    throw std::invalid_argument("no kernel spec named " + std::string(name));
}

double flops(const std::vector<Product>& products) {
    double total = 0.0;
    for (const Product& p : products) total += p.flops();
    return total;
}

}  // namespace ratebench::bench
