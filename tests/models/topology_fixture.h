// Test fixture: a network built node by node and link by link, with UDP on every host and a
// recording sink on each, so tests can send datagrams between any two hosts and see what arrives.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/net/network.h"
#include "models/udp/udp.h"
#include "tests/models/two_hosts.h"

namespace netsim::testing {

class Topology {
 public:
  static constexpr std::uint16_t kPort = 7;

  explicit Topology(std::uint64_t seed = 1) : streams_(seed), network_(simulator_, streams_) {
    network_.set_observer(&drops);
  }

  net::NodeId host(const std::string& name) { return add(name, net::NodeKind::Host); }
  net::NodeId router(const std::string& name) { return add(name, net::NodeKind::Router); }

  net::Link& link(const std::string& a, const std::string& b, net::ChannelConfig config = fast()) {
    return network_.add_link(a + "-" + b, ids_.at(a), ids_.at(b), config, config);
  }

  // 1 Gbit/s, 1 ms.
  static net::ChannelConfig fast() {
    net::ChannelConfig c;
    c.rate = sim::DataRate::gbps(1);
    c.delay = sim::ms(1);
    return c;
  }

  // Sends a datagram from host `from` to host `to` at time t (ns); `sequence` tags it.
  void send_at(std::int64_t t_ns, const std::string& from, const std::string& to,
               std::uint64_t sequence, std::int64_t payload = 100) {
    struct Send {  // 16 bytes, the most an event holds
      Topology* self;
      std::uint16_t from, to, sequence, payload;
      void operator()() const {
        self->sockets_.at(from)->send_to(self->network_.node(to).address(), kPort,
                                         sim::Bytes(payload),
                                         {0, sequence, self->simulator_.now()});
      }
    };
    simulator_.schedule_at(
        sim::Time::from_ns(t_ns),
        Send{this, static_cast<std::uint16_t>(ids_.at(from)),
             static_cast<std::uint16_t>(ids_.at(to)), static_cast<std::uint16_t>(sequence),
             static_cast<std::uint16_t>(payload)});
  }

  RecordingSink& sink(const std::string& host) { return *sinks_.at(ids_.at(host)); }
  net::NodeId id(const std::string& name) const { return ids_.at(name); }
  net::Network& network() { return network_; }
  sim::Simulator& simulator() { return simulator_; }
  net::Channel* route(const std::string& from, const std::string& to) {
    return network_.node(ids_.at(from)).route(ids_.at(to));
  }

  DropLog drops;

 private:
  net::NodeId add(const std::string& name, net::NodeKind kind) {
    net::Node& n = network_.add_node(name, kind);
    ids_.emplace(name, n.id());
    if (kind == net::NodeKind::Host) {
      auto& layer = udp_.emplace_back(std::make_unique<udp::UdpLayer>(n));
      auto& s = sinks_.emplace(n.id(), std::make_unique<RecordingSink>(simulator_)).first->second;
      layer->bind(kPort, s.get());
      sockets_.emplace(n.id(), std::make_unique<udp::UdpSocket>(*layer, 49152));
    }
    return n.id();
  }

  sim::Simulator simulator_;
  sim::RandomStreams streams_;
  net::Network network_;
  std::map<std::string, net::NodeId> ids_;
  std::vector<std::unique_ptr<udp::UdpLayer>> udp_;
  std::map<net::NodeId, std::unique_ptr<RecordingSink>> sinks_;
  std::map<net::NodeId, std::unique_ptr<udp::UdpSocket>> sockets_;
};

}  // namespace netsim::testing
