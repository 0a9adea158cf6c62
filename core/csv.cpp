#include "core/csv.hpp"

#include "core/errors.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <optional>
#include <vector>

namespace ratebench {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return fields;
}

// from_chars is locale-independent and rejects trailing junk; a leading '+' is allowed by hand.
std::optional<double> parse_number(std::string_view field) {
    if (!field.empty() && field.front() == '+') {
        field.remove_prefix(1);
        if (!field.empty() && field.front() == '-') return std::nullopt;  // "+-1": two signs
    }
    double value = 0.0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (field.empty() || ec != std::errc() || end != field.data() + field.size())
        return std::nullopt;
    return value;
}

bool all_non_numeric(const std::vector<std::string_view>& fields) {
    for (auto f : fields)
        if (parse_number(f)) return false;
    return true;
}

}  // namespace

Dataset read_csv(std::istream& in, const std::string& name, Eigen::Index targets) {
    if (targets < 1) throw InputError(name + ": the number of target columns must be >= 1");
    std::vector<double> values;
    std::size_t columns = 0, rows = 0, line_no = 0;
    std::string line;
    bool header_seen = false;
    while (std::getline(in, line)) {
        ++line_no;
        const std::string where = name + ":" + std::to_string(line_no) + ": ";
        if (trim(line).empty()) continue;
        const auto fields = split_fields(line);
        if (rows == 0 && !header_seen && all_non_numeric(fields)) {
            header_seen = true;
            columns = fields.size();
            continue;
        }
        if (columns == 0) columns = fields.size();
        if (fields.size() != columns)
            throw InputError(where + "expected " + std::to_string(columns) + " columns, found " +
                             std::to_string(fields.size()) + " (ragged rows)");
        for (std::size_t c = 0; c < fields.size(); ++c) {
            const auto value = parse_number(fields[c]);
            const std::string col = "column " + std::to_string(c + 1);
            if (!value)
                throw InputError(where + col + ": '" + std::string(fields[c]) +
                                 "' is not a number");
            if (!std::isfinite(*value))
                throw InputError(where + col + ": non-finite value '" +
                                 std::string(fields[c]) + "' (NaN and Inf are not data)");
            values.push_back(*value);
        }
        ++rows;
    }
    if (in.bad()) throw InputError(name + ": read error");
    if (rows == 0)
        throw InputError(name + ":" + std::to_string(line_no) + ": no data rows" +
                         (header_seen ? " (only a header)" : " (empty file)"));
    if (columns <= static_cast<std::size_t>(targets))
        throw InputError(name + ":1: " + std::to_string(columns) + " column(s) leave no input " +
                         "column beside " + std::to_string(targets) + " target column(s)");

    const auto n = static_cast<Eigen::Index>(rows), c = static_cast<Eigen::Index>(columns);
    const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>
        table(values.data(), n, c);
    return Dataset{table.leftCols(c - targets), table.rightCols(targets)};
}

Dataset load_csv(const std::string& path, Eigen::Index targets) {
    std::ifstream in(path);
    if (!in) throw InputError(path + ": cannot open for reading");
    return read_csv(in, path, targets);
}

}  // namespace ratebench
