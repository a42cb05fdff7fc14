#include "models/tcp/congestion/reno.h"

#include <algorithm>

namespace netsim::tcp {

void Reno::on_ack(CongestionState& s, std::uint32_t acked, sim::Time, sim::Duration) {
  if (s.cwnd < s.ssthresh) {
    // RFC 5681 (2): cwnd += min(N, SMSS) per ACK in slow start.
    s.cwnd += std::min(acked, s.mss);
    return;
  }
  // RFC 5681 (3): cwnd += SMSS·SMSS/cwnd per ACK (at least one byte), as ns-3's NewReno does;
  // with one ACK per two segments (delayed ACKs) that is half a segment per RTT.
  const auto increment =
      static_cast<std::uint32_t>(static_cast<std::uint64_t>(s.mss) * s.mss / s.cwnd);
  s.cwnd += std::max<std::uint32_t>(1, increment);
}

std::uint32_t Reno::ssthresh_after_loss(CongestionState& s, std::uint32_t flight, sim::Time) {
  return std::max(flight / 2, 2 * s.mss);  // RFC 5681 (4)
}

void Reno::on_timeout(CongestionState& s, std::uint32_t flight, sim::Time now) {
  s.ssthresh = ssthresh_after_loss(s, flight, now);
  s.cwnd = s.mss;  // RFC 5681: the loss window is one segment
}

}  // namespace netsim::tcp
