// libFuzzer target: the result-file reader behind report and compare. Any input must be
// accepted (and then its fields load) or refused with an InputError; anything else is a
// finding. A random input almost never carries its own SHA-256 digest, so an input that parses
// as a JSON object is tried a second time with its digest re-stamped: that reaches the checks
// behind the digest, where a malformed field must still be an InputError.
#include "core/errors.hpp"
#include "reports/digest.hpp"
#include "reports/result_file.hpp"
#include "reports/result_set.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void read(std::string_view bytes) {
    try {
        const nlohmann::json file = ratebench::parse_result_file(bytes, "fuzz.json");
        ratebench::loaded_result(file, "fuzz.json");
    } catch (const ratebench::InputError&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    read(bytes);
    nlohmann::json file = nlohmann::json::parse(bytes, nullptr, false);
    if (file.is_object()) {
        file["digest"] = ratebench::result_digest(file);
        read(file.dump());
    }
    return 0;
}
