#include "sim/random.h"

#include "sim/assert.h"

namespace netsim::sim {

std::uint64_t Rng::below(std::uint64_t n) {
  NETSIM_ASSERT(n > 0, "Rng::below(0)");
  auto m = static_cast<unsigned __int128>(next_u64()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<unsigned __int128>(next_u64()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

std::uint64_t RandomStreams::stream_seed(std::string_view name) const {
  // Chain SplitMix64 through the three inputs; each step diffuses every input bit.
  std::uint64_t state = seed_;
  std::uint64_t key = splitmix64(state);
  state = key ^ run_;
  key = splitmix64(state);
  state = key ^ fnv1a64(name);
  return splitmix64(state);
}

Rng RandomStreams::stream(std::string_view name) {
  if (!taken_.emplace(name).second) {
    const std::string message = "random stream '" + std::string(name) + "' requested twice";
    detail::assertion_failed("stream name is unique", message.c_str(), __FILE__, __LINE__);
  }
  return Rng(stream_seed(name));
}

}  // namespace netsim::sim
