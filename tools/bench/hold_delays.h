// Delays for the classic hold model (Vaucher & Duval 1975; Jones 1986): N events are pending, each
// handler schedules one new event after an exponentially distributed delay. Every harness (netsim's
// engine, the bare heap, ns-3's schedulers) draws from this one precomputed table, so they order
// exactly the same keys and the random-number cost is outside the measurement.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace netsim::bench {

// Table length: a power of two, indexed with a mask; long enough that the cycle does not matter.
inline constexpr std::size_t kHoldTableSize = std::size_t{1} << 20;

// Exponential delays with the given mean in integer nanoseconds, from a SplitMix64 sequence
// (Steele, Lea, Flood 2014) so that the table is the same on every platform.
inline std::vector<std::int64_t> hold_delays(std::int64_t mean_ns, std::uint64_t seed = 1) {
  std::vector<std::int64_t> delays(kHoldTableSize);
  std::uint64_t state = seed;
  for (auto& d : delays) {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    // u in (0, 1]: 53 random bits, never zero, so log(u) is finite.
    const double u = (static_cast<double>(z >> 11) + 1.0) * 0x1.0p-53;
    d = static_cast<std::int64_t>(std::llround(-std::log(u) * static_cast<double>(mean_ns)));
  }
  return delays;
}

}  // namespace netsim::bench
