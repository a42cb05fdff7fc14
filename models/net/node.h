// A host: it originates packets, routes them to an egress channel, and hands packets addressed
// to it to the transport protocol named in the IPv4 header (RFC 791 §3.1 "Protocol").
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
  Node(Network& network, NodeId id, std::string name, Ipv4Address address);
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  NodeId id() const { return id_; }
  const std::string& name() const { return name_; }
  Ipv4Address address() const { return address_; }
  Network& network() { return network_; }

  // Originates a packet: fills in nothing, routes it. A packet with no route is dropped.
  void send(PacketId id);
  // A packet arrives from a channel.
  void receive(PacketId id);

  void set_route(NodeId destination, Channel* egress);
  Channel* route(NodeId destination) const;
  void attach(IpProtocol protocol, ProtocolHandler* handler);

  // Next IPv4 identification value (RFC 6864: unique per source, destination and protocol while
  // a datagram may be in flight; one counter per node satisfies that).
  std::uint16_t next_identification() { return next_identification_++; }

 private:
  Network& network_;
  NodeId id_;
  std::string name_;
  Ipv4Address address_;
  std::vector<Channel*> routes_;  // egress per destination node id; null = unreachable
  std::vector<std::pair<IpProtocol, ProtocolHandler*>> protocols_;
  std::uint16_t next_identification_ = 0;
};

}  // namespace netsim::net
