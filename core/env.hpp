#pragma once
// Build and machine context for result files: what a reader needs to interpret timings and to
// know which code and which arithmetic produced the numbers. Never part of the digest.
#include <map>
#include <string>

namespace ratebench {

std::map<std::string, std::string> environment(int threads);

}  // namespace ratebench
