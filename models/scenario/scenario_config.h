// A scenario after loading: plain structs, every unit resolved and every value checked. The
// builder trusts it; all user-facing validation happens in the loader, which knows positions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/apps/message_stream.h"
#include "models/net/channel.h"
#include "sim/time.h"

namespace netsim::scenario {

struct NodeConfig {
  std::string name;
};

struct LinkConfig {
  std::string name;
  std::string a;              // first node of `between`
  std::string b;              // second node
  net::ChannelConfig a_to_b;  // "forward"
  net::ChannelConfig b_to_a;  // "reverse"
};

enum class Transport : std::uint8_t { Udp };

struct TrafficConfig {
  std::string name;
  Transport transport = Transport::Udp;
  std::string from;
  std::string to;
  std::uint16_t port = 0;            // destination port
  apps::MessageStreamConfig stream;  // the only application so far: message_stream
};

struct ScenarioConfig {
  std::string source;  // the file it came from, as given
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  sim::Duration duration;
  std::vector<NodeConfig> nodes;
  std::vector<LinkConfig> links;
  std::vector<TrafficConfig> traffic;
};

std::string to_string(Transport transport);

}  // namespace netsim::scenario
