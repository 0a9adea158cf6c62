#include "core/rng.hpp"

#include <cmath>
#include <numbers>

namespace ratebench {
namespace {

constexpr std::uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;

// SplitMix64's finaliser: a strong 64-bit mixer for combining the stream's names into a key.
std::uint64_t mix64(std::uint64_t z) {
    z += 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001B3ull;
    return h;
}

}  // namespace

PhiloxBlock philox4x32_10(PhiloxBlock c, PhiloxKey k) {
    for (int round = 0; round < 10; ++round) {
        if (round > 0) {
            k[0] += kWeyl0;
            k[1] += kWeyl1;
        }
        const std::uint64_t p0 = std::uint64_t{kMul0} * c[0];
        const std::uint64_t p1 = std::uint64_t{kMul1} * c[2];
        c = {static_cast<std::uint32_t>(p1 >> 32) ^ c[1] ^ k[0], static_cast<std::uint32_t>(p1),
             static_cast<std::uint32_t>(p0 >> 32) ^ c[3] ^ k[1], static_cast<std::uint32_t>(p0)};
    }
    return c;
}

Stream::Stream(std::uint64_t seed, std::string_view scenario_id, std::uint64_t replicate,
               std::string_view purpose) {
    std::uint64_t h = mix64(seed);
    h = mix64(h ^ fnv1a(scenario_id));
    h = mix64(h ^ replicate);
    h = mix64(h ^ fnv1a(purpose));
    key_ = {static_cast<std::uint32_t>(h), static_cast<std::uint32_t>(h >> 32)};
}

std::uint64_t Stream::next64() {
    if (words_left_ == 0) {
        block_ = philox4x32_10({static_cast<std::uint32_t>(block_index_),
                                static_cast<std::uint32_t>(block_index_ >> 32), 0u, 0u},
                               key_);
        ++block_index_;
        words_left_ = 4;
    }
    const int at = 4 - words_left_;
    words_left_ -= 2;
    return (std::uint64_t{block_[at + 1]} << 32) | block_[at];
}

double Stream::uniform() { return static_cast<double>(next64() >> 11) * 0x1.0p-53; }

double Stream::normal() {
    if (has_spare_) {
        has_spare_ = false;
        return spare_normal_;
    }
    const double u1 = 1.0 - uniform();  // (0, 1]: log stays finite
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * std::numbers::pi * u2;
    spare_normal_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
}

}  // namespace ratebench
