// Delay jitter as netem draws it (Linux sch_netem.c tabledist; iproute2 netem/*.c tables).
//   uniform       no table: an integer uniform in [delay − jitter, delay + jitter)
//   normal        inverse-CDF table of the standard normal
//   pareto        Pareto with α = 3, mean removed, scaled by 4/3 (iproute2's pareto.c)
//   paretonormal  the entry-by-entry quantile mix (normal + 3·pareto) / 4
// Tables have 4096 entries scaled by 8192 (NETEM_DIST_SCALE) and are built here by iproute2's
// construction; the sample is delay + jitter · table[rnd mod 4096] / 8192 in netem's integer
// arithmetic, with rnd the (optionally correlated) uniform. Negative results mean "now" (0).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace netsim::net {

enum class DelayDistribution : std::uint8_t { Uniform, Normal, Pareto, ParetoNormal };

std::string_view to_string(DelayDistribution distribution);

inline constexpr int kDistTableSize = 4096;
inline constexpr std::int64_t kDistScale = 8192;  // NETEM_DIST_SCALE

using DistTable = std::array<std::int16_t, kDistTableSize>;

// The table for a non-uniform distribution (built once, then shared; immutable).
const DistTable& distribution_table(DelayDistribution distribution);

// netem's tabledist(): mu ± sigma shaped by the distribution, from a 32-bit uniform `rnd`.
std::int64_t tabledist(std::int64_t mu, std::int64_t sigma, std::uint32_t rnd,
                       DelayDistribution distribution);

}  // namespace netsim::net
