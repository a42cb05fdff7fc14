#include "models/tcp/congestion/cubic.h"

#include <algorithm>
#include <cmath>

namespace netsim::tcp {

void Cubic::start_epoch(const CongestionState& s, sim::Time now) {
  // §4.2: a new congestion-avoidance epoch. Without a recorded loss (W_max 0) the curve starts
  // at the current window.
  const double cwnd = static_cast<double>(s.cwnd) / s.mss;
  if (w_max_ < cwnd) {
    k_ = 0;
    w_max_ = cwnd;
  } else {
    k_ = std::cbrt((w_max_ - cwnd) / kC);
  }
  w_est_ = cwnd;
  epoch_start_ = now;
}

void Cubic::on_ack(CongestionState& s, std::uint32_t acked, sim::Time now, sim::Duration rtt) {
  if (s.cwnd < s.ssthresh) {
    s.cwnd += std::min(acked, s.mss);  // slow start, RFC 5681
    return;
  }
  if (!epoch_start_) start_epoch(s, now);
  const double mss = s.mss;
  const double cwnd = static_cast<double>(s.cwnd) / mss;
  const double t = (now - *epoch_start_).to_seconds();
  // §4.4: the target is the curve one RTT ahead, bounded to [cwnd, 1.5·cwnd].
  const double target = std::clamp(w_cubic(t + rtt.to_seconds()), cwnd, 1.5 * cwnd);
  // §4.3: the Reno-friendly estimate grows by α per cwnd of acknowledged segments.
  const double alpha = 3 * (1 - kBeta) / (1 + kBeta);
  w_est_ += alpha * (static_cast<double>(acked) / mss) / cwnd;
  double next = cwnd + (target - cwnd) / cwnd;
  if (w_est_ > next) next = w_est_;
  const auto bytes = static_cast<std::uint32_t>(next * mss);
  if (bytes > s.cwnd) s.cwnd = bytes;
}

std::uint32_t Cubic::ssthresh_after_loss(CongestionState& s, std::uint32_t, sim::Time) {
  const double cwnd = static_cast<double>(s.cwnd) / s.mss;
  // §4.7 fast convergence: a loss below the previous maximum releases bandwidth faster.
  w_max_ = cwnd < w_max_ ? cwnd * (1 + kBeta) / 2 : cwnd;
  epoch_start_.reset();
  // §4.6: ssthresh = cwnd·β (not FlightSize: RFC 9438 uses cwnd), at least 2 segments.
  return std::max(static_cast<std::uint32_t>(static_cast<double>(s.cwnd) * kBeta), 2 * s.mss);
}

void Cubic::on_timeout(CongestionState& s, std::uint32_t flight, sim::Time now) {
  // §4.8: on a timeout, the CUBIC state is reset like after a loss and cwnd restarts at 1 segment.
  s.ssthresh = ssthresh_after_loss(s, flight, now);
  s.cwnd = s.mss;
}

}  // namespace netsim::tcp
