// A node: a host (originates and receives packets) or a router (also forwards them). It routes
// each packet it sends or forwards through its forwarding table to an egress channel, and hands
// packets addressed to it to the transport protocol named in the IPv4 header (RFC 791 §3.1).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "models/net/address.h"
#include "models/net/headers.h"
#include "models/net/packet.h"

namespace netsim::net {

class Channel;
class Network;

enum class NodeKind : std::uint8_t { Host, Router };

// A transport protocol instance on a node (UDP, later TCP).
class ProtocolHandler {
 public:
  virtual ~ProtocolHandler() = default;
  // Takes ownership of a packet addressed to this node: the handler releases it (or drops it
  // through Network::drop) when done.
  virtual void receive(PacketId id) = 0;
};

class Node {
 public:
  Node(Network& network, NodeId id, std::string name, NodeKind kind, Ipv4Address address);
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  NodeId id() const { return id_; }
  const std::string& name() const { return name_; }
  NodeKind kind() const { return kind_; }
  Ipv4Address address() const { return address_; }
  Network& network() { return network_; }

  // A crashed node neither sends, forwards nor receives; the applications on it pause.
  bool is_up() const { return up_; }
  void set_up(bool up) { up_ = up; }

  // Originates a packet and routes it. A packet with no route is dropped.
  void send(PacketId id);
  // A packet arrives from a channel.
  void receive(PacketId id);

  void set_route(NodeId destination, Channel* egress);
  Channel* route(NodeId destination) const;
  void clear_routes() { routes_.assign(routes_.size(), nullptr); }
  void attach(IpProtocol protocol, ProtocolHandler* handler);

  // Next IPv4 identification value (RFC 6864: unique per source, destination and protocol while
  // a datagram may be in flight; one counter per node satisfies that).
  std::uint16_t next_identification() { return next_identification_++; }

 private:
  void forward(PacketId id);

  Network& network_;
  NodeId id_;
  std::string name_;
  NodeKind kind_;
  Ipv4Address address_;
  bool up_ = true;
  std::vector<Channel*> routes_;  // egress per destination host index; null = unreachable
  std::vector<std::pair<IpProtocol, ProtocolHandler*>> protocols_;
  std::uint16_t next_identification_ = 0;
};

}  // namespace netsim::net
