// SHA-256 (FIPS 180-4) of a file, through OpenSSL's libcrypto, as lowercase hex. Identifies the
// exact scenario text a result came from.
#pragma once

#include <string>

namespace netsim::report {

std::string sha256_hex(const std::string& bytes);
// Throws std::runtime_error if the file cannot be read.
std::string sha256_file_hex(const std::string& path);

}  // namespace netsim::report
