#pragma once
// Canonical JSON and SHA-256 (OpenSSL's libcrypto, never by hand). Canonical = nlohmann
// dump() of an object whose keys are sorted (nlohmann::json's default map), doubles in the
// shortest form that round-trips.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ratebench {

std::string sha256_hex(std::string_view bytes);
std::string canonical(const nlohmann::json& j);

// The file's digest: everything but environment, timings and the digest itself.
std::string result_digest(const nlohmann::json& file);

}  // namespace ratebench
