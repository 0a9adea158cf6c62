#pragma once
// Writes a report directory from loaded results alone (nothing is re-run): report.md with
// its SVG figures beside it, the self-contained report.html, and a copy of each Google
// Benchmark file so the report directory holds its own evidence.
#include "reports/result_set.hpp"

#include <filesystem>
#include <vector>

namespace ratebench {

// Returns the files written. Throws InputError when the directory cannot be written.
std::vector<std::filesystem::path> write_report(const ResultSet& set, const std::filesystem::path& out_dir);

}  // namespace ratebench
