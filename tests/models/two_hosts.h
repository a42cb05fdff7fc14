// Test fixture: hosts a and b joined by one link, with UDP on both and a sink on b that records
// every datagram's arrival time.
#pragma once

#include <memory>
#include <vector>

#include "models/net/network.h"
#include "models/udp/udp.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::testing {

struct Arrival {
  std::int64_t at_ns;
  std::uint64_t sequence;
  std::int64_t payload;
};

class RecordingSink final : public udp::DatagramSink {
 public:
  explicit RecordingSink(sim::Simulator& s) : simulator_(s) {}
  void on_datagram(const net::Packet& p) override {
    arrivals.push_back({simulator_.now().ns(), p.tag.sequence, p.payload.count()});
  }
  std::vector<Arrival> arrivals;

 private:
  sim::Simulator& simulator_;
};

class DropLog final : public net::PacketObserver {
 public:
  void on_drop(const net::Packet& p, net::DropReason reason, sim::Time now) override {
    drops.push_back({p.tag.flow, p.tag.sequence, reason, now.ns()});
  }
  void on_duplicate(const net::Packet&, sim::Time) override { ++duplicates; }
  struct Drop {
    std::uint32_t flow;
    std::uint64_t sequence;
    net::DropReason reason;
    std::int64_t at_ns;
  };
  std::vector<Drop> drops;
  std::uint64_t duplicates = 0;  // copies links made
};

struct TwoHosts {
  static constexpr std::uint16_t kPort = 7;

  explicit TwoHosts(const net::ChannelConfig& a_to_b, const net::ChannelConfig& b_to_a = {},
                    std::uint64_t seed = 1)
      : streams(seed), network(simulator, streams), sink(simulator) {
    net::Node& na = network.add_node("a");
    net::Node& nb = network.add_node("b");
    link = &network.add_link("l", na.id(), nb.id(), a_to_b, b_to_a);
    na.set_route(nb.id(), &link->forward);
    nb.set_route(na.id(), &link->reverse);
    udp_a = std::make_unique<udp::UdpLayer>(na);
    udp_b = std::make_unique<udp::UdpLayer>(nb);
    udp_b->bind(kPort, &sink);
    socket = std::make_unique<udp::UdpSocket>(*udp_a, 49152);
    network.set_observer(&drops);
  }

  // Sends `payload` bytes from a to b's sink at the current simulated time.
  void send(std::int64_t payload, std::uint64_t sequence) {
    socket->send_to(network.node(1).address(), kPort, sim::Bytes(payload),
                    {0, sequence, simulator.now()});
  }
  // Schedules a send at time t (ns).
  void send_at(std::int64_t t_ns, std::int64_t payload, std::uint64_t sequence) {
    struct Send {
      TwoHosts* self;
      std::int32_t payload;
      std::uint32_t sequence;
      void operator()() const { self->send(payload, sequence); }
    };
    simulator.schedule_at(sim::Time::from_ns(t_ns), Send{this, static_cast<std::int32_t>(payload),
                                                         static_cast<std::uint32_t>(sequence)});
  }

  sim::Simulator simulator;
  sim::RandomStreams streams;
  net::Network network;
  net::Link* link = nullptr;
  std::unique_ptr<udp::UdpLayer> udp_a;
  std::unique_ptr<udp::UdpLayer> udp_b;
  std::unique_ptr<udp::UdpSocket> socket;
  RecordingSink sink;
  DropLog drops;
};

}  // namespace netsim::testing
