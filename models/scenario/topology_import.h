// Imports nodes and links from a GraphML or Graphviz DOT file with Boost.Graph's readers, so
// that real-world topologies (e.g. the Internet Topology Zoo's GraphML files) can be simulated.
//
// Nodes are named by their `name` attribute, else `label` (GraphML), else the DOT node id, else
// "n<index>". A `kind` attribute (host or router) overrides the default kind. Edges become links
// named by their `name` attribute or "<a>--<b>"; any link key of the scenario format (rate, delay,
// loss, queue, ...) may be an edge attribute with the same value syntax (a flow map such as
// "{model: gemodel, p: 1%}" included). Other attributes are ignored. Values missing from an edge
// come from the scenario's `link_defaults`.
#pragma once

#include <string>
#include <vector>

#include "models/net/channel.h"
#include "models/net/node.h"
#include "models/scenario/scenario_config.h"
#include "models/scenario/yaml_reader.h"

namespace netsim::scenario {

struct ImportedTopology {
  std::vector<NodeConfig> nodes;
  std::vector<LinkConfig> links;
};

// `where` is the scenario's `topology` map (for errors about it); `path` is resolved already.
// Errors inside the file name the file and the element (Boost's readers report no lines).
ImportedTopology import_topology(const std::string& path, const YamlValue& where,
                                 net::NodeKind default_kind,
                                 const net::ChannelConfig& link_defaults, bool defaults_have_rate);

}  // namespace netsim::scenario
