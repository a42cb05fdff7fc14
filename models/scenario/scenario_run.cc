#include "models/scenario/scenario_run.h"

#include <algorithm>
#include <map>

#include "sim/assert.h"

namespace netsim::scenario {

namespace {
// Source ports come from the dynamic range (RFC 6335 §6: 49152-65535), one per flow.
constexpr std::uint16_t kFirstEphemeralPort = 49152;
}  // namespace

ScenarioRun::ScenarioRun(const ScenarioConfig& config)
    : duration_(config.duration), streams_(config.seed), network_(simulator_, streams_) {
  std::map<std::string, net::NodeId> ids;
  for (const auto& node : config.nodes) {
    net::Node& n = network_.add_node(node.name);
    ids.emplace(node.name, n.id());
    udp_.push_back(std::make_unique<udp::UdpLayer>(n));
  }
  for (const auto& link : config.links) {
    const net::NodeId a = ids.at(link.a);
    const net::NodeId b = ids.at(link.b);
    net::Link& l = network_.add_link(link.name, a, b, link.a_to_b, link.b_to_a);
    network_.node(a).set_route(b, &l.forward);
    network_.node(b).set_route(a, &l.reverse);
  }
  build_traffic(config);
}

void ScenarioRun::build_traffic(const ScenarioConfig& config) {
  std::map<std::string, net::NodeId> ids;
  for (net::NodeId id = 0; id < network_.node_count(); ++id)
    ids.emplace(network_.node(id).name(), id);

  std::vector<apps::MessageLog*> by_flow;
  for (std::size_t index = 0; index < config.traffic.size(); ++index) {
    const TrafficConfig& flow = config.traffic[index];
    const auto flow_index = static_cast<std::uint32_t>(index);
    auto& log = logs_.emplace_back(
        std::make_unique<apps::MessageLog>(flow.name, to_string(flow.transport), flow.stream.size,
                                           flow.stream.start, flow.stream.stop));
    by_flow.push_back(log.get());

    udp::UdpLayer& receiver_udp = *udp_[ids.at(flow.to)];
    auto& receiver =
        receivers_.emplace_back(std::make_unique<apps::MessageStreamReceiver>(simulator_, *log));
    const bool bound = receiver_udp.bind(flow.port, receiver.get());
    NETSIM_ASSERT(bound, "the loader let two flows share a destination port");

    auto& socket = sockets_.emplace_back(std::make_unique<udp::UdpSocket>(
        *udp_[ids.at(flow.from)], static_cast<std::uint16_t>(kFirstEphemeralPort + index % 16384)));
    senders_.push_back(std::make_unique<apps::MessageStreamSender>(
        simulator_, *socket, network_.node(ids.at(flow.to)).address(), flow.port, flow_index, *log,
        flow.stream, streams_.stream("traffic/" + flow.name + "/gaps")));
  }
  drop_tracker_ = std::make_unique<apps::MessageDropTracker>(std::move(by_flow));
  network_.set_observer(drop_tracker_.get());
}

void ScenarioRun::run() {
  for (auto& sender : senders_) sender->start();
  simulator_.run_until(sim::Time::zero() + duration_);
}

}  // namespace netsim::scenario
