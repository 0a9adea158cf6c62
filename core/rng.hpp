#pragma once
// Counter-based random streams (Philox4x32-10, Salmon et al., SC'11).
//
// A stream is named by (seed, scenario id, replicate, purpose) and nothing else: no thread id,
// clock or global state. The same names give the same numbers on every machine, and draws of
// one stream never depend on how many draws another stream made, so work units can run in any
// order on any thread.
#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <string_view>

namespace ratebench {

using PhiloxBlock = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

// The bare bijection, exposed for known-answer tests against Random123's published vectors.
PhiloxBlock philox4x32_10(PhiloxBlock counter, PhiloxKey key);

class Stream {
public:
    // purpose separates independent draws of one replicate (data, init, signs, ...), so that
    // changing how many numbers one of them takes leaves the others untouched.
    Stream(std::uint64_t seed, std::string_view scenario_id, std::uint64_t replicate,
           std::string_view purpose = "");

    double uniform();  // in [0, 1), 53 random bits
    double normal();   // N(0, 1) by Box-Muller
    double normal(double mean, double sd) { return mean + sd * normal(); }

    // Fill in storage order (column-major), so a matrix's entries are the next draws.
    template <class Derived>
    void fill_normal(Eigen::DenseBase<Derived>& m, double sd = 1.0) {
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            for (Eigen::Index i = 0; i < m.rows(); ++i) m(i, j) = sd * normal();
    }
    template <class Derived>
    void fill_uniform(Eigen::DenseBase<Derived>& m, double lo = 0.0, double hi = 1.0) {
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            for (Eigen::Index i = 0; i < m.rows(); ++i) m(i, j) = lo + (hi - lo) * uniform();
    }

private:
    std::uint64_t next64();

    PhiloxKey key_;
    std::uint64_t block_index_ = 0;
    PhiloxBlock block_{};
    int words_left_ = 0;
    double spare_normal_ = 0.0;
    bool has_spare_ = false;
};

}  // namespace ratebench
