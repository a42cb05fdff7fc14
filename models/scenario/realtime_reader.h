// Reads the `realtime:` section: Socket.IO servers and clients on hosts, every option with the
// reference default (models/socketio/options.h), and the scripts of their applications
// (models/apps/realtime_apps.h). The format is documented in docs/scenarios.md, *Realtime*.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario_config.h"
#include "models/scenario/yaml_reader.h"
#include "models/tcp/tcp_config.h"

namespace netsim::scenario {

// What the reader needs from the rest of the scenario, read before it.
struct RealtimeScope {
  sim::Duration duration;
  tcp::TcpConfig tcp_defaults;  // the scenario's top-level `tcp`
  // The host `value` names, or a failure there (an unknown node, a router).
  std::function<std::string(const YamlValue& value)> host;
  // Whether packets from `from` can reach `to` (hosts do not forward).
  std::function<bool(const std::string& from, const std::string& to)> reachable;
  // The TCP traffic flow listening on (node, port), if one does.
  std::function<std::optional<std::string>(const std::string& node, std::uint16_t port)>
      tcp_listener;
};

const std::vector<std::string>& realtime_server_keys();
const std::vector<std::string>& realtime_client_keys();
// The client keys that configure its connection (the Manager): a client with `multiplex_with`
// takes them from the other client and has none of its own.
const std::vector<std::string>& realtime_connection_keys();

RealtimeConfig read_realtime(const YamlValue& value, const RealtimeScope& scope);

// The TCP settings realtime servers and clients start from: the scenario's, with Nagle's
// algorithm off (ws and Node's HTTP server set TCP_NODELAY, browsers too; realtime/server.h).
tcp::TcpConfig realtime_tcp_base(const tcp::TcpConfig& scenario_defaults);

// Names of Socket.IO's reserved events, which socket.emit refuses (socket.io socket.ts and
// socket.io-client socket.ts RESERVED_EVENTS).
const std::vector<std::string>& reserved_events();

}  // namespace netsim::scenario
