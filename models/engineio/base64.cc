#include "models/engineio/base64.h"

#include <openssl/evp.h>

#include <cassert>
#include <cstddef>

namespace netsim::engineio {

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  if (bytes.empty()) return out;
  // EVP_EncodeBlock writes 4·ceil(n/3) characters plus a NUL; reserve room for the NUL.
  out.resize(out.size() + 1);
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

namespace {

// The standard-alphabet character for a character of either alphabet, or '\0' to skip it.
char canonical_char(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
  if (c == '+' || c == '-') return '+';
  if (c == '/' || c == '_') return '/';
  return '\0';
}

}  // namespace

std::string base64_decode_lenient(std::string_view text) {
  // First reduce the text to what Node actually decodes, in the standard alphabet, then let
  // OpenSSL decode it in padded groups of four.
  std::string clean;
  clean.reserve(text.size());
  for (const char c : text) {
    if (c == '=') break;
    if (const char s = canonical_char(c); s != '\0') clean.push_back(s);
  }
  if (clean.size() % 4 == 1) clean.pop_back();  // 6 bits make no byte
  const std::size_t padding = (4 - clean.size() % 4) % 4;
  clean.append(padding, '=');
  if (clean.empty()) return {};

  std::string out(clean.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  assert(n == static_cast<int>(out.size()) && "base64: canonical text must decode");
  (void)n;
  // EVP_DecodeBlock counts the bytes the padding stands for; drop them.
  out.resize(out.size() - padding);
  return out;
}

}  // namespace netsim::engineio
