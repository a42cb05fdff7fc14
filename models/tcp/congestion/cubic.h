// CUBIC (RFC 9438). After a loss at window W_max, the window follows
//   W_cubic(t) = C·(t − K)³ + W_max,  K = ∛(W_max·(1 − β)/C)        (§4.2, segments, seconds)
// with C = 0.4 and β = 0.7: concave up to W_max, then convex beyond it. Each ACK in congestion
// avoidance moves cwnd toward W_cubic(t + RTT) by (target − cwnd)/cwnd segments (§4.4), but
// never below the Reno-friendly estimate W_est, which grows by α = 3(1 − β)/(1 + β) segments per
// window (§4.3). On loss ssthresh = cwnd·β, with fast convergence (§4.7): if cwnd is below the
// previous W_max, W_max = cwnd·(1 + β)/2. Slow start is Reno's (no HyStart).
#pragma once

#include <optional>

#include "models/tcp/congestion/congestion_control.h"

namespace netsim::tcp {

class Cubic final : public CongestionControl {
 public:
  static constexpr double kC = 0.4;
  static constexpr double kBeta = 0.7;

  void on_ack(CongestionState& s, std::uint32_t acked, sim::Time now, sim::Duration rtt) override;
  std::uint32_t ssthresh_after_loss(CongestionState& s, std::uint32_t flight,
                                    sim::Time now) override;
  void on_timeout(CongestionState& s, std::uint32_t flight, sim::Time now) override;
  CongestionAlgorithm algorithm() const override { return CongestionAlgorithm::Cubic; }

  // W_cubic(t) in segments, t seconds after the epoch started (exposed for tests).
  double w_cubic(double t) const { return kC * (t - k_) * (t - k_) * (t - k_) + w_max_; }
  double k() const { return k_; }
  double w_max() const { return w_max_; }

 private:
  void start_epoch(const CongestionState& s, sim::Time now);

  double w_max_ = 0;  // segments
  double k_ = 0;      // seconds
  double w_est_ = 0;  // Reno-friendly estimate, segments
  std::optional<sim::Time> epoch_start_;
};

}  // namespace netsim::tcp
