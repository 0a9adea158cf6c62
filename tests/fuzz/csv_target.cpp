// libFuzzer target: the CSV reader behind --data. Any input must end in a Dataset that passes
// validate_dataset or in an InputError; anything else (a crash, another exception, a sanitizer
// report) is a finding. The first byte picks the number of target columns (1-3), as a
// scenario declaring k targets would.
#include "core/csv.hpp"
#include "core/errors.hpp"

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const Eigen::Index targets = 1 + data[0] % 3;
    std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    try {
        const ratebench::Dataset d = ratebench::read_csv(in, "fuzz.csv", targets);
        ratebench::validate_dataset(d, "fuzz.csv");
    } catch (const ratebench::InputError&) {
    }
    return 0;
}
