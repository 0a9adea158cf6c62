#include "reports/digest.hpp"

#include <array>
#include <openssl/evp.h>
#include <stdexcept>

namespace ratebench {

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), md.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed (OpenSSL)");
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[md[i] >> 4];
        out += hex[md[i] & 15];
    }
    return out;
}

std::string canonical(const nlohmann::json& j) { return j.dump(); }

std::string result_digest(const nlohmann::json& file) {
    nlohmann::json content = file;
    for (const char* key : {"environment", "timings", "digest"}) content.erase(key);
    return sha256_hex(canonical(content));
}

}  // namespace ratebench
