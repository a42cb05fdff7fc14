#include "models/socketio/backoff.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace netsim::socketio {

Backoff::Backoff(std::int64_t ms, std::int64_t max, double factor, double jitter)
    : ms_(ms != 0 ? static_cast<double>(ms) : 100),
      max_(max != 0 ? static_cast<double>(max) : 10000),
      factor_(factor != 0 && !std::isnan(factor) ? factor : 2),
      jitter_(jitter > 0 && jitter <= 1 ? jitter : 0) {}

sim::Duration Backoff::duration(double rand) {
  // The products are evaluated left to right, in doubles, as in JavaScript.
  double ms = ms_ * std::pow(factor_, attempts_);
  // attempts++ on a JavaScript number never overflows; an int would after 2^31 calls, so stop
  // counting there (ms has been Infinity since attempt 1015, so nothing changes).
  if (attempts_ < std::numeric_limits<int>::max()) ++attempts_;
  if (jitter_ != 0) {
    const double deviation = std::floor(rand * jitter_ * ms);
    const bool even = (to_int32(std::floor(rand * 10)) & 1) == 0;
    ms = even ? ms - deviation : ms + deviation;
  }
  // Math.min: NaN if either argument is NaN.
  const double capped = std::isnan(ms) ? ms : std::min(ms, max_);
  return sim::ms(to_int32(capped));
}

std::int32_t to_int32(double x) {
  if (!std::isfinite(x)) return 0;
  const double truncated = std::trunc(x);
  const double wrapped = std::fmod(truncated, 4294967296.0);  // exact; sign of x
  const double unsigned_value = wrapped < 0 ? wrapped + 4294967296.0 : wrapped;
  const auto bits = static_cast<std::uint32_t>(unsigned_value);
  return static_cast<std::int32_t>(bits);  // modulo 2^32 (C++20)
}

}  // namespace netsim::socketio
