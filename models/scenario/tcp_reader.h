// Reads TCP settings: a named preset ("rfc", "linux", "ns3") and per-key overrides, at the
// scenario's top level (defaults for every TCP flow) and per flow.
#pragma once

#include <string>
#include <vector>

#include "models/scenario/yaml_reader.h"
#include "models/tcp/tcp_config.h"

namespace netsim::scenario {

const std::vector<std::string>& tcp_keys();

// `base` is what applies without a `preset` key: the rfc preset at the top level, the scenario's
// TCP defaults in a flow.
tcp::TcpConfig read_tcp(const YamlValue& value, const tcp::TcpConfig& base);

}  // namespace netsim::scenario
