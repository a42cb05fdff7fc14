#include "sim/units.h"

namespace netsim::sim {

std::string to_string(Bytes b) { return std::to_string(b.count()) + "B"; }

std::string to_string(DataRate r) {
  const std::int64_t v = r.bits_per_second();
  if (v != 0 && v % 1'000'000'000 == 0) return std::to_string(v / 1'000'000'000) + "Gbps";
  if (v != 0 && v % 1'000'000 == 0) return std::to_string(v / 1'000'000) + "Mbps";
  if (v != 0 && v % 1'000 == 0) return std::to_string(v / 1'000) + "kbps";
  return std::to_string(v) + "bps";
}

}  // namespace netsim::sim
