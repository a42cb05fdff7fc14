#include "models/net/node.h"

#include "models/net/channel.h"
#include "models/net/network.h"

namespace netsim::net {

Node::Node(Network& network, NodeId id, std::string name, Ipv4Address address)
    : network_(network), id_(id), name_(std::move(name)), address_(address) {}

void Node::send(PacketId id) {
  const auto destination = network_.node_of(network_.packets()[id].ip.destination);
  Channel* egress = destination ? route(*destination) : nullptr;
  if (egress == nullptr) {
    network_.drop(id, DropReason::NoRoute);
    return;
  }
  egress->send(id);
}

void Node::receive(PacketId id) {
  const Packet& packet = network_.packets()[id];
  // Hosts do not forward (RFC 1122 §3.3.4.2 default); a packet for another address is
  // unroutable here.
  if (packet.ip.destination != address_) {
    network_.drop(id, DropReason::NoRoute);
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

void Node::set_route(NodeId destination, Channel* egress) {
  if (routes_.size() <= destination) routes_.resize(destination + 1, nullptr);
  routes_[destination] = egress;
}

Channel* Node::route(NodeId destination) const {
  return destination < routes_.size() ? routes_[destination] : nullptr;
}

void Node::attach(IpProtocol protocol, ProtocolHandler* handler) {
  protocols_.emplace_back(protocol, handler);
}

}  // namespace netsim::net
