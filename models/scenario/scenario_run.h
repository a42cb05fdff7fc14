// One run of a scenario: the configuration built into a network with its applications and its
// scheduled faults, ready to execute. Owns everything the run touches, so runs are independent
// objects.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/apps/message_log.h"
#include "models/apps/message_stream.h"
#include "models/net/network.h"
#include "models/scenario/scenario_config.h"
#include "models/udp/udp.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::scenario {

class ScenarioRun {
 public:
  // `config` must come from the loader (it is trusted).
  explicit ScenarioRun(const ScenarioConfig& config);
  ScenarioRun(const ScenarioRun&) = delete;
  ScenarioRun& operator=(const ScenarioRun&) = delete;

  // Runs from time zero to the scenario's duration.
  void run();

  sim::Simulator& simulator() { return simulator_; }
  net::Network& network() { return network_; }
  sim::Duration duration() const { return duration_; }
  // One log per flow, in the scenario's order.
  const std::vector<std::unique_ptr<apps::MessageLog>>& logs() const { return logs_; }

 private:
  void build_traffic(const ScenarioConfig& config);
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
};

}  // namespace netsim::scenario
