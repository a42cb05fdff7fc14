#include "models/engineio/ids.h"

#include <string_view>

#include "models/engineio/base64.h"

namespace netsim::engineio {

std::string encode_id(const std::array<std::uint8_t, 12>& random, std::int32_t sequence) {
  const auto seq = static_cast<std::uint32_t>(sequence);
  std::array<char, 15> bytes{};
  for (std::size_t i = 0; i < random.size(); ++i) bytes[i] = static_cast<char>(random[i]);
  bytes[12] = static_cast<char>((seq >> 16) & 0xFF);
  bytes[13] = static_cast<char>((seq >> 8) & 0xFF);
  bytes[14] = static_cast<char>(seq & 0xFF);
  std::string id = base64_encode(std::string_view(bytes.data(), bytes.size()));
  for (char& c : id) {
    if (c == '/') c = '_';
    if (c == '+') c = '-';
  }
  return id;
}

std::string generate_id(sim::Rng& rng, std::int32_t sequence) {
  std::array<std::uint8_t, 12> random{};
  const std::uint64_t first = rng.next_u64();
  const std::uint64_t second = rng.next_u64();
  for (std::size_t i = 0; i < 8; ++i) random[i] = static_cast<std::uint8_t>(first >> (8 * i));
  for (std::size_t i = 0; i < 4; ++i) random[8 + i] = static_cast<std::uint8_t>(second >> (8 * i));
  return encode_id(random, sequence);
}

std::string IdGenerator::next(sim::Rng& rng) {
  const auto sequence = static_cast<std::int32_t>(next_sequence_);
  ++next_sequence_;
  return generate_id(rng, sequence);
}

}  // namespace netsim::engineio
