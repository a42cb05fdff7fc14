// The network of one run: nodes, links, the packet pool, routing and the drop trace. Owns them
// all, so a run's world is one object with one lifetime.
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
#include "models/net/packet_tap.h"
#include "models/net/routing.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::net {

class Network {
 public:
  static constexpr std::uint32_t kNotAHost = 0xffffffff;

  Network(sim::Simulator& simulator, sim::RandomStreams& streams);
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;

  // Nodes get dense ids in order of creation and the address 10.x.y.z with x.y.z = id + 1.
  Node& add_node(std::string name, NodeKind kind = NodeKind::Host);
  // A full-duplex link between a and b. Each direction draws its random numbers from streams
  // named "link/<name>/<from>-><to>/...".
  Link& add_link(std::string name, NodeId a, NodeId b, const ChannelConfig& a_to_b,
                 const ChannelConfig& b_to_a);

  Node& node(NodeId id) { return *nodes_[id]; }
  const Node& node(NodeId id) const { return *nodes_[id]; }
  std::size_t node_count() const { return nodes_.size(); }
  std::optional<NodeId> node_of(Ipv4Address address) const;
  // Hosts, in id order; routes are computed towards each of them.
  const std::vector<NodeId>& hosts() const { return hosts_; }
  std::uint32_t host_index(NodeId id) const {
    return id < host_index_.size() ? host_index_[id] : kNotAHost;
  }
  std::deque<Link>& links() { return links_; }
  const std::deque<Link>& links() const { return links_; }
  std::deque<Channel>& channels() { return channels_; }
  const std::deque<Channel>& channels() const { return channels_; }

  sim::Simulator& simulator() { return simulator_; }
  PacketPool& packets() { return packets_; }

  // Routing: computes routes now, and again `convergence` after every topology change.
  void set_routing(RouteMetric metric, sim::Duration convergence);
  void compute_routes();
  void clear_routes();

  // Topology changes (faults). A link going down loses what it holds (queued, in transmission,
  // propagating); a crashing node loses its queues and drops whatever reaches it.
  void set_link_up(Link& link, bool up);
  void set_node_up(NodeId id, bool up);

  void set_observer(PacketObserver* observer) { observer_ = observer; }
  // A tap sees every transmission start, so channels stop planning transmissions ahead (see
  // channel.h) while one is attached.
  void set_tap(PacketTap* tap);
  PacketTap* tap() const { return tap_; }
  // Reports the drop to the observer and releases the packet.
  void drop(PacketId id, DropReason reason);
  // Reports a packet a link has duplicated to the observer.
  void note_duplicate(PacketId copy);

  void count_forwarding() { ++forwardings_; }
  std::uint64_t forwardings() const { return forwardings_; }

 private:
  static constexpr std::uint32_t kAddressBase = 10u << 24;  // 10.0.0.0/8 (RFC 1918)

  void topology_changed();

  sim::Simulator& simulator_;
  sim::RandomStreams& streams_;
  PacketPool packets_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<NodeId> hosts_;
  std::vector<std::uint32_t> host_index_;
  std::deque<Channel> channels_;  // deque: stable addresses, channels are referenced by links
  std::deque<Link> links_;
  RouteMetric metric_ = RouteMetric::Hops;
  sim::Duration convergence_;
  PacketObserver* observer_ = nullptr;
  PacketTap* tap_ = nullptr;
  std::uint64_t forwardings_ = 0;
};

}  // namespace netsim::net
