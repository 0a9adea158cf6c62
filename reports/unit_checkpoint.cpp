#include "reports/unit_checkpoint.hpp"

#include "core/errors.hpp"
#include "reports/digest.hpp"
#include "reports/result_file.hpp"

#include <algorithm>
#include <fmt/core.h>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>
#include <unistd.h>

namespace ratebench {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::string_view kMagic = "ratebench unit checkpoint 1 ";
constexpr std::size_t kHexDigits = 64;

}  // namespace

fs::path scenario_checkpoint_dir(const fs::path& out, const std::string& scenario) {
    return out / ".units" / scenario;
}

fs::path unit_checkpoint_dir(const fs::path& out, const UnitCheckpointKey& key) {
    return scenario_checkpoint_dir(out, key.scenario) / key.spec_hash;
}

fs::path write_unit_checkpoint(const fs::path& out, const UnitCheckpointKey& key,
                               const std::vector<std::size_t>& units, const json& runs) {
    const std::size_t first = *std::min_element(units.begin(), units.end());
    const fs::path dir = unit_checkpoint_dir(out, key);
    const fs::path path = dir / (std::to_string(first) + ".cbor");
    const fs::path tmp = dir / fmt::format(".{}.cbor.tmp.{}", first, getpid());
    const std::vector<std::uint8_t> body = json::to_cbor(json{{"scenario", key.scenario},
                                                              {"spec_hash", key.spec_hash},
                                                              {"commit", key.commit},
                                                              {"unit_count", key.unit_count},
                                                              {"units", units},
                                                              {"runs", runs}});
    const std::string_view bytes(reinterpret_cast<const char*>(body.data()), body.size());
    // A shard sharing --out may remove this directory the moment it is empty (after writing its
    // partial file): create it again and retry rather than fail.
    for (int attempt = 0;; ++attempt) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
        if (file) {
            file << kMagic << sha256_hex(bytes) << '\n' << bytes;
            file.close();
            if (!file) {
                fs::remove(tmp, ec);
                throw InputError(tmp.string() + ": cannot write a unit checkpoint (disk full?)");
            }
            break;
        }
        if (attempt == 2)
            throw InputError(tmp.string() + ": cannot write a unit checkpoint (is --out writable by every process?)");
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        const std::string why = ec.message();
        fs::remove(tmp, ec);
        throw InputError(path.string() + ": cannot write a unit checkpoint: " + why);
    }
    return path;
}

UnitCheckpoint read_unit_checkpoint(const fs::path& path) {
    const std::string name = path.string();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(name + ": cannot open unit checkpoint");
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    const std::size_t header = kMagic.size() + kHexDigits + 1;
    if (bytes.size() < header || bytes.compare(0, kMagic.size(), kMagic) != 0 || bytes[header - 1] != '\n')
        throw InputError(name + ": not a unit checkpoint (no 'ratebench unit checkpoint 1' header)");
    const std::string_view body = std::string_view(bytes).substr(header);
    if (bytes.compare(kMagic.size(), kHexDigits, sha256_hex(body)) != 0)
        throw InputError(name + ": SHA-256 mismatch: the checkpoint was truncated or changed");
    try {
        const json j = json::from_cbor(body);
        UnitCheckpoint c;
        c.key = UnitCheckpointKey{j.at("scenario"), j.at("spec_hash"), j.at("commit"), j.at("unit_count")};
        c.units = j.at("units").get<std::vector<std::size_t>>();
        c.runs = runs_from_json(j.at("runs"));
        const bool in_range = std::all_of(c.units.begin(), c.units.end(),
                                          [&](std::size_t u) { return u < c.key.unit_count; });
        if (c.units.empty() || c.units.size() != c.runs.size() || !in_range)
            throw InputError("inconsistent units (" + std::to_string(c.units.size()) + " units, " +
                             std::to_string(c.runs.size()) + " runs, plan of " +
                             std::to_string(c.key.unit_count) + ")");
        return c;
    } catch (const json::exception& e) {
        throw InputError(name + ": malformed unit checkpoint: " + e.what());
    } catch (const InputError& e) {
        throw InputError(name + ": malformed unit checkpoint: " + e.what());
    }
}

}  // namespace ratebench
