// A scenario after loading: plain structs, every unit resolved and every value checked. The
// builder trusts it; all user-facing validation happens in the loader, which knows positions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/apps/bulk_transfer.h"
#include "models/apps/message_stream.h"
#include "models/apps/realtime_apps.h"
#include "models/apps/request_response.h"
#include "models/net/channel.h"
#include "models/net/node.h"
#include "models/net/routing.h"
#include "models/scenario/mitigation.h"
#include "models/tcp/tcp_config.h"
#include "sim/time.h"

namespace netsim::scenario {

struct NodeConfig {
  std::string name;
  net::NodeKind kind = net::NodeKind::Host;
};

struct LinkConfig {
  std::string name;
  std::string a;              // first node of `between`
  std::string b;              // second node
  net::ChannelConfig a_to_b;  // "forward"
  net::ChannelConfig b_to_a;  // "reverse"
};

struct RoutingConfig {
  net::RouteMetric metric = net::RouteMetric::Hops;
  sim::Duration convergence;  // delay between a topology change and the new routes
};

struct FaultConfig {
  // ProcessKill: the node stays up, its Socket.IO servers' processes die (the kernel resets
  // their TCP connections) and, after `duration`, start again.
  enum class Kind : std::uint8_t {
    LinkDown,
    LinkUp,
    NodeCrash,
    NodeRestart,
    ProcessKill,
    Partition,
    Impair
  };
  Kind kind = Kind::LinkDown;
  sim::Time at;
  std::optional<sim::Duration>
      duration;      // undo after this long (partition, impair; optional for the others)
  std::string link;  // LinkDown, LinkUp, Impair
  std::string node;  // NodeCrash, NodeRestart, ProcessKill
  std::vector<std::string> nodes;  // Partition: one side
  // Impair: the link's configuration with the change applied, per direction; nullopt = unchanged.
  std::optional<net::ChannelConfig> forward;
  std::optional<net::ChannelConfig> reverse;
};

enum class Transport : std::uint8_t { Udp, Tcp };
enum class App : std::uint8_t { MessageStream, Bulk, RequestResponse };

struct TrafficConfig {
  std::string name;
  Transport transport = Transport::Udp;
  App app = App::MessageStream;
  std::string from;  // the sender (message_stream, bulk) or the client (request_response)
  std::string to;
  std::uint16_t port = 0;                // destination port
  apps::MessageStreamConfig stream;      // message_stream
  apps::BulkConfig bulk;                 // bulk
  apps::RequestResponseConfig exchange;  // request_response
  tcp::TcpConfig tcp;                    // TCP flows: both ends
};

// A Socket.IO server (realtime::Server) on a host, with its scripted application.
struct RealtimeServerConfig {
  std::string name;  // also spec.name: the server's name in the reports
  std::string node;
  realtime::ServerSpec spec;  // port, path, options, epoch, client script size, TCP
  apps::ServerScript script;
};

// A Socket.IO client, or a group of `count` alike (named <name>-1 … <name>-N, member k doing
// everything (k − 1)·stagger later than the script says).
struct RealtimeClientConfig {
  std::string name;
  std::string node;
  std::string server;       // a RealtimeServerConfig's name: port, path and host come from it
  std::uint32_t count = 1;  // a group when > 1
  sim::Duration stagger;
  realtime::ClientSpec spec;  // namespace, fetch_script, options, TCP
  apps::ClientScript script;  // of the first member
  // The client (or group: member k with member k) whose page this one is on: its sockets share
  // that client's Manager, so its Engine.IO connection (socket.io-client multiplexing).
  std::optional<std::string> multiplex_with;
};

struct RealtimeConfig {
  std::vector<RealtimeServerConfig> servers;
  std::vector<RealtimeClientConfig> clients;
  // Strategies `netsim run` compares side by side (mitigations.csv); empty: just the run.
  std::vector<MitigationSet> mitigations;
  bool empty() const { return servers.empty(); }
};

struct ReportsConfig {
  // TCP time series (timeseries.csv): sampled every `timeseries_interval`, or on every change.
  enum class Timeseries : std::uint8_t { Off, Interval, OnChange };
  Timeseries timeseries = Timeseries::Interval;
  sim::Duration timeseries_interval = sim::ms(100);
  // messages.csv: one row per message (off for huge runs; summary.csv is unaffected).
  bool messages = true;
};

// A `compare:` block: `netsim run` then runs the comparison `netsim compare` runs.
struct CompareConfig {
  std::vector<std::string> flows;  // empty: every message_stream and request_response flow
  bool plots = true;
};

struct ScenarioConfig {
  std::string source;  // the file it came from, as given
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  // Independent runs; replication r draws from random streams seeded by (seed, r, component).
  std::uint32_t replications = 1;
  sim::Duration duration;
  std::vector<NodeConfig> nodes;
  std::vector<LinkConfig> links;
  RoutingConfig routing;
  std::vector<FaultConfig> faults;
  std::vector<TrafficConfig> traffic;
  RealtimeConfig realtime;
  ReportsConfig reports;
  std::optional<CompareConfig> compare;
};

std::string to_string(Transport transport);
std::string to_string(App app);

}  // namespace netsim::scenario
