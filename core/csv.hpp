#pragma once
// CSV datasets: one row per point, the last `targets` columns are the target, the rest the
// input. A first line that is not numeric is a header. Every problem is an InputError
// "file:line: problem", never a crash and never a silent zero.
#include "core/data.hpp"

#include <istream>
#include <string>

namespace ratebench {

Dataset load_csv(const std::string& path, Eigen::Index targets = 1);

// The same from an open stream; `name` stands for the file in messages.
Dataset read_csv(std::istream& in, const std::string& name, Eigen::Index targets = 1);

}  // namespace ratebench
