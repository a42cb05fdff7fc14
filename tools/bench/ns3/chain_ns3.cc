// UDP forwarding across a chain of 10 routers on ns-3 3.37, the ns-3 side of tools/bench/
// chain_bench.cc (netsim_chain): same topology, same traffic, same figure of merit, so that the two
// can be set side by side.
//
// Topology: h0 - r1 - r2 - ... - r10 - h1, 11 point-to-point links of 10 Gbit/s and 1 us with the
// device queue DropTail 100 packets, one /30 per link, routes from Ipv4GlobalRoutingHelper.
// Traffic: UdpClient on h0 sends N datagrams of 100 payload bytes to a UdpServer on h1, one every
// microsecond. No link is congested (100 + 8 UDP + 20 IPv4 + 2 PPP = 130 bytes take 104 ns at
// 10 Gbit/s), so every packet must arrive; the benchmark fails if one does not.
//
// Benchmarks:
//   ns3_chain/10hops/<N>                           ns-3's default scheduler (MapScheduler)
//   ns3_chain_HeapScheduler/10hops/<N>             the same chain on ns3::HeapScheduler
//   ns3_chain_PriorityQueueScheduler/10hops/<N>    ... and on ns3::PriorityQueueScheduler
// with N in {20000, 200000}.
// What is timed is Simulator::Run() alone (wall time, steady clock); building the topology,
// installing the stack, computing routes and Simulator::Destroy() are not.
// Counters: items_per_second = hop-forwardings per second of Run() wall time, a forwarding being
// one packet passing one router (10 per packet received at h1); packets_received and events
// (Simulator::GetEventCount(), events executed by Run()) per iteration; run_s = mean Run() time.

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <string>

#include "ns3/application-container.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-interface-container.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/traffic-control-helper.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/udp-server.h"
#include "ns3/uinteger.h"

namespace {

constexpr int kRouters = 10;
constexpr std::uint16_t kPort = 9;
// UdpClient's PacketSize is the whole UDP payload, its 12-byte SeqTsHeader included, so 100 here
// gives the same 100-byte datagram payload as netsim's side.
constexpr std::uint32_t kPayloadBytes = 100;

// Builds the chain in the current simulator and schedules the traffic. Returns the server, whose
// receive count is read after Run().
ns3::Ptr<ns3::UdpServer> BuildChain(std::uint32_t packets) {
  ns3::NodeContainer nodes;
  nodes.Create(kRouters + 2);  // h0, r1..r10, h1

  ns3::PointToPointHelper p2p;
  p2p.SetDeviceAttribute("DataRate", ns3::StringValue("10Gbps"));
  p2p.SetChannelAttribute("Delay", ns3::StringValue("1us"));
  // The PointToPoint default already, spelled out because it is part of the contract with
  // netsim's side.
  p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", ns3::StringValue("100p"));

  // Routers and hosts are alike to ns-3: every node gets the full stack and forwards if routed to.
  ns3::InternetStackHelper stack;
  stack.Install(nodes);

  ns3::Ipv4AddressHelper addresses;
  addresses.SetBase("10.1.0.0", "255.255.255.252");
  ns3::TrafficControlHelper traffic_control;
  ns3::Ipv4Address destination;
  for (std::uint32_t i = 0; i + 1 < nodes.GetN(); ++i) {
    ns3::NetDeviceContainer devices = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
    const ns3::Ipv4InterfaceContainer interfaces = addresses.Assign(devices);
    // Assign installs an FqCoDel queue disc on both devices' traffic-control layer; remove it so
    // that each link is the plain drop-tail device queue netsim models. Only after Assign: before
    // it there is no queue disc yet and Uninstall crashes.
    traffic_control.Uninstall(devices);
    addresses.NewNetwork();
    destination = interfaces.GetAddress(1);  // the last link's far end is h1
  }
  ns3::Ipv4GlobalRoutingHelper::PopulateRoutingTables();

  // The application helpers' Start times are scheduled events, so the sockets are created inside
  // Run() (creating them earlier, before the traffic-control layer is initialised, crashes).
  ns3::UdpServerHelper server_helper(kPort);
  ns3::ApplicationContainer server_apps = server_helper.Install(nodes.Get(nodes.GetN() - 1));
  server_apps.Start(ns3::Seconds(0));

  ns3::UdpClientHelper client_helper(destination, kPort);
  client_helper.SetAttribute("MaxPackets", ns3::UintegerValue(packets));
  client_helper.SetAttribute("Interval", ns3::TimeValue(ns3::MicroSeconds(1)));
  client_helper.SetAttribute("PacketSize", ns3::UintegerValue(kPayloadBytes));
  ns3::ApplicationContainer client_apps = client_helper.Install(nodes.Get(0));
  client_apps.Start(ns3::Seconds(0));
  // No Stop times: the client stops scheduling after MaxPackets and nothing in this setup is
  // periodic, so Run() returns when the last packet has been delivered, and no event runs after it.

  return server_helper.GetServer();
}

void BM_Ns3Chain(benchmark::State& state, const std::string& scheduler) {
  const auto packets = static_cast<std::uint32_t>(state.range(0));
  double run_seconds = 0.0;
  std::uint64_t received_total = 0;
  std::uint64_t events_total = 0;

  for (auto _ : state) {
    state.PauseTiming();
    // Set on every iteration and before any node exists: Simulator::Destroy() deletes the
    // simulator, and the next one is created with the default MapScheduler, not the previous
    // choice; and creating nodes already schedules their initialisation events.
    ns3::ObjectFactory factory;
    factory.SetTypeId(scheduler);
    ns3::Simulator::SetScheduler(factory);
    ns3::Ptr<ns3::UdpServer> server = BuildChain(packets);

    state.ResumeTiming();
    const auto start = std::chrono::steady_clock::now();
    ns3::Simulator::Run();
    const auto stop = std::chrono::steady_clock::now();
    state.PauseTiming();

    const std::uint64_t received = server->GetReceived();
    const std::uint64_t events = ns3::Simulator::GetEventCount();
    // Disposes the nodes (NodeList is torn down with the simulator) and the per-simulation
    // singletons, among them the address generator, so that the next iteration can hand out the
    // same addresses again.
    server = nullptr;
    ns3::Simulator::Destroy();
    state.ResumeTiming();

    if (received != packets) {
      const std::string message = "ns-3 delivered " + std::to_string(received) + " of " +
                                  std::to_string(packets) + " packets; the chain is not lossless";
      state.SkipWithError(message.c_str());
      return;
    }
    run_seconds += std::chrono::duration<double>(stop - start).count();
    received_total += received;
    events_total += events;
  }

  const double iterations = static_cast<double>(state.iterations());
  // A plain counter from our own steady-clock time of Run() rather than SetItemsProcessed, whose
  // kIsRate counter benchmark 1.7 divides by CPU time.
  state.counters["items_per_second"] = static_cast<double>(kRouters * received_total) / run_seconds;
  state.counters["packets_received"] = static_cast<double>(received_total) / iterations;
  state.counters["events"] = static_cast<double>(events_total) / iterations;
  state.counters["run_s"] = run_seconds / iterations;
}

void Register(const std::string& family, const std::string& scheduler) {
  // Unit ms: one iteration at N = 200000 takes seconds. No Iterations() or UseManualTime(): both
  // append a suffix to the name; the library's own time is already Run()-only (PauseTiming).
  benchmark::RegisterBenchmark((family + "/10hops").c_str(), BM_Ns3Chain, scheduler)
      ->Arg(20'000)
      ->Arg(200'000)
      ->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  Register("ns3_chain", "ns3::MapScheduler");
  Register("ns3_chain_HeapScheduler", "ns3::HeapScheduler");
  Register("ns3_chain_PriorityQueueScheduler", "ns3::PriorityQueueScheduler");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
