// One run of a scenario: the configuration built into a network with its applications and its
// scheduled faults, ready to execute. Owns everything the run touches, so runs are independent
// objects.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/apps/bulk_transfer.h"
#include "models/apps/message_log.h"
#include "models/apps/message_stream.h"
#include "models/apps/realtime_apps.h"
#include "models/apps/request_response.h"
#include "models/apps/tcp_message_stream.h"
#include "models/apps/udp_request_response.h"
#include "models/net/network.h"
#include "models/realtime/client.h"
#include "models/realtime/event_log.h"
#include "models/realtime/server.h"
#include "models/realtime/timeline.h"
#include "models/scenario/scenario_config.h"
#include "models/tcp/byte_stream.h"
#include "models/tcp/tcp_layer.h"
#include "models/tcp/tcp_sampler.h"
#include "models/udp/udp.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::scenario {

// A TCP flow's two sockets, for the reports (each null until it exists).
struct TcpFlowInfo {
  std::uint32_t flow_index = 0;  // position in the scenario's traffic
  std::function<const tcp::TcpSocket*()> client;
  std::function<const tcp::TcpSocket*()> server;
  std::uint32_t client_sample_source = 0;  // indices into the sampler's sources
  std::uint32_t server_sample_source = 0;
};

// A Socket.IO server of the run and its scripted application.
struct RealtimeServerRun {
  std::string name;
  std::string node;
  std::unique_ptr<apps::ScriptedServer> app;
  std::unique_ptr<realtime::Server> server;
};

// A Socket.IO client of the run (a group member is one of these each).
struct RealtimeClientRun {
  std::string name;   // <group>-k for a member of a group
  std::string group;  // the scenario's name for the client or its group
  std::string node;
  std::string server;
  std::unique_ptr<apps::ScriptedClient> app;
  std::unique_ptr<realtime::Client> client;
};

// What a run tells, and asks of, whoever watches it from another thread: how far it got, and
// whether to stop early.
struct RunProgress {
  std::atomic<std::int64_t> simulated_ns{0};
  std::atomic<std::uint64_t> events{0};
  const std::atomic<bool>* cancel = nullptr;  // checked between slices of simulated time
};

class ScenarioRun {
 public:
  // `config` must come from the loader (it is trusted). Replication r draws from the random
  // streams of run index r (sim::RandomStreams), so replications are independent.
  explicit ScenarioRun(const ScenarioConfig& config, std::uint32_t replication = 0);
  ScenarioRun(const ScenarioRun&) = delete;
  ScenarioRun& operator=(const ScenarioRun&) = delete;

  // Runs from time zero to the scenario's duration. With `progress`, runs in slices of 1/256 of
  // the duration (the same events in the same order as one go), reports after each and returns
  // false if `progress->cancel` was set: the run then ends at a slice boundary, consistent.
  bool run(RunProgress* progress = nullptr);
  // Simulated time reached (the duration unless cancelled).
  sim::Duration simulated() const { return simulator_.now() - sim::Time::zero(); }

  sim::Simulator& simulator() { return simulator_; }
  net::Network& network() { return network_; }
  sim::Duration duration() const { return duration_; }
  // One log per flow, in the scenario's order (bulk flows have no messages).
  const std::vector<std::unique_ptr<apps::MessageLog>>& logs() const { return logs_; }
  const std::vector<TcpFlowInfo>& tcp_flows() const { return tcp_flows_; }
  // TCP time series; null when the scenario turned them off.
  const tcp::TcpSampler* sampler() const { return sampler_.get(); }
  // Socket.IO servers and clients in the scenario's order (group members in order), with the
  // events they emitted and received and what happened to their connections.
  const std::vector<RealtimeServerRun>& realtime_servers() const { return realtime_servers_; }
  const std::vector<RealtimeClientRun>& realtime_clients() const { return realtime_clients_; }
  const realtime::EventLog& realtime_events() const { return realtime_events_; }
  const realtime::Timeline& realtime_timeline() const { return realtime_timeline_; }
  // The bytes of every TCP byte stream (the realtime applications'), for pcap payloads.
  const tcp::StreamDirectory& byte_streams() const { return byte_streams_; }

 private:
  void build_traffic(const ScenarioConfig& config);
  void build_tcp_flow(const TrafficConfig& flow, std::uint32_t index, apps::MessageLog& log);
  void build_udp_exchange(const TrafficConfig& flow, std::uint32_t index, apps::MessageLog& log);
  void build_realtime(const RealtimeConfig& config);
  // A node crashed: its TCP forgets every connection, its Socket.IO servers their state.
  void crash_node(const std::string& node);
  void schedule_faults();
  void apply_fault(std::size_t index);
  void undo_fault(std::size_t index);

  sim::Duration duration_;
  sim::Simulator simulator_;
  sim::RandomStreams streams_;
  net::Network network_;
  std::map<std::string, net::NodeId> node_ids_;
  std::map<std::string, net::Link*> links_;
  std::vector<FaultConfig> faults_;
  // Per fault, what applying it changed, for undoing it.
  std::vector<std::vector<net::Link*>> partitioned_;
  std::vector<std::pair<net::ChannelConfig, net::ChannelConfig>> impaired_before_;
  std::vector<std::unique_ptr<udp::UdpLayer>> udp_;  // per node id
  std::vector<std::unique_ptr<udp::UdpSocket>> sockets_;
  std::vector<std::unique_ptr<apps::MessageLog>> logs_;
  std::vector<std::unique_ptr<apps::MessageStreamSender>> senders_;
  std::vector<std::unique_ptr<apps::MessageStreamReceiver>> receivers_;
  std::unique_ptr<apps::MessageDropTracker> drop_tracker_;
  std::vector<std::unique_ptr<udp::DatagramSink>> udp_exchanges_;  // UDP request/response apps
  std::vector<std::function<void()>> udp_starts_;
  std::vector<std::unique_ptr<tcp::TcpLayer>> tcp_;  // per node id
  std::vector<std::unique_ptr<tcp::TcpObserver>> tcp_apps_;
  std::vector<std::unique_ptr<tcp::TcpAcceptor>> tcp_servers_;
  std::vector<std::function<void()>> tcp_starts_;
  std::vector<TcpFlowInfo> tcp_flows_;
  std::unique_ptr<tcp::TcpSampler> sampler_;
  // Socket.IO: byte streams over TCP, then servers and clients with their applications.
  tcp::StreamDirectory byte_streams_;
  realtime::EventLog realtime_events_;
  realtime::Timeline realtime_timeline_;
  socketio::DecodeCache realtime_decode_cache_;  // the clients' (a broadcast decodes once)
  std::vector<RealtimeServerRun> realtime_servers_;
  std::vector<RealtimeClientRun> realtime_clients_;
};

}  // namespace netsim::scenario
