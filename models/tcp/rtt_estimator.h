// The retransmission timer's estimator, RFC 6298:
//   (2.1) before any sample, RTO = initial (1 s)
//   (2.2) first sample R: SRTT = R, RTTVAR = R/2
//   (2.3) later samples: RTTVAR = 3/4·RTTVAR + 1/4·|SRTT − R|, then SRTT = 7/8·SRTT + 1/8·R
//   RTO = SRTT + max(G, 4·RTTVAR), then (2.4) raised to the minimum and (2.5) cut to the maximum
//   (5.5) on expiry the RTO doubles ("backs off"), up to the maximum; a new sample recomputes it.
// Arithmetic in integer nanoseconds; the 3/4, 1/8 weights use exact integer division of
// nanoseconds (rounding toward zero loses at most a nanosecond per sample).
#pragma once

#include <optional>

#include "sim/time.h"

namespace netsim::tcp {

class RttEstimator {
 public:
  RttEstimator(sim::Duration initial_rto, sim::Duration min_rto, sim::Duration max_rto,
               sim::Duration granularity)
      : min_rto_(min_rto), max_rto_(max_rto), granularity_(granularity), rto_(clamp(initial_rto)) {}

  void add_sample(sim::Duration r);
  // (5.5): double the RTO, up to the maximum.
  void back_off() { rto_ = clamp(rto_ * 2); }
  // RFC 6298 (5.7): after a timed-out SYN, data transmission starts with RTO = 3 s (if it is less).
  void reset_rto(sim::Duration rto) { rto_ = clamp(rto); }

  sim::Duration rto() const { return rto_; }
  bool has_sample() const { return srtt_.has_value(); }
  sim::Duration srtt() const { return srtt_.value_or(sim::Duration::zero()); }
  sim::Duration rttvar() const { return rttvar_; }

 private:
  sim::Duration clamp(sim::Duration rto) const;

  sim::Duration min_rto_;
  sim::Duration max_rto_;
  sim::Duration granularity_;
  std::optional<sim::Duration> srtt_;
  sim::Duration rttvar_;
  sim::Duration rto_;
};

}  // namespace netsim::tcp
