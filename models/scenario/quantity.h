// Quantities with units, as written in scenarios: "20ms", "10Mbps", "1500B", "1%", "100 packets".
// Numbers are decimal and converted exactly (no floating point for time, rates or sizes): "1.5ms"
// is 1,500,000 ns, and "0.0000000001s" is an error rather than a silent zero.
#pragma once

#include <stdexcept>
#include <string_view>

#include "models/net/queue/queue_discipline.h"
#include "sim/time.h"
#include "sim/units.h"

namespace netsim::scenario {

// A malformed quantity. The message says what was expected; the caller adds the location.
class QuantityError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// ns, us, ms, s, min, h. A bare "0" is accepted. Negative values are rejected.
sim::Duration parse_duration(std::string_view text);
// bps, kbps, Mbps, Gbps, Tbps (SI, case-insensitive prefix). Must be positive.
sim::DataRate parse_rate(std::string_view text);
// B, KB, MB, GB (SI) and KiB, MiB, GiB (binary). Whole bytes, not negative.
sim::Bytes parse_size(std::string_view text);
// "1%", "0.25 %": a probability in [0, 1].
double parse_percent(std::string_view text);
// "100 packets" or a size ("64KB").
net::QueueLimit parse_queue_limit(std::string_view text);

}  // namespace netsim::scenario
