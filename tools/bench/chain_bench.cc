// UDP across a chain of 10 routers: h0 – r1 – … – r10 – h1, 11 links of 10 Gbit/s and 1 µs with
// PPP framing (2 bytes, as ns-3's point-to-point devices), drop-tail queues of 100 packets; h0
// sends a 100-byte datagram every microsecond (no link is congested: 130 bytes take 104 ns).
// Reports hop-forwardings per second of the run's wall time (items_per_second): 10 per delivered
// packet. ns3/chain_ns3.cc builds the same chain on ns-3 3.37; tools/bench.sh
// runs both and prints the ratio measured in the same run.
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "models/net/network.h"
#include "models/udp/udp.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace {

using namespace netsim;

constexpr int kRouters = 10;
constexpr std::uint16_t kPort = 9;

class CountingSink final : public udp::DatagramSink {
 public:
  void on_datagram(const net::Packet&) override { ++received; }
  std::uint64_t received = 0;
};

struct Chain {
  Chain() : streams(1), network(simulator, streams) {
    net::ChannelConfig link;
    link.rate = sim::DataRate::gbps(10);
    link.delay = sim::us(1);
    link.queue.limit = net::QueueLimit::packets(100);
    link.framing = net::Framing::Ppp;
    std::vector<net::NodeId> nodes;
    nodes.push_back(network.add_node("h0").id());
    for (int i = 1; i <= kRouters; ++i)
      nodes.push_back(network.add_node("r" + std::to_string(i), net::NodeKind::Router).id());
    nodes.push_back(network.add_node("h1").id());
    for (std::size_t i = 0; i + 1 < nodes.size(); ++i)
      network.add_link("l" + std::to_string(i), nodes[i], nodes[i + 1], link, link);
    network.compute_routes();
    sender = std::make_unique<udp::UdpLayer>(network.node(nodes.front()));
    receiver = std::make_unique<udp::UdpLayer>(network.node(nodes.back()));
    receiver->bind(kPort, &sink);
    socket = std::make_unique<udp::UdpSocket>(*sender, 49152);
    destination = network.node(nodes.back()).address();
  }

  void send_next() {
    socket->send_to(destination, kPort, sim::Bytes(100), {});
    if (--remaining > 0) simulator.schedule(sim::us(1), [this] { send_next(); });
  }

  sim::Simulator simulator;
  sim::RandomStreams streams;
  net::Network network;
  std::unique_ptr<udp::UdpLayer> sender;
  std::unique_ptr<udp::UdpLayer> receiver;
  std::unique_ptr<udp::UdpSocket> socket;
  CountingSink sink;
  net::Ipv4Address destination;
  std::int64_t remaining = 0;
};

void netsim_chain(benchmark::State& state) {
  const std::int64_t packets = state.range(0);
  std::uint64_t forwardings = 0;
  std::uint64_t events = 0;
  double run_seconds = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto chain = std::make_unique<Chain>();
    chain->remaining = packets;
    chain->simulator.schedule(sim::Duration::zero(), [c = chain.get()] { c->send_next(); });
    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    chain->simulator.run();
    run_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    state.PauseTiming();
    if (chain->sink.received != static_cast<std::uint64_t>(packets)) {
      state.SkipWithError("not every packet arrived");
      break;
    }
    forwardings += chain->network.forwardings();
    events += chain->simulator.events_executed();
    chain.reset();
    state.ResumeTiming();
  }
  // Like ns3/chain_ns3.cc: forwardings per second of the simulation's own wall time.
  state.counters["items_per_second"] = static_cast<double>(forwardings) / run_seconds;
  state.counters["events"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kAvgIterations);
  state.counters["events_per_s"] = static_cast<double>(events) / run_seconds;
}

}  // namespace

BENCHMARK(netsim_chain)
    ->Name("netsim_chain/10hops")
    ->Arg(20'000)
    ->Arg(200'000)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
