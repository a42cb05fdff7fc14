// links.csv: per link and direction, what was offered, what each impairment and the queue did to
// it, the bytes each layer added on the wire, queue occupancy and utilization.
#pragma once

#include <ostream>

#include "models/net/network.h"
#include "sim/time.h"

namespace netsim::report {

// `elapsed` is the simulated time the counters cover (for means and utilization).
void write_links_csv(std::ostream& out, net::Network& network, sim::Duration elapsed);

}  // namespace netsim::report
