#include "models/tcp/congestion/congestion_control.h"

#include "models/tcp/congestion/cubic.h"
#include "models/tcp/congestion/reno.h"

namespace netsim::tcp {

std::unique_ptr<CongestionControl> make_congestion_control(CongestionAlgorithm algorithm) {
  if (algorithm == CongestionAlgorithm::Cubic) return std::make_unique<Cubic>();
  return std::make_unique<Reno>(algorithm);
}

}  // namespace netsim::tcp
