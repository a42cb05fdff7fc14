// The classic hold model (Vaucher & Duval 1975): N events pending; each executed event schedules
// one new event after an exponentially distributed delay (mean 1 ms), so N stays constant.
// Reports holds per second (items_per_second) for
//   bare_heap    a cache-aligned 4-ary heap of 16-byte (time, sequence) keys, nothing else: the
//                classic priority structure, as an independent baseline;
//   queue        netsim's EventQueue alone (ladder queue with callbacks stored inline), popped
//                and pushed directly;
//   engine       netsim's Simulator: the queue plus dispatch, clock and causality checks,
// each with exponential delays and with one constant delay, where every new event lands on a
// timestamp shared by many others (the lockstep that fixed link delays produce; it breaks
// calendar queues and needs the insertion-order tiebreak to stay FIFO).
// ns-3's schedulers on the same delay table: ns3/hold_ns3.cc. tools/bench.sh runs both and
// prints ratios measured in the same run.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sim/event_queue.h"
#include "sim/simulator.h"
#include "tools/bench/four_ary_heap.h"
#include "tools/bench/hold_delays.h"

namespace {

using netsim::bench::hold_delays;
using netsim::bench::kHoldTableSize;
using netsim::sim::EventCallback;
using netsim::sim::Time;
constexpr std::size_t kMask = kHoldTableSize - 1;
constexpr std::int64_t kMeanDelayNs = 1'000'000;

const std::vector<std::int64_t>& exponential_delays() {
  static const std::vector<std::int64_t> table = hold_delays(kMeanDelayNs);
  return table;
}

const std::vector<std::int64_t>& constant_delays() {
  static const std::vector<std::int64_t> table(kHoldTableSize, kMeanDelayNs);
  return table;
}

// Holds per benchmark iteration; Google Benchmark repeats iterations until the time is stable.
std::int64_t holds_per_iteration(std::int64_t n) { return n < 500'000 ? 500'000 : n; }

// Runs `hold` n times to fill the structure's buffers (steady state), then measures it.
template <class Hold>
void measure(benchmark::State& state, Hold hold) {
  for (std::int64_t i = 0; i < 4 * state.range(0); ++i) hold();
  const std::int64_t m = holds_per_iteration(state.range(0));
  for (auto _ : state) {
    for (std::int64_t i = 0; i < m; ++i) hold();
  }
  state.SetItemsProcessed(state.iterations() * m);
}

void bare_heap(benchmark::State& state, const std::vector<std::int64_t>& delays) {
  netsim::bench::FourAryHeap heap;
  std::uint64_t sequence = 0;
  std::size_t next = 0;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    heap.push({static_cast<std::uint64_t>(delays[next++ & kMask]), sequence++});
  }
  measure(state, [&] {
    const auto top = heap.top();
    heap.pop();
    heap.push({top.time + static_cast<std::uint64_t>(delays[next++ & kMask]), sequence++});
  });
}

void queue(benchmark::State& state, const std::vector<std::int64_t>& delays) {
  netsim::sim::EventQueue events;
  std::int64_t ran = 0;
  const auto callback = EventCallback::from([&ran] { ++ran; });
  std::size_t next = 0;
  for (std::int64_t i = 0; i < state.range(0); ++i) {
    events.push(Time::from_ns(delays[next++ & kMask]), callback);
  }
  Time when;
  EventCallback due;
  measure(state, [&] {
    events.pop_until(Time::max(), when, due);
    due();
    events.push(when + netsim::sim::ns(delays[next++ & kMask]), callback);
  });
  benchmark::DoNotOptimize(ran);
}

class EngineHold {
 public:
  EngineHold(std::int64_t n, const std::vector<std::int64_t>& delays) : delays_(delays) {
    for (std::int64_t i = 0; i < n; ++i) schedule_next();
  }

  void run_holds(std::int64_t count) {
    remaining_ = count;
    simulator_.run();
  }

 private:
  void schedule_next() {
    simulator_.schedule(netsim::sim::ns(delays_[next_++ & kMask]), [this] { fire(); });
  }
  void fire() {
    if (--remaining_ == 0) simulator_.stop();
    schedule_next();
  }

  netsim::sim::Simulator simulator_;
  const std::vector<std::int64_t>& delays_;
  std::size_t next_ = 0;
  std::int64_t remaining_ = 0;
};

void engine(benchmark::State& state, const std::vector<std::int64_t>& delays) {
  EngineHold hold(state.range(0), delays);
  hold.run_holds(4 * state.range(0));  // steady state
  const std::int64_t m = holds_per_iteration(state.range(0));
  for (auto _ : state) hold.run_holds(m);
  state.SetItemsProcessed(state.iterations() * m);
}

void bare_heap_hold(benchmark::State& s) { bare_heap(s, exponential_delays()); }
void bare_heap_hold_const(benchmark::State& s) { bare_heap(s, constant_delays()); }
void queue_hold(benchmark::State& s) { queue(s, exponential_delays()); }
void queue_hold_const(benchmark::State& s) { queue(s, constant_delays()); }
void engine_hold(benchmark::State& s) { engine(s, exponential_delays()); }
void engine_hold_const(benchmark::State& s) { engine(s, constant_delays()); }

}  // namespace

#define NETSIM_HOLD_SIZES ->Arg(1'000)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)
BENCHMARK(bare_heap_hold) NETSIM_HOLD_SIZES;
BENCHMARK(queue_hold) NETSIM_HOLD_SIZES;
BENCHMARK(engine_hold) NETSIM_HOLD_SIZES;
BENCHMARK(bare_heap_hold_const)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(queue_hold_const)->Arg(100'000)->Unit(benchmark::kMillisecond);
BENCHMARK(engine_hold_const)->Arg(100'000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
