// Hold-model benchmark of ns-3's event schedulers, so that netsim's engine can be set beside ns-3
// in the same benchmark run (see tools/bench/hold_delays.h for the model and the shared delay
// table).
//
// One hold = ns-3 pops the earliest event and runs it, and the handler schedules exactly one new
// event. The queue therefore stays at N pending events throughout. What is timed is ns-3 as a user
// sees it: Simulator::Run's loop, the scheduler's Insert/RemoveNext, and the EventImpl that
// MakeEvent allocates for every Schedule call (that allocation is part of ns-3's cost per event).
//
// Benchmarks:
//   ns3_hold/<Scheduler>/<N>          exponential delays, mean 1 ms, N in {1e3, 1e5, 1e6}
//                                     (ListScheduler only at N = 1e3: its Insert is O(N))
//   ns3_hold_const/<Scheduler>/100000 every delay is exactly 1 ms, so the N pending events move in
//                                     lockstep and all share one timestamp (tie-breaking stress)
// Each benchmark times max(2e6, 4N) holds or 1.5 s of them, whichever comes first (ns-3's
// schedulers differ by up to three orders of magnitude per hold, see RunHoldsFor).
// Counters: events_per_s (timed holds / timed seconds), ns_per_hold, holds (how many were timed)
// and setup_s (the N initial inserts, untimed; CalendarScheduler spends tens of seconds there at
// N = 1e6 and in the constant-delay case, because its buckets are sorted lists and equal or
// crowded keys make every insert walk one long bucket).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/simulator.h"
#include "tools/bench/hold_delays.h"

namespace {

using netsim::bench::hold_delays;
using netsim::bench::kHoldTableSize;

constexpr std::int64_t kMeanDelayNs = 1'000'000;  // 1 ms

// Exponential delays are drawn once for the whole program: the table is 8 MiB and identical for
// every benchmark, so rebuilding it per run would only add noise to the untimed setup.
const std::vector<std::int64_t>& ExponentialTable() {
  static const std::vector<std::int64_t> table = hold_delays(kMeanDelayNs);
  return table;
}

// A one-entry table indexed with mask 0 gives the constant-delay variant without a second handler.
const std::int64_t kConstantTable[1] = {kMeanDelayNs};

// State of the running hold loop. ns-3 handlers are plain function pointers here (no bound
// arguments), so the state is file-global; one benchmark runs at a time and ns-3 itself is a
// process-wide singleton, so nothing is lost by that.
struct HoldState {
  const std::int64_t* delays = nullptr;
  std::size_t mask = 0;  // table size - 1 (a power of two minus one)
  std::size_t next = 0;  // running index into the table
  std::uint64_t executed = 0;
  std::uint64_t budget = 0;  // Stop() once this many handlers have run in the current Run()
};
HoldState g_hold;

void ScheduleNext();

// The event handler: one hold. Stopping here (rather than with Simulator::Stop(delay)) ends the
// run after exactly `budget` events; ns-3's Stop() only raises a flag that Run()'s loop checks
// after this event, so no further event is executed and none needs to be drained or counted.
void Hold() {
  ScheduleNext();
  if (++g_hold.executed == g_hold.budget) ns3::Simulator::Stop();
}

void ScheduleNext() {
  const std::int64_t d = g_hold.delays[g_hold.next++ & g_hold.mask];
  // NanoSeconds takes uint64_t in ns-3.37; the table holds non-negative delays only.
  ns3::Simulator::Schedule(ns3::NanoSeconds(static_cast<std::uint64_t>(d)), &Hold);
}

// Runs ns-3 until `holds` more events have executed. Since each handler replaces itself, the
// queue is still N long when Run() returns, so calling this again continues the same model.
// Returns false if Run() came back early, which would mean events went missing.
bool RunHolds(std::uint64_t holds) {
  g_hold.executed = 0;
  g_hold.budget = holds;
  ns3::Simulator::Run();  // 3.37 clears the stop flag on entry, so Run() can be called again
  return g_hold.executed == holds;
}

// Holds per Run() call when running against a clock: small enough that a slow scheduler
// (CalendarScheduler takes up to ~0.1 ms per hold here) overshoots the time limit by little, large
// enough that Run()'s entry cost and the clock reads vanish.
constexpr std::uint64_t kChunk = 1024;

struct Ran {
  std::uint64_t holds = 0;
  double seconds = 0.0;
  bool ok = true;
};

// Runs up to `max_holds` holds, stopping at the first chunk boundary after `limit_s` seconds.
// The time limit is what keeps every benchmark at a few seconds: per-hold costs range over
// three orders of magnitude across ns-3's schedulers, so no fixed count suits them all.
Ran RunHoldsFor(std::uint64_t max_holds, double limit_s) {
  Ran ran;
  const auto start = std::chrono::steady_clock::now();
  while (ran.holds < max_holds) {
    const std::uint64_t chunk = std::min(kChunk, max_holds - ran.holds);
    if (!RunHolds(chunk)) {
      ran.ok = false;
      break;
    }
    ran.holds += chunk;
    ran.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (ran.seconds >= limit_s) break;
  }
  return ran;
}

struct HoldConfig {
  std::string scheduler;  // ns-3 TypeId name, e.g. "ns3::HeapScheduler"
  std::size_t n = 0;      // pending events
  bool constant = false;  // every delay 1 ms instead of exponential
};

// Warm-up: N holds, or less if they take longer than this. Nothing is lost by stopping early:
// with exponential delays the pending keys are i.i.d. exponential residuals from the start
// (memorylessness), and with constant delays they move in lockstep from the start, so the
// queue is in its steady state either way; the warm-up is for caches, allocator and branch
// predictors.
constexpr double kWarmupSeconds = 0.5;
// Timed part: max(2e6, 4N) holds, or less if they take longer than this.
constexpr double kTimedSeconds = 1.5;

void BM_Ns3Hold(benchmark::State& state, const HoldConfig& cfg) {
  const std::uint64_t max_timed = std::max<std::uint64_t>(2'000'000, 4 * std::uint64_t{cfg.n});
  double seconds = 0.0;
  double setup_seconds = 0.0;
  std::uint64_t holds = 0;

  for (auto _ : state) {
    // Setup and teardown are N-sized and not part of a hold; keep them out of the library's time.
    state.PauseTiming();
    // The scheduler must be set on every iteration: Simulator::Destroy() deletes the simulator
    // implementation, and the next call into Simulator recreates it with the global default
    // ("SchedulerType", i.e. MapScheduler), not with the previous SetScheduler choice.
    ns3::ObjectFactory factory;
    factory.SetTypeId(cfg.scheduler);
    ns3::Simulator::SetScheduler(factory);

    if (cfg.constant) {
      g_hold.delays = kConstantTable;
      g_hold.mask = 0;
    } else {
      g_hold.delays = ExponentialTable().data();
      g_hold.mask = kHoldTableSize - 1;
    }
    g_hold.next = 0;
    // Timed only to be reported: N inserts from time 0 are where some schedulers (ListScheduler,
    // CalendarScheduler with equal keys) show their O(N) insert most plainly.
    const auto setup_start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < cfg.n; ++i) ScheduleNext();
    setup_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - setup_start).count();

    const Ran warm = RunHoldsFor(cfg.n, kWarmupSeconds);
    Ran timed;
    if (warm.ok) {
      state.ResumeTiming();
      timed = RunHoldsFor(max_timed, kTimedSeconds);
      state.PauseTiming();
    }

    // Frees the N pending events and the scheduler; the next iteration starts from a fresh
    // simulator at time 0.
    ns3::Simulator::Destroy();
    state.ResumeTiming();
    if (!warm.ok || !timed.ok) {
      state.SkipWithError("ns-3 ran out of events: the hold loop lost some");
      return;
    }
    seconds += timed.seconds;
    holds += timed.holds;
  }

  state.SetItemsProcessed(static_cast<std::int64_t>(holds));
  // Plain counters from our own wall-clock time of the timed Run() calls alone, rather than
  // kIsRate counters, which benchmark 1.7 divides by CPU time.
  state.counters["events_per_s"] = static_cast<double>(holds) / seconds;
  state.counters["ns_per_hold"] = seconds * 1e9 / static_cast<double>(holds);
  state.counters["holds"] = static_cast<double>(holds);
  state.counters["setup_s"] = setup_seconds / static_cast<double>(state.iterations());
}

void Register(const std::string& family, const HoldConfig& cfg) {
  // "ns3::HeapScheduler" -> "HeapScheduler" for the benchmark name.
  const std::string short_name = cfg.scheduler.substr(cfg.scheduler.rfind(':') + 1);
  const std::string name = family + "/" + short_name + "/" + std::to_string(cfg.n);
  // No Iterations(n) or UseManualTime(): both append a suffix to the name. Neither is needed:
  // one iteration already times more than the default --benchmark_min_time (0.5 s), so the
  // library stops after it. Use --benchmark_repetitions for spread.
  benchmark::RegisterBenchmark(name.c_str(), BM_Ns3Hold, cfg)->Unit(benchmark::kMillisecond);
}

void RegisterAll() {
  // ListScheduler is O(N) per insert, so it is run at N = 1e3 only.
  const char* const kSchedulers[] = {"ns3::MapScheduler", "ns3::HeapScheduler",
                                     "ns3::CalendarScheduler", "ns3::PriorityQueueScheduler"};
  for (std::size_t n : {std::size_t{1'000}, std::size_t{100'000}, std::size_t{1'000'000}}) {
    for (const char* s : kSchedulers) Register("ns3_hold", {s, n, false});
    if (n == 1'000) Register("ns3_hold", {"ns3::ListScheduler", n, false});
  }
  for (const char* s : kSchedulers) Register("ns3_hold_const", {s, 100'000, true});
}

}  // namespace

int main(int argc, char** argv) {
  RegisterAll();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
