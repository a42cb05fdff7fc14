#include "models/tcp/rtt_estimator.h"

#include <algorithm>

namespace netsim::tcp {

sim::Duration RttEstimator::clamp(sim::Duration rto) const {
  return std::min(std::max(rto, min_rto_), max_rto_);
}

void RttEstimator::add_sample(sim::Duration r) {
  if (!srtt_) {
    srtt_ = r;  // (2.2)
    rttvar_ = r / 2;
  } else {
    const sim::Duration error = *srtt_ > r ? *srtt_ - r : r - *srtt_;
    rttvar_ = (rttvar_ * 3) / 4 + error / 4;  // (2.3), RTTVAR first, with the old SRTT
    srtt_ = (*srtt_ * 7) / 8 + r / 8;
  }
  rto_ = clamp(*srtt_ + std::max(granularity_, rttvar_ * 4));
}

}  // namespace netsim::tcp
