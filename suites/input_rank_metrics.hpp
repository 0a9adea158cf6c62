#pragma once
// A rank-deficient input (core/sharpness_min.hpp's InputRank) as run metrics, so that a judge
// reading only the runs can say which inputs were dependent: inputs.rank, inputs.n, inputs.d
// and inputs.dependent_ITEM.K = 1 for each involved column or point K, counted from 1 as in the
// data file. The linear family records columns of X^T X, the deep family points of X X^T.
#include "core/result.hpp"
#include "core/sharpness_min.hpp"

#include <optional>
#include <string>

namespace ratebench {

struct RecordedRank {
    InputRank rank;  // dependent_columns 0-based and sorted
    Eigen::Index n = 0, d = 0;
};

void record_input_rank(Metrics& metrics, const InputRank& rank, Eigen::Index n, Eigen::Index d,
                       const std::string& item);
// What record_input_rank wrote with the same item; nullopt for a run that recorded no rank.
std::optional<RecordedRank> recorded_input_rank(const Metrics& metrics, const std::string& item);

}  // namespace ratebench
