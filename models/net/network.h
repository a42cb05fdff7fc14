// The network of one run: nodes, links, the packet pool and the drop trace. Owns them all, so a
// run's world is one object with one lifetime.
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/net/address.h"
#include "models/net/channel.h"
#include "models/net/link.h"
#include "models/net/node.h"
#include "models/net/packet.h"
#include "models/net/packet_observer.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::net {

class Network {
 public:
  Network(sim::Simulator& simulator, sim::RandomStreams& streams);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Nodes get dense ids in order of creation and the address 10.x.y.z with x.y.z = id + 1.
  Node& add_node(std::string name);
  // A full-duplex link between a and b. Each direction draws its losses from the stream
  // "link/<name>/<from>-><to>".
  Link& add_link(std::string name, NodeId a, NodeId b, const ChannelConfig& a_to_b,
                 const ChannelConfig& b_to_a);

  Node& node(NodeId id) { return *nodes_[id]; }
  const Node& node(NodeId id) const { return *nodes_[id]; }
  std::size_t node_count() const { return nodes_.size(); }
  std::optional<NodeId> node_of(Ipv4Address address) const;
  const std::deque<Link>& links() const { return links_; }

  sim::Simulator& simulator() { return simulator_; }
  PacketPool& packets() { return packets_; }

  void set_observer(PacketObserver* observer) { observer_ = observer; }
  // Reports the drop to the observer and releases the packet.
  void drop(PacketId id, DropReason reason);

 private:
  static constexpr std::uint32_t kAddressBase = 10u << 24;  // 10.0.0.0/8 (RFC 1918)

  sim::Simulator& simulator_;
  sim::RandomStreams& streams_;
  PacketPool packets_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::deque<Channel> channels_;  // deque: stable addresses, channels are referenced by links
  std::deque<Link> links_;
  PacketObserver* observer_ = nullptr;
};

}  // namespace netsim::net
