#include "models/net/network.h"

#include "models/net/queue/drop_tail.h"
#include "sim/assert.h"

namespace netsim::net {

std::string_view to_string(DropReason reason) {
  switch (reason) {
    case DropReason::QueueFull:
      return "queue_full";
    case DropReason::LinkLoss:
      return "link_loss";
    case DropReason::NoRoute:
      return "no_route";
    case DropReason::NoListener:
      return "no_listener";
  }
  return "unknown";
}

Network::Network(sim::Simulator& simulator, sim::RandomStreams& streams)
    : simulator_(simulator), streams_(streams) {}

Node& Network::add_node(std::string name) {
  const auto id = static_cast<NodeId>(nodes_.size());
  NETSIM_ASSERT(id + 1 < (1u << 24), "more nodes than 10.0.0.0/8 has addresses");
  nodes_.push_back(
      std::make_unique<Node>(*this, id, std::move(name), Ipv4Address(kAddressBase + id + 1)));
  return *nodes_.back();
}

std::optional<NodeId> Network::node_of(Ipv4Address address) const {
  const std::uint32_t v = address.value();
  if (v <= kAddressBase || v - kAddressBase - 1 >= nodes_.size()) return std::nullopt;
  return v - kAddressBase - 1;
}

Link& Network::add_link(std::string name, NodeId a, NodeId b, const ChannelConfig& a_to_b,
                        const ChannelConfig& b_to_a) {
  auto make = [&](NodeId from, NodeId to, const ChannelConfig& config) -> Channel& {
    const std::string channel_name = name + "/" + node(from).name() + "->" + node(to).name();
    return channels_.emplace_back(*this, channel_name, from, to, config,
                                  std::make_unique<DropTailQueue>(config.queue),
                                  streams_.stream("link/" + channel_name));
  };
  Channel& forward = make(a, b, a_to_b);
  Channel& reverse = make(b, a, b_to_a);
  return links_.emplace_back(Link{std::move(name), forward, reverse});
}

void Network::drop(PacketId id, DropReason reason) {
  if (observer_ != nullptr) observer_->on_drop(packets_[id], reason, simulator_.now());
  packets_.release(id);
}

}  // namespace netsim::net
