// netem's correlated uniform numbers and probabilities, bit for bit (Linux net/sched/sch_netem.c,
// get_crandom): probabilities are 32-bit fractions of 2^32 − 1 (iproute2 set_percent), and a
// "correlation" c mixes each new uniform with the previous result,
//   next = (U · (2^32 − ρ) + last · ρ) >> 32,  ρ = c · (2^32 − 1) + 1,
// an exponential smoothing that keeps the mean but is not a true correlation coefficient (the
// man page calls correlated loss deprecated for that reason). With c = 0 the draws are
// independent and `last` is not updated.
#pragma once

#include <cmath>
#include <cstdint>

#include "sim/random.h"

namespace netsim::net {

// A probability as netem stores it: rint(p · (2^32 − 1)).
inline std::uint32_t netem_probability(double p) {
  return static_cast<std::uint32_t>(std::rint(p * 4294967295.0));
}

inline std::uint32_t uniform_u32(sim::Rng& rng) {
  return static_cast<std::uint32_t>(rng.next_u64() >> 32);
}

class CorrelatedUniform {
 public:
  CorrelatedUniform() = default;
  // `last` starts from one draw, as netem's init_crandom does.
  CorrelatedUniform(double correlation, sim::Rng& rng)
      : rho_(netem_probability(correlation)), last_(uniform_u32(rng)) {}

  std::uint32_t next(sim::Rng& rng) {
    const std::uint64_t value = uniform_u32(rng);
    if (rho_ == 0) return static_cast<std::uint32_t>(value);
    const std::uint64_t rho = std::uint64_t{rho_} + 1;
    last_ = static_cast<std::uint32_t>(
        (value * ((std::uint64_t{1} << 32) - rho) + std::uint64_t{last_} * rho) >> 32);
    return last_;
  }

  // netem's test for an event of probability p: p ≠ 0 and p ≥ the next correlated draw. The draw
  // is taken only when p ≠ 0, as in the kernel.
  bool event(std::uint32_t p, sim::Rng& rng) { return p != 0 && p >= next(rng); }

 private:
  std::uint32_t rho_ = 0;
  std::uint32_t last_ = 0;
};

}  // namespace netsim::net
