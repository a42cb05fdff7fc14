#include "models/net/routing.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
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

// Hosts do not forward (RFC 1122 §3.3.4.2): on the reversed graph, a path may leave a host only
// if that host is the destination itself.
struct TransitFilter {
  const ReverseGraph* graph = nullptr;
  const Network* network = nullptr;
  NodeId destination = 0;
  bool operator()(ReverseGraph::edge_descriptor e) const {
    const auto via = static_cast<NodeId>(boost::source(e, *graph));
    return via == destination || network->node(via).kind() == NodeKind::Router;
  }
};

// Records, for each node, the edge that last improved its distance: the first hop of its path.
struct FirstHopRecorder : boost::default_dijkstra_visitor {
  std::vector<ReverseGraph::edge_descriptor>* via = nullptr;
  std::vector<bool>* has_via = nullptr;
  template <class Graph>
  void edge_relaxed(ReverseGraph::edge_descriptor e, const Graph& g) const {
    (*via)[boost::target(e, g)] = e;
    (*has_via)[boost::target(e, g)] = true;
  }
};

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
  FirstHopRecorder recorder;
  recorder.via = &via;
  recorder.has_via = &has_via;
  for (const NodeId destination : network.hosts()) {
    if (!network.node(destination).is_up()) continue;
    std::fill(has_via.begin(), has_via.end(), false);
    const boost::filtered_graph<ReverseGraph, TransitFilter> transit(
        graph, TransitFilter{&graph, &network, destination});
    boost::dijkstra_shortest_paths(
        transit, destination,
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
