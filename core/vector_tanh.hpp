#pragma once
// tanh of a whole array through glibc's libmvec (_ZGVeN8v_tanh, AVX-512, 8 lanes), which Eigen
// lacks for doubles: about 1 ns an element against 9 ns for std::tanh (DESIGN.md s.7). Each
// lane is computed independently of its neighbours, so a value's result does not depend on
// where it sits in the array, on the array's length or on the thread computing it. Without
// AVX-512 it falls back to std::tanh. Accuracy against std::tanh: tests/test_vector_tanh.cpp.
#include <Eigen/Core>

namespace ratebench {

// out[i] = tanh(in[i]) for i < count; in and out may be the same array.
void vector_tanh(const double* in, double* out, Eigen::Index count);

// True when vector_tanh uses libmvec (recorded with the benchmark results).
bool vector_tanh_is_libmvec();

}  // namespace ratebench
