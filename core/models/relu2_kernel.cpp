#include "core/models/relu2_kernel.hpp"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

#ifdef __AVX512F__
#include <immintrin.h>
#endif

namespace ratebench::relu2_kernel {
namespace {

using Eigen::Index;

// GCC vector extensions: 8 lanes of double, their comparison masks (all bits set where
// true) and one byte per lane (the pattern's storage).
using Doubles = double __attribute__((vector_size(64)));
using Mask = std::int64_t __attribute__((vector_size(64)));
using Bytes = std::uint8_t __attribute__((vector_size(8)));
static_assert(sizeof(Doubles) == kLanes * sizeof(double));

// Register tiles: forward kRowVectors x kUnits accumulators of pre-activations, backward
// kColumnVectors x kUnits accumulators of gradient entries, 24 of the 32 AVX-512 registers.
// Measured single-threaded at n = 512, d = 64, blocks of 256: 4 x 6 both ways beat 3 x 8,
// 4 x 5 and 2 x 12 (the tile shape changes the speed only: each sum keeps its order).
constexpr int kRowVectors = 4, kUnits = 6, kColumnVectors = 4;

Doubles load(const double* p) {
    Doubles v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

void store(double* p, Doubles v) { std::memcpy(p, &v, sizeof v); }

// The first `count` lanes (1..8) of v: columns of G end at d, which need not fill a vector.
void store_first(double* p, Doubles v, Index count) {
    if (count == kLanes) store(p, v);
    else std::memcpy(p, &v, static_cast<std::size_t>(count) * sizeof(double));
}

Doubles splat(double w) { return Doubles{w, w, w, w, w, w, w, w}; }

// a * b + c with one rounding, whatever -ffp-contract says.
Doubles fma(Doubles a, Doubles b, Doubles c) {
#ifdef __AVX512F__
    return _mm512_fmadd_pd(a, b, c);
#else
    return a * b + c;  // contracted into FMAs by GCC's default -ffp-contract=fast
#endif
}

// 1{z >= 0}: the paper's >= at the kink.
Mask active(Doubles z) { return z >= Doubles{}; }

// z where mask is set, +0 elsewhere.
Doubles masked(Mask mask, Doubles z) { return reinterpret_cast<Doubles>(reinterpret_cast<Mask>(z) & mask); }

// Pattern bytes of the first `count` lanes (1..8): a column of the pattern ends at n. (A
// whole vector's copy has a constant size, so it compiles to one move, not a call.)
void store_pattern(bool* p, Mask mask, Index count) {
    const Bytes bytes = __builtin_convertvector(mask & 1, Bytes);
    if (count == kLanes) std::memcpy(p, &bytes, sizeof bytes);
    else std::memcpy(p, &bytes, static_cast<std::size_t>(count));
}

Mask load_pattern(const bool* p, Index count) {
    std::uint64_t bytes = 0;
    if (count == kLanes) std::memcpy(&bytes, p, sizeof bytes);
    else std::memcpy(&bytes, p, static_cast<std::size_t>(count));
    // Lane l tests byte l of the word: a broadcast, a shift and a test (g++ 12 compiles the
    // byte-to-lane __builtin_convertvector through the stack, a tenth of the speed).
    constexpr bool little = std::endian::native == std::endian::little;
    constexpr Mask shifts = little ? Mask{0, 8, 16, 24, 32, 40, 48, 56} : Mask{56, 48, 40, 32, 24, 16, 8, 0};
    return ((Mask{} + static_cast<std::int64_t>(bytes)) >> shifts & 0xff) != Mask{};
}

// f(std::integral_constant<int, count>) for a run-time count in 1..Max: the tile shapes of
// the edges are compiled like the full one.
template <int Max, class F>
void with_count(Index count, F&& f) {
    if constexpr (Max > 1)
        if (count < Max) return with_count<Max - 1>(count, f);
    f(std::integral_constant<int, Max>{});
}

// A grow-only buffer of the calling thread: after the first step at a shape, no allocation.
double* scratch(Eigen::VectorXd& buffer, Index size) {
    if (buffer.size() < size) buffer.resize(size);
    return buffer.data();
}

// Rows [i0, i0 + 8 R) of the block's output; Wt holds the block's weights in tiles of kUnits
// units, k-major inside a tile (d x kUnits, zero columns past the last unit).
// PatternPtr: bool* (the pattern is written) or const bool* (read).
template <int R, class PatternPtr>
void forward_rows(const PackedData& x, Index i0, const double* Wt, Index units, const double* a,
                  PatternPtr pattern, double* out) {
    const Index d = x.d, ld = x.columns.rows();
    const double* X = x.columns.data() + i0;
    Index rows[R];  // real rows in each vector: at least one, since n is padded to vectors
    for (int v = 0; v < R; ++v) rows[v] = std::min(kLanes, x.n - (i0 + kLanes * v));
    for (Index u0 = 0; u0 < units; u0 += kUnits) {
        const double* w = Wt + u0 * d;
        Doubles z[R][kUnits] = {};
        for (Index k = 0; k < d; ++k) {
            Doubles xk[R];
            for (int v = 0; v < R; ++v) xk[v] = load(X + k * ld + kLanes * v);
            for (int u = 0; u < kUnits; ++u) {
                const Doubles wk = splat(w[k * kUnits + u]);
                for (int v = 0; v < R; ++v) z[v][u] = fma(xk[v], wk, z[v][u]);
            }
        }
        // Constant loop bounds everywhere (a run-time bound would index z at run time and
        // keep it in memory rather than in registers).
        const Index valid = std::min<Index>(kUnits, units - u0);
#pragma GCC unroll 4
        for (int v = 0; v < R; ++v) {
            const Index i = i0 + kLanes * v;
            Doubles o = load(out + i);
#pragma GCC unroll 8
            for (int u = 0; u < kUnits; ++u) {
                if (u == valid) break;
                const PatternPtr p = pattern + (u0 + u) * x.n + i;
                Mask on;
                if constexpr (std::is_const_v<std::remove_pointer_t<PatternPtr>>) {
                    on = load_pattern(p, rows[v]);
                } else {
                    on = active(z[v][u]);
                    store_pattern(p, on, rows[v]);
                }
                // a_r [pattern] z_ir: exact for a_r = +-1, so fusing it into the sum is free.
                o = fma(splat(a[u0 + u]), masked(on, z[v][u]), o);
            }
            store(out + i, o);
        }
    }
}

// Rows [k0, k0 + 8 V) of G's first `valid` columns, from the tile's Gz (kUnits columns,
// leading dimension padded(n)).
template <int V>
void backward_tile(const PackedData& x, Index k0, const double* Gz, Index valid, double* G) {
    const Index ld = x.rows.rows(), ldz = padded(x.n);
    const double* XT = x.rows.data() + k0;
    Doubles g[V][kUnits] = {};
    for (Index i = 0; i < x.n; ++i) {
        Doubles xi[V];
        for (int v = 0; v < V; ++v) xi[v] = load(XT + i * ld + kLanes * v);
        for (int u = 0; u < kUnits; ++u) {
            const Doubles gz = splat(Gz[u * ldz + i]);
            for (int v = 0; v < V; ++v) g[v][u] = fma(xi[v], gz, g[v][u]);
        }
    }
#pragma GCC unroll 8
    for (int u = 0; u < kUnits; ++u) {
        if (u == valid) break;
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) {
            const Index k = k0 + kLanes * v;
            store_first(G + u * x.d + k, g[v][u], std::min(kLanes, x.d - k));
        }
    }
}

Index tiles(Index units) { return (units + kUnits - 1) / kUnits; }

}  // namespace

void PackedData::pack(const Eigen::MatrixXd& X) {
    n = X.rows();
    d = X.cols();
    columns.resize(padded(n), d);
    columns.topRows(n) = X;
    columns.bottomRows(padded(n) - n).setZero();
    rows.resize(padded(d), n);
    rows.topRows(d) = X.transpose();
    rows.bottomRows(padded(d) - d).setZero();
}

namespace {

template <class PatternPtr>
void forward_block(const PackedData& x, const double* W, Index units, const double* a, PatternPtr pattern,
                   double* out) {
    // The block's weights in tiles of kUnits (a d-th of the block's work): the tile's
    // broadcasts then read one contiguous run per k.
    thread_local Eigen::VectorXd weight_tiles;
    double* Wt = scratch(weight_tiles, tiles(units) * kUnits * x.d);
    for (Index t = 0; t < tiles(units); ++t)
        for (Index k = 0; k < x.d; ++k)
            for (Index u = 0; u < kUnits; ++u) {
                const Index r = t * kUnits + u;
                Wt[(t * x.d + k) * kUnits + u] = r < units ? W[r * x.d + k] : 0.0;
            }
    std::fill(out, out + padded(x.n), 0.0);
    const Index vectors = padded(x.n) / kLanes;
    for (Index v0 = 0; v0 < vectors; v0 += kRowVectors)
        with_count<kRowVectors>(std::min<Index>(kRowVectors, vectors - v0), [&](auto R) {
            forward_rows<decltype(R)::value>(x, kLanes * v0, Wt, units, a, pattern, out);
        });
}

}  // namespace

void forward(const PackedData& x, const double* W, Index units, const double* a, bool* pattern, double* out) {
    forward_block(x, W, units, a, pattern, out);
}

void forward_through(const PackedData& x, const double* W, Index units, const double* a, const bool* pattern,
                     double* out) {
    forward_block(x, W, units, a, pattern, out);
}

void backward(const PackedData& x, const bool* pattern, Index units, const double* a, const double* s,
              double* G) {
    // gz_ir = [pattern_ir] a_r s_i for one tile of units at a time (in L1 while the tile's
    // accumulators pass over it), zero columns past the block's last unit.
    const Index ldz = padded(x.n), vectors = padded(x.d) / kLanes;
    thread_local Eigen::VectorXd gz_buffer;
    double* Gz = scratch(gz_buffer, kUnits * ldz);
    for (Index u0 = 0; u0 < units; u0 += kUnits) {
        const Index valid = std::min<Index>(kUnits, units - u0);
        for (Index u = 0; u < kUnits; ++u) {
            double* gz = Gz + u * ldz;
            if (u >= valid) {
                std::fill(gz, gz + ldz, 0.0);
                continue;
            }
            const bool* p = pattern + (u0 + u) * x.n;
            const Doubles au = splat(a[u0 + u]);
            for (Index i = 0; i < ldz; i += kLanes)
                store(gz + i, masked(load_pattern(p + i, std::min(kLanes, x.n - i)), au * load(s + i)));
        }
        for (Index v0 = 0; v0 < vectors; v0 += kColumnVectors)
            with_count<kColumnVectors>(std::min<Index>(kColumnVectors, vectors - v0), [&](auto V) {
                backward_tile<decltype(V)::value>(x, kLanes * v0, Gz, valid, G + u0 * x.d);
            });
    }
}

}  // namespace ratebench::relu2_kernel
