#include "suites/input_rank_metrics.hpp"

#include <algorithm>

namespace ratebench {

void record_input_rank(Metrics& metrics, const InputRank& rank, Eigen::Index n, Eigen::Index d,
                       const std::string& item) {
    metrics["inputs.rank"] = static_cast<double>(rank.rank);
    metrics["inputs.n"] = static_cast<double>(n);
    metrics["inputs.d"] = static_cast<double>(d);
    for (Eigen::Index j : rank.dependent_columns) metrics["inputs.dependent_" + item + "." + std::to_string(j + 1)] = 1;
}

std::optional<RecordedRank> recorded_input_rank(const Metrics& metrics, const std::string& item) {
    if (!metrics.count("inputs.rank")) return std::nullopt;
    RecordedRank out;
    out.rank.rank = static_cast<Eigen::Index>(metrics.at("inputs.rank"));
    out.n = static_cast<Eigen::Index>(metrics.at("inputs.n"));
    out.d = static_cast<Eigen::Index>(metrics.at("inputs.d"));
    const std::string prefix = "inputs.dependent_" + item + ".";
    for (const auto& [key, value] : metrics)
        if (key.rfind(prefix, 0) == 0) out.rank.dependent_columns.push_back(std::stol(key.substr(prefix.size())) - 1);
    std::sort(out.rank.dependent_columns.begin(), out.rank.dependent_columns.end());
    return out;
}

}  // namespace ratebench
