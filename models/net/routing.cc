#include "models/net/routing.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <limits>
#include <vector>

#include "models/net/network.h"

namespace netsim::net {

std::string_view to_string(RouteMetric metric) {
  switch (metric) {
    case RouteMetric::Hops:
      return "hops";
    case RouteMetric::Delay:
      return "delay";
    case RouteMetric::Cost:
      return "cost";
  }
  return "unknown";
}

namespace {

struct EdgeData {
  double weight = 1;
  std::uint32_t channel = 0;  // index in Network::channels()
};

// Edges point from a channel's receiver to its sender: Dijkstra from a destination over this
// reversed graph finds, for every node, the first channel of its shortest path to there.
using ReverseGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property, EdgeData>;

double weight_of(const Channel& channel, RouteMetric metric) {
  switch (metric) {
    case RouteMetric::Hops:
      return 1;
    // +1 ns keeps zero-delay links from making multi-hop detours free.
    case RouteMetric::Delay:
      return static_cast<double>(channel.config().delay.ns()) + 1;
    case RouteMetric::Cost:
      return static_cast<double>(channel.config().cost);
  }
  return 1;
}

}  // namespace

void compute_routes(Network& network, RouteMetric metric) {
  const std::size_t n = network.node_count();
  ReverseGraph graph(n);
  const auto& channels = network.channels();
  for (std::uint32_t c = 0; c < channels.size(); ++c) {
    const Channel& ch = channels[c];
    if (!ch.is_up() || !network.node(ch.from()).is_up() || !network.node(ch.to()).is_up()) continue;
    boost::add_edge(ch.to(), ch.from(), EdgeData{weight_of(ch, metric), c}, graph);
  }

  network.clear_routes();
  std::vector<double> distance(n);
  std::vector<ReverseGraph::edge_descriptor> via(n);
  std::vector<bool> has_via(n);
  for (const NodeId destination : network.hosts()) {
    if (!network.node(destination).is_up()) continue;
    std::fill(has_via.begin(), has_via.end(), false);
    // Records, for each node, the edge that last improved its distance: the first hop of its path.
    struct Recorder : boost::default_dijkstra_visitor {
      std::vector<ReverseGraph::edge_descriptor>* via;
      std::vector<bool>* has_via;
      void edge_relaxed(ReverseGraph::edge_descriptor e, const ReverseGraph& g) const {
        (*via)[boost::target(e, g)] = e;
        (*has_via)[boost::target(e, g)] = true;
      }
    } recorder;
    recorder.via = &via;
    recorder.has_via = &has_via;
    boost::dijkstra_shortest_paths(
        graph, destination,
        boost::weight_map(boost::get(&EdgeData::weight, graph))
            .distance_map(boost::make_iterator_property_map(distance.begin(),
                                                            boost::get(boost::vertex_index, graph)))
            .visitor(recorder));
    for (NodeId v = 0; v < n; ++v) {
      if (v == destination || !has_via[v]) continue;
      network.node(v).set_route(destination, &network.channels()[graph[via[v]].channel]);
    }
  }
}

}  // namespace netsim::net
