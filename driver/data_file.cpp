#include "driver/data_file.hpp"

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "reports/digest.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <sstream>

namespace ratebench {

namespace fs = std::filesystem;

DataFile read_data_file(const std::string& path, std::uintmax_t max_bytes) {
    const std::string where = "--data " + path;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status))
        throw InputError(where + ": no such file (give the path of a CSV file)");
    // A directory would read as empty, a FIFO or device could block or never end.
    if (!fs::is_regular_file(status))
        throw InputError(where + ": not a regular file (give the path of a CSV file)");
    const std::uintmax_t size = fs::file_size(path, ec);
    if (!ec && size > max_bytes)
        throw InputError(fmt::format("{}: {:.1f} MiB is over the {} MiB limit for data files "
                                     "(use fewer points)",
                                     where, static_cast<double>(size) / (1 << 20), max_bytes >> 20));
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(where + ": cannot open for reading (" + std::strerror(errno) + ")");
    std::ostringstream bytes;
    errno = 0;
    bytes << in.rdbuf();
    if (in.bad() || (errno != 0 && bytes.str().empty()))
        throw InputError(where + ": read error (" + std::strerror(errno) + ")");
    const std::string content = bytes.str();
    std::istringstream csv(content);
    DataFile file{read_csv(csv, path, 1), sha256_hex(content)};
    validate_dataset(file.data, path);
    return file;
}

}  // namespace ratebench
