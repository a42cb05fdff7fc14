#include "tools/report/mitigation_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>

#include "models/scenario/scenario_run.h"
#include "tools/report/csv.h"
#include "tools/report/flow_summary.h"
#include "tools/report/realtime_report.h"

namespace netsim::report {

namespace {

std::string ms(const std::vector<std::int64_t>& sorted, double q) {
  if (sorted.empty()) return "";
  return fmt::format("{:.3f}", quantile(sorted, q) * 1e-6);
}

}  // namespace

MitigationResult mitigation_result(std::string strategy, const std::vector<realtime::Delivery>& d,
                                   const realtime::EventLog& log, std::uint64_t bytes,
                                   std::uint64_t events) {
  MitigationResult r{std::move(strategy), {}, {}, bytes, events};
  for (const realtime::Delivery& x : d) {
    r.fates.add(x.fate);
    if (x.handled_at) r.latencies_ns.push_back((*x.handled_at - log.emitted()[x.event].at).ns());
  }
  std::sort(r.latencies_ns.begin(), r.latencies_ns.end());
  return r;
}

std::vector<MitigationResult> run_mitigations(const scenario::ScenarioConfig& config) {
  std::vector<MitigationResult> out;
  for (const scenario::MitigationSet& set : config.realtime.mitigations) {
    scenario::ScenarioRun run(scenario::apply_mitigation(config, set));
    run.run();
    const std::vector<realtime::Delivery> d = realtime_deliveries(run);
    out.push_back(mitigation_result(set.name(), d, run.realtime_events(),
                                    run.byte_streams().bytes_written(),
                                    run.simulator().events_executed()));
  }
  return out;
}

void write_mitigations_csv(std::ostream& out, const std::vector<MitigationResult>& results) {
  CsvRow row;
  row.add("strategy").add("intended").add("missed");
  for (int f = 0; f < realtime::kFates; ++f) {
    row.add(realtime::to_string(static_cast<realtime::Fate>(f)));
  }
  for (const char* c :
       {"latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "bytes", "extra_bytes", "events"}) {
    row.add(c);
  }
  row.write_to(out);
  const std::uint64_t base = results.empty() ? 0 : results.front().bytes;
  for (const MitigationResult& r : results) {
    row.add(r.strategy).add(r.fates.total()).add(r.fates.missed());
    for (const std::uint64_t n : r.fates.count) row.add(n);
    row.add(ms(r.latencies_ns, 0.50)).add(ms(r.latencies_ns, 0.95)).add(ms(r.latencies_ns, 0.99));
    row.add(r.bytes).add(static_cast<std::int64_t>(r.bytes) - static_cast<std::int64_t>(base));
    row.add(r.events).write_to(out);
  }
}

std::string mitigations_table(const std::vector<MitigationResult>& results) {
  using realtime::Fate;
  std::vector<const MitigationResult*> ranked;
  for (const MitigationResult& r : results) ranked.push_back(&r);
  const auto count = [](const MitigationResult* r, Fate f) {
    return r->fates.count[static_cast<int>(f)];
  };
  std::stable_sort(ranked.begin(), ranked.end(), [&](const auto* a, const auto* b) {
    if (a->fates.missed() != b->fates.missed()) return a->fates.missed() < b->fates.missed();
    if (count(a, Fate::Duplicated) != count(b, Fate::Duplicated)) {
      return count(a, Fate::Duplicated) < count(b, Fate::Duplicated);
    }
    return a->bytes < b->bytes;
  });
  const std::uint64_t base = results.empty() ? 0 : results.front().bytes;
  std::size_t width = 8;
  for (const MitigationResult* r : ranked) width = std::max(width, r->strategy.size() + 2);
  std::string out = "\nmitigations (same network, same seed), best first:\n";
  out += fmt::format("{:<4}{:<{}}{:>7}{:>11}{:>13}{:>12}{:>11}{:>10}{:>6}{:>12}{:>13}\n", "#",
                     "strategy", width, "missed", "unhandled", "lost/unsent", "duplicated",
                     "recovered", "replayed", "late", "p99 ms", "extra bytes");
  int rank = 0;
  for (const MitigationResult* r : ranked) {
    out += fmt::format(
        "{:<4}{:<{}}{:>7}{:>11}{:>13}{:>12}{:>11}{:>10}{:>6}{:>12}{:>+13}\n", ++rank, r->strategy,
        width, r->fates.missed(), count(r, Fate::Unhandled),
        count(r, Fate::LostInFlight) + count(r, Fate::NotSent) + count(r, Fate::VolatileDropped),
        count(r, Fate::Duplicated), count(r, Fate::Recovered), count(r, Fate::Replayed),
        count(r, Fate::Late), ms(r->latencies_ns, 0.99),
        static_cast<std::int64_t>(r->bytes) - static_cast<std::int64_t>(base));
  }
  return out;
}

}  // namespace netsim::report
