// Hex helpers for byte-level WebSocket and HTTP tests.
#pragma once

#include <string>
#include <string_view>

namespace netsim::websocket::testing {

// "81 05 48 65" or "81054865" → the bytes. Spaces are ignored.
inline std::string from_hex(std::string_view hex) {
  auto nibble = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
  };
  std::string out;
  int high = -1;
  for (const char c : hex) {
    if (c == ' ') continue;
    if (high < 0) {
      high = nibble(c);
    } else {
      out += static_cast<char>(high * 16 + nibble(c));
      high = -1;
    }
  }
  return out;
}

// The bytes as lowercase hex with a space between bytes, for readable failures.
inline std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    if (!out.empty()) out += ' ';
    const auto u = static_cast<unsigned char>(c);
    out += kDigits[u >> 4];
    out += kDigits[u & 0xF];
  }
  return out;
}

// n bytes with byte i = (i*31 + 7) mod 256, the pattern tools/validate/websocket_golden uses.
inline std::string pattern(std::size_t n) {
  std::string out(n, '\0');
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<char>((i * 31 + 7) & 0xFF);
  return out;
}

}  // namespace netsim::websocket::testing
