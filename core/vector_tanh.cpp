#include "core/vector_tanh.hpp"

#include <cmath>

#ifdef __AVX512F__
#include <immintrin.h>
// libmvec's AVX-512 variant of tanh, as glibc declares it under -ffast-math (which we do not
// use: it would give up IEEE semantics everywhere else).
extern "C" __m512d _ZGVeN8v_tanh(__m512d);
#endif

namespace ratebench {

void vector_tanh(const double* in, double* out, Eigen::Index count) {
#ifdef __AVX512F__
    Eigen::Index i = 0;
    for (; i + 8 <= count; i += 8) _mm512_storeu_pd(out + i, _ZGVeN8v_tanh(_mm512_loadu_pd(in + i)));
    if (i < count) {
        // The tail through the same 8-lane routine: masked-off lanes hold zeros.
        const __mmask8 mask = static_cast<__mmask8>((1u << (count - i)) - 1u);
        _mm512_mask_storeu_pd(out + i, mask, _ZGVeN8v_tanh(_mm512_maskz_loadu_pd(mask, in + i)));
    }
#else
    for (Eigen::Index i = 0; i < count; ++i) out[i] = std::tanh(in[i]);
#endif
}

bool vector_tanh_is_libmvec() {
#ifdef __AVX512F__
    return true;
#else
    return false;
#endif
}

}  // namespace ratebench
