// Static shortest-path routing, recomputed on demand (at start, and after faults). Every node
// gets a forwarding table: for each host, the channel to send on. A lookup is two array indexings
// (destination address → host index → egress), never a scan: ns-3's global routing scans a route
// list per packet and slows to ~17,000 events/s at 2,000 nodes.
//
// Paths come from Dijkstra's algorithm on a Boost.Graph graph of the channels that are up
// (between nodes that are up), one run per destination host on the reversed graph. Equal-cost
// paths are broken deterministically: the first relaxed in link order wins.
#pragma once

#include <cstdint>
#include <string_view>

namespace netsim::net {

class Network;

enum class RouteMetric : std::uint8_t {
  Hops,   // every link costs 1 (the default; RIP-like)
  Delay,  // the channel's propagation delay, in ns (latency-optimal)
  Cost,   // the channel's configured `cost` (OSPF-like administrative weights)
};

std::string_view to_string(RouteMetric metric);

// Rebuilds every node's forwarding table from the current state of links and nodes.
void compute_routes(Network& network, RouteMetric metric);

}  // namespace netsim::net
