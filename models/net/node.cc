#include "models/net/node.h"

#include "models/net/channel.h"
#include "models/net/network.h"

namespace netsim::net {

Node::Node(Network& network, NodeId id, std::string name, NodeKind kind, Ipv4Address address)
    : network_(network), id_(id), name_(std::move(name)), kind_(kind), address_(address) {}

void Node::send(PacketId id) {
  if (!up_) {
    network_.drop(id, DropReason::NodeDown);
    return;
  }
  const auto destination = network_.node_of(network_.packets()[id].ip.destination);
  Channel* egress = destination ? route(*destination) : nullptr;
  if (egress == nullptr) {
    network_.drop(id, DropReason::NoRoute);
    return;
  }
  egress->send(id);
}

void Node::receive(PacketId id) {
  if (!up_) {
    network_.drop(id, DropReason::NodeDown);
    return;
  }
  Packet& packet = network_.packets()[id];
  if (packet.ip.destination != address_) {
    forward(id);
    return;
  }
  // RFC 1122 §3.2.1.2 and §4.1.3.4: a datagram whose IPv4 header or UDP/TCP checksum fails is
  // silently discarded. The simulator knows which packets a link corrupted instead of
  // recomputing checksums; every bit of the datagram is covered by one of the two.
  if (packet.corrupted_bit >= 0) {
    network_.drop(id, DropReason::Corrupted);
    return;
  }
  for (const auto& [protocol, handler] : protocols_) {
    if (protocol == packet.ip.protocol) {
      handler->receive(id);
      return;
    }
  }
  network_.drop(id, DropReason::NoListener);
}

void Node::forward(PacketId id) {
  // Hosts do not forward (RFC 1122 §3.3.4.2 default).
  if (kind_ != NodeKind::Router) {
    network_.drop(id, DropReason::NoRoute);
    return;
  }
  Packet& packet = network_.packets()[id];
  // RFC 1812 §5.2.2 and §5.3.1: a router verifies the IPv4 header checksum (so it discards a
  // packet corrupted in its first 20 bytes, not in the payload) and decrements the TTL; a
  // datagram whose TTL would reach 0 is discarded (ICMP Time Exceeded is not modelled).
  if (packet.corrupted_bit >= 0 && packet.corrupted_bit < kIpv4HeaderBytes * 8) {
    network_.drop(id, DropReason::Corrupted);
    return;
  }
  if (packet.ip.ttl <= 1) {
    network_.drop(id, DropReason::TtlExpired);
    return;
  }
  --packet.ip.ttl;
  const auto destination = network_.node_of(packet.ip.destination);
  Channel* egress = destination ? route(*destination) : nullptr;
  if (egress == nullptr) {
    network_.drop(id, DropReason::NoRoute);
    return;
  }
  network_.count_forwarding();
  egress->send(id);
}

void Node::set_route(NodeId destination, Channel* egress) {
  const std::uint32_t index = network_.host_index(destination);
  if (index == Network::kNotAHost) return;
  if (routes_.size() <= index) routes_.resize(network_.hosts().size(), nullptr);
  routes_[index] = egress;
}

Channel* Node::route(NodeId destination) const {
  const std::uint32_t index = network_.host_index(destination);
  return index < routes_.size() ? routes_[index] : nullptr;
}

void Node::attach(IpProtocol protocol, ProtocolHandler* handler) {
  protocols_.emplace_back(protocol, handler);
}

}  // namespace netsim::net
