// How the congestion window grows and shrinks, behind one small interface; one file per
// algorithm. Windows are in bytes (RFC 5681). Loss recovery itself (fast retransmit, NewReno's
// partial ACKs, SACK's pipe) is the connection's business; the algorithm is told when loss is
// detected and asked how the window grows on new ACKs outside recovery.
#pragma once

#include <cstdint>
#include <memory>

#include "models/tcp/tcp_config.h"
#include "sim/time.h"

namespace netsim::tcp {

struct CongestionState {
  std::uint32_t cwnd = 0;      // congestion window, bytes
  std::uint32_t ssthresh = 0;  // slow-start threshold, bytes
  std::uint32_t mss = 0;       // sender maximum segment size (SMSS), bytes
};

class CongestionControl {
 public:
  virtual ~CongestionControl() = default;

  // New data acknowledged outside loss recovery: grow cwnd (slow start below ssthresh, then the
  // algorithm's congestion avoidance). `rtt` is the current smoothed RTT (zero if unknown).
  virtual void on_ack(CongestionState& s, std::uint32_t acked, sim::Time now,
                      sim::Duration rtt) = 0;
  // Loss detected by duplicate ACKs (or SACK): the new ssthresh for `flight` bytes in flight.
  virtual std::uint32_t ssthresh_after_loss(CongestionState& s, std::uint32_t flight,
                                            sim::Time now) = 0;
  // Retransmission timeout: ssthresh from `flight`, cwnd back to one segment (RFC 5681 (4)).
  virtual void on_timeout(CongestionState& s, std::uint32_t flight, sim::Time now) = 0;

  virtual CongestionAlgorithm algorithm() const = 0;
};

std::unique_ptr<CongestionControl> make_congestion_control(CongestionAlgorithm algorithm);

}  // namespace netsim::tcp
