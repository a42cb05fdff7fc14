// The TCP validation's bulk transfer as a benchmark: 60 simulated seconds of one NewReno flow over
// 10 Mbit/s and 20 ms with a 100-packet drop-tail queue, PPP framing, loss 0 or 1% on the data
// direction (tools/bench/tcp_validation.py has the experiment; ns3/tcp_validation_ns3.cc runs it on
// ns-3 3.37, and tools/bench.sh sets the two side by side).
// Timed: ScenarioRun construction and run (building the network, routes and the flow, then the
// 60 s); not timed: parsing the YAML. Counters per run: events executed, data segments sent,
// goodput; items_per_second = events per second of wall time.
#include <benchmark/benchmark.h>

#include <string>

#include "models/scenario/scenario_loader.h"
#include "models/scenario/scenario_run.h"

namespace {

using namespace netsim;

std::string scenario(const std::string& loss_percent) {
  return "name: bench\nseed: 1\nduration: 60s\nnodes: {n0: {}, n1: {}}\n"
         "links:\n  p2p: {between: [n0, n1], rate: 10Mbps, delay: 20ms, queue: 100 packets, "
         "framing: ppp,"
         " forward: {loss: " +
         loss_percent +
         "%}}\n"
         "tcp: {preset: ns3, congestion: newreno, sack: false, mss: 1460B}\n"
         "traffic:\n  flow: {app: bulk, transport: tcp, from: n0, to: n1}\n"
         "reports: {timeseries: off}\n";
}

void netsim_tcp_bulk(benchmark::State& state, const std::string& loss_percent) {
  const scenario::ScenarioConfig config =
      scenario::load_scenario_text(scenario(loss_percent), "bench.yaml");
  std::uint64_t events = 0, segments = 0, bytes = 0;
  for (auto _ : state) {
    scenario::ScenarioRun run(config);
    run.run();
    events = run.simulator().events_executed();
    const auto& flow = run.tcp_flows().front();
    segments = flow.client()->connection().stats().segments_sent;
    bytes = flow.server()->connection().stats().bytes_delivered;
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events) * state.iterations());
  state.counters["events"] = static_cast<double>(events);
  state.counters["segments"] = static_cast<double>(segments);
  state.counters["goodput_mbps"] = static_cast<double>(bytes) * 8 / 60 * 1e-6;
}

BENCHMARK_CAPTURE(netsim_tcp_bulk, loss_0, std::string("0"))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(netsim_tcp_bulk, loss_1pct, std::string("1"))->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
