// Reno window growth (RFC 5681 §3.1): slow start adds min(acked, SMSS) per ACK below ssthresh;
// congestion avoidance adds SMSS·SMSS/cwnd per ACK (about one segment per RTT); after loss,
// ssthresh = max(FlightSize/2, 2·SMSS). NewReno (RFC 6582) changes only loss recovery, which
// the connection runs, so both algorithms share this class.
#pragma once

#include "models/tcp/congestion/congestion_control.h"

namespace netsim::tcp {

class Reno final : public CongestionControl {
 public:
  explicit Reno(CongestionAlgorithm name) : name_(name) {}

  void on_ack(CongestionState& s, std::uint32_t acked, sim::Time now, sim::Duration rtt) override;
  std::uint32_t ssthresh_after_loss(CongestionState& s, std::uint32_t flight,
                                    sim::Time now) override;
  void on_timeout(CongestionState& s, std::uint32_t flight, sim::Time now) override;
  CongestionAlgorithm algorithm() const override { return name_; }

 private:
  CongestionAlgorithm name_;
};

}  // namespace netsim::tcp
