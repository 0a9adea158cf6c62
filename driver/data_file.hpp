#pragma once
// The --data file: checked (a regular, readable file under the size limit), parsed and
// validated, and hashed for the spec. Every problem is an InputError naming the file.
#include "core/data.hpp"

#include <cstdint>
#include <string>

namespace ratebench {

// ratebench reads the whole file before it runs anything. A CSV number takes at least two
// bytes, so the parsed values take at most 4x the file: 64 MiB of CSV is at most 256 MiB of
// doubles, and far more points than any scenario can use (relu2 holds n x n Grams and n x m
// activations with m >= 400 n). A larger file is refused, never read into an OOM kill.
inline constexpr std::uintmax_t kMaxDataFileBytes = 64ull << 20;

struct DataFile {
    Dataset data;
    std::string sha256;  // of the file's bytes: part of the spec hash
};

DataFile read_data_file(const std::string& path, std::uintmax_t max_bytes = kMaxDataFileBytes);

}  // namespace ratebench
