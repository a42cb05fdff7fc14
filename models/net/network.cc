#include "models/net/network.h"

#include "sim/assert.h"

namespace netsim::net {

std::string_view to_string(DropReason reason) {
  switch (reason) {
    case DropReason::QueueDrop:
      return "queue_drop";
    case DropReason::LinkLoss:
      return "link_loss";
    case DropReason::Corrupted:
      return "corrupted";
    case DropReason::TooBig:
      return "too_big";
    case DropReason::LinkDown:
      return "link_down";
    case DropReason::NodeDown:
      return "node_down";
    case DropReason::NoRoute:
      return "no_route";
    case DropReason::TtlExpired:
      return "ttl_expired";
    case DropReason::NoListener:
      return "no_listener";
  }
  return "unknown";
}

Network::Network(sim::Simulator& simulator, sim::RandomStreams& streams)
    : simulator_(simulator), streams_(streams) {}

Node& Network::add_node(std::string name, NodeKind kind) {
  const auto id = static_cast<NodeId>(nodes_.size());
  NETSIM_ASSERT(id + 1 < (1u << 24), "more nodes than 10.0.0.0/8 has addresses");
  nodes_.push_back(
      std::make_unique<Node>(*this, id, std::move(name), kind, Ipv4Address(kAddressBase + id + 1)));
  host_index_.push_back(kind == NodeKind::Host ? static_cast<std::uint32_t>(hosts_.size())
                                               : kNotAHost);
  if (kind == NodeKind::Host) hosts_.push_back(id);
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
    return channels_.emplace_back(*this, channel_name, from, to, config, streams_,
                                  "link/" + channel_name);
  };
  Channel& forward = make(a, b, a_to_b);
  Channel& reverse = make(b, a, b_to_a);
  return links_.emplace_back(Link{std::move(name), forward, reverse});
}

void Network::set_routing(RouteMetric metric, sim::Duration convergence) {
  metric_ = metric;
  convergence_ = convergence;
}

void Network::compute_routes() { net::compute_routes(*this, metric_); }

void Network::clear_routes() {
  for (auto& n : nodes_) n->clear_routes();
}

void Network::topology_changed() {
  // Until the new routes are in, packets follow the old ones into the failure (a black hole), as
  // while a routing protocol converges. With no convergence delay the routes change at once,
  // before anything else happens at this instant.
  if (convergence_ == sim::Duration::zero()) {
    compute_routes();
  } else {
    simulator_.schedule(convergence_, [this] { compute_routes(); });
  }
}

void Network::set_tap(PacketTap* tap) {
  tap_ = tap;
  if (tap != nullptr) {
    for (Channel& channel : channels_) channel.unplan();
  }
}

void Network::set_link_up(Link& link, bool up) {
  if (link.forward.is_up() == up && link.reverse.is_up() == up) return;
  link.forward.set_up(up);
  link.reverse.set_up(up);
  topology_changed();
}

void Network::set_node_up(NodeId id, bool up) {
  Node& n = node(id);
  if (n.is_up() == up) return;
  n.set_up(up);
  if (!up) {
    for (auto& ch : channels_) {
      if (ch.from() == id) ch.flush(DropReason::NodeDown);
    }
  }
  topology_changed();
}

void Network::note_duplicate(PacketId copy) {
  if (observer_ != nullptr) observer_->on_duplicate(packets_[copy], simulator_.now());
}

void Network::drop(PacketId id, DropReason reason) {
  if (observer_ != nullptr) observer_->on_drop(packets_[id], reason, simulator_.now());
  packets_.release(id);
}

}  // namespace netsim::net
