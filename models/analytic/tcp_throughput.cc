#include "models/analytic/tcp_throughput.h"

#include <algorithm>
#include <cmath>

namespace netsim::analytic {

double mathis_constant(double acked_per_ack) { return std::sqrt(3 / (2 * acked_per_ack)); }

double mathis_throughput_bps(const TcpPath& path) {
  return path.mss_bytes * 8 / path.rtt_s * mathis_constant(path.acked_per_ack) /
         std::sqrt(path.loss);
}

double pftk_throughput_bps(const TcpPath& path) {
  const double p = path.loss;
  const double b = path.acked_per_ack;
  // PFTK eq. (33), in segments per second.
  const double segments =
      1 / (path.rtt_s * std::sqrt(2 * b * p / 3) +
           path.rto_s * std::min(1.0, 3 * std::sqrt(3 * b * p / 8)) * p * (1 + 32 * p * p));
  double bps = segments * path.mss_bytes * 8;
  if (path.max_window_bytes) bps = std::min(bps, *path.max_window_bytes * 8 / path.rtt_s);
  return bps;
}

}  // namespace netsim::analytic
