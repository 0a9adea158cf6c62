#pragma once
// The two products of a relu2 step for one block of hidden units, register-tiled so that the
// n x block pre-activations never reach memory (DESIGN.md s.7):
//   forward:  z_ir = x_i . w_r (k = 0..d-1 in order, one FMA each); the block's pattern
//             1{z_ir >= 0} is written (or, given, read) and out_i += a_r [pattern] z_ir is
//             summed over the block's units in order;
//   backward: G(:, r) = X^T gz_r with gz_ir = [pattern_ir] a_r s_i, i = 0..n-1 in order.
// Each result depends only on the block's own data and a fixed order of operations, never on
// the thread that computes it. Written with GCC vector extensions (8 doubles, AVX-512 here,
// narrower registers elsewhere); every lane computes the same scalar sequence.
#include <Eigen/Core>

namespace ratebench::relu2_kernel {

// Lanes of one SIMD vector; X is zero-padded to whole vectors.
inline constexpr Eigen::Index kLanes = 8;

inline Eigen::Index padded(Eigen::Index size) { return (size + kLanes - 1) / kLanes * kLanes; }

// X (n x d) in the two layouts the kernels stream, filled once per call (copying n d doubles
// costs a d-th of one product).
struct PackedData {
    Eigen::Index n = 0, d = 0;
    Eigen::MatrixXd columns;  // padded(n) x d: X with zero rows appended (forward)
    Eigen::MatrixXd rows;     // padded(d) x n: X^T with zero rows appended (backward)
    void pack(const Eigen::MatrixXd& X);
};

// out (padded(n) entries) = sum over the block's units r, in order, of a_r [pattern] z_ir,
// z = X W_block. W is d x units (column r = w_r, leading dimension d); a has units entries;
// pattern points at the block's first column of the n x m bool pattern (leading dimension n).
// forward writes the pattern of its own pre-activations, 1{z_ir >= 0} (the net);
// forward_through reads a given one (the linearised net, the Jacobian-vector product).
void forward(const PackedData& x, const double* W, Eigen::Index units, const double* a,
             bool* pattern, double* out);
void forward_through(const PackedData& x, const double* W, Eigen::Index units, const double* a,
                     const bool* pattern, double* out);

// G (d x units, leading dimension d) = X^T Gz, Gz_ir = [pattern_ir] a_r s_i; s has padded(n)
// entries (zeros past n), pattern as in forward.
void backward(const PackedData& x, const bool* pattern, Eigen::Index units, const double* a,
              const double* s, double* G);

}  // namespace ratebench::relu2_kernel
