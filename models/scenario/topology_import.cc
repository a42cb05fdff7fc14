#include "models/scenario/topology_import.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <fstream>
#include <set>

#include "models/scenario/channel_reader.h"
#include "models/scenario/scenario_error.h"

namespace netsim::scenario {

namespace {

struct VertexAttributes {
  std::string node_id;  // DOT only
  std::string name;
  std::string label;
  std::string kind;
};

struct EdgeAttributes {
  std::string name, rate, delay, jitter, jitter_correlation, distribution, loss, duplicate, reorder,
      corrupt, mtu, framing, cost, queue;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexAttributes,
                                    EdgeAttributes>;

// The channel keys an edge may carry, with the member holding each.
const std::vector<std::pair<const char*, std::string EdgeAttributes::*>>& edge_keys() {
  static const std::vector<std::pair<const char*, std::string EdgeAttributes::*>> keys{
      {"rate", &EdgeAttributes::rate},
      {"delay", &EdgeAttributes::delay},
      {"jitter", &EdgeAttributes::jitter},
      {"jitter_correlation", &EdgeAttributes::jitter_correlation},
      {"distribution", &EdgeAttributes::distribution},
      {"loss", &EdgeAttributes::loss},
      {"duplicate", &EdgeAttributes::duplicate},
      {"reorder", &EdgeAttributes::reorder},
      {"corrupt", &EdgeAttributes::corrupt},
      {"mtu", &EdgeAttributes::mtu},
      {"framing", &EdgeAttributes::framing},
      {"cost", &EdgeAttributes::cost},
      {"queue", &EdgeAttributes::queue},
  };
  return keys;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

ImportedTopology import_topology(const std::string& path, const YamlValue& where,
                                 net::NodeKind default_kind,
                                 const net::ChannelConfig& link_defaults, bool defaults_have_rate) {
  std::ifstream in(path);
  if (!in) where.fail("cannot read the topology file '" + path + "'");
  const bool graphml = ends_with(path, ".graphml") || ends_with(path, ".xml");
  if (!graphml && !ends_with(path, ".dot") && !ends_with(path, ".gv")) {
    where.fail("'" + path + "': the topology format is chosen by extension: .graphml or .dot/.gv");
  }

  Graph g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("name", boost::get(&VertexAttributes::name, g));
  dp.property("label", boost::get(&VertexAttributes::label, g));
  dp.property("kind", boost::get(&VertexAttributes::kind, g));
  dp.property("name", boost::get(&EdgeAttributes::name, g));
  for (const auto& [key, member] : edge_keys()) dp.property(key, boost::get(member, g));
  try {
    if (graphml) {
      boost::read_graphml(in, g, dp);
    } else {
      dp.property("node_id", boost::get(&VertexAttributes::node_id, g));
      boost::read_graphviz(in, g, dp, "node_id");
    }
  } catch (const std::exception& e) {
    throw ScenarioError({path, 0, 0}, "", std::string("cannot read the topology: ") + e.what());
  }

  ImportedTopology out;
  std::set<std::string> names;
  for (std::size_t v = 0; v < boost::num_vertices(g); ++v) {
    const VertexAttributes& a = g[v];
    NodeConfig node;
    node.name = !a.name.empty()      ? a.name
                : !a.label.empty()   ? a.label
                : !a.node_id.empty() ? a.node_id
                                     : "n" + std::to_string(v);
    for (char& c : node.name) {
      if (c == ' ' || c == '/' || c == ',') c = '_';  // names end up in file names and key paths
    }
    if (!names.insert(node.name).second) {
      throw ScenarioError({path, 0, 0}, "", "two nodes are named '" + node.name + "'");
    }
    node.kind = default_kind;
    if (a.kind == "host")
      node.kind = net::NodeKind::Host;
    else if (a.kind == "router")
      node.kind = net::NodeKind::Router;
    else if (!a.kind.empty()) {
      throw ScenarioError({path, 0, 0}, "node " + node.name,
                          "kind must be host or router, got '" + a.kind + "'");
    }
    out.nodes.push_back(node);
  }

  std::set<std::string> link_names;
  for (auto [it, end] = boost::edges(g); it != end; ++it) {
    const EdgeAttributes& a = g[*it];
    LinkConfig link;
    link.a = out.nodes[boost::source(*it, g)].name;
    link.b = out.nodes[boost::target(*it, g)].name;
    link.name = a.name.empty() ? link.a + "--" + link.b : a.name;
    for (int n = 2; !link_names.insert(link.name).second; ++n) {
      link.name = (a.name.empty() ? link.a + "--" + link.b : a.name) + "#" + std::to_string(n);
    }
    if (link.a == link.b)
      throw ScenarioError({path, 0, 0}, "edge " + link.name, "a link joins two different nodes");
    // Attributes become a YAML map read by the scenario's own link reader; values are parsed as
    // YAML so that flow maps ("{model: gemodel, p: 1%}") work.
    auto attributes = std::make_shared<DocNode>();
    attributes->kind = DocNode::Kind::Map;
    attributes->where = {path, 0, 0};
    for (const auto& [key, member] : edge_keys()) {
      if ((a.*member).empty()) continue;
      auto name = std::make_shared<DocNode>();
      name->kind = DocNode::Kind::Scalar;
      name->scalar = key;
      name->where = attributes->where;
      attributes->entries.push_back({name, parse_document(a.*member, path)});
    }
    const YamlValue value(attributes, "edge " + link.name);
    link.a_to_b = link_defaults;
    try {
      const bool rate = apply_channel_keys(value.map(), link.a_to_b);
      if (!rate && !defaults_have_rate) {
        throw ScenarioError(
            {path, 0, 0}, "edge " + link.name + ".rate",
            "missing: give the edge a rate attribute or set topology.link_defaults.rate");
      }
      check_channel(link.a_to_b, value);
    } catch (const ScenarioError& e) {
      throw ScenarioError({path, 0, 0}, e.key_path(), e.message());
    }
    link.b_to_a = link.a_to_b;
    out.links.push_back(std::move(link));
  }
  return out;
}

}  // namespace netsim::scenario
