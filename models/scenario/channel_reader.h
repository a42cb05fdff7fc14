// Reads link parameters (rate, delay, the netem impairments, MTU, framing, routing cost, queue
// discipline) from a YAML map onto a ChannelConfig. Used for links, for each link direction, for
// links imported from a topology file, and for impairment changes scheduled as faults.
#pragma once

#include <string>
#include <vector>

#include "models/net/channel.h"
#include "models/scenario/yaml_reader.h"

namespace netsim::scenario {

// The keys apply_channel_keys() understands.
const std::vector<std::string>& channel_keys();

// Overwrites the fields of `config` named in `map` (keys outside channel_keys() are the caller's
// business). Returns whether `rate` was among them.
bool apply_channel_keys(const YamlMap& map, net::ChannelConfig& config);

// Checks the combinations netem (iproute2) refuses, e.g. reordering without a delay. `where` is
// the map the direction's values came from.
void check_channel(const net::ChannelConfig& config, const YamlValue& where);

}  // namespace netsim::scenario
