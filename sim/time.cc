#include "sim/time.h"

#include <array>
#include <utility>

namespace netsim::sim {

std::string to_string(Duration d) {
  const std::int64_t v = d.ns();
  if (v == 0) return "0s";
  static constexpr std::array<std::pair<std::int64_t, const char*>, 4> kUnits{
      {{1'000'000'000, "s"}, {1'000'000, "ms"}, {1'000, "us"}, {1, "ns"}}};
  for (const auto& [unit, suffix] : kUnits) {
    if (v % unit == 0) return std::to_string(v / unit) + suffix;
  }
  return std::to_string(v) + "ns";
}

std::string to_string(Time t) { return to_string(t.since_start()); }

}  // namespace netsim::sim
