#include "tools/report/realtime_metrics.h"

#include <algorithm>
#include <limits>
#include <map>

#include "sim/assert.h"
#include "tools/report/flow_summary.h"
#include "tools/report/run_metrics.h"

namespace netsim::report {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kNsPerMs = 1e6;

// The client columns after the fate counts; a server's row leaves them undefined.
constexpr const char* kClientColumns[] = {
    "clients",        "connected_at_end",   "connects", "disconnects",
    "reconnections",  "recovered_connects", "received", "latency_p50_ms",
    "latency_p99_ms", "latency_max_ms",     "emitted",  "acks_ok",
    "acks_failed"};

std::vector<std::string> make_names() {
  std::vector<std::string> names = {"intended", "missed", "missed_ratio"};
  for (int f = 0; f < realtime::kFates; ++f) {
    names.emplace_back(realtime::to_string(static_cast<realtime::Fate>(f)));
  }
  for (const char* c : kClientColumns) names.emplace_back(c);
  return names;
}

struct Row {
  RealtimeMetrics out;
  realtime::FateCounts fates;
  RealtimeClientSummary clients;  // the members' figures summed
  std::size_t members = 0;
  std::size_t connected_at_end = 0;
};

}  // namespace

const std::vector<std::string>& realtime_metric_names() {
  static const std::vector<std::string> names = make_names();
  return names;
}

std::size_t realtime_metric_index(const std::string& name) {
  return column_index(realtime_metric_names(), name);
}

std::vector<RealtimeMetrics> collect_realtime_metrics(
    const std::string& strategy, const std::vector<RealtimeClientSummary>& clients,
    const std::vector<realtime::Delivery>& deliveries) {
  std::vector<Row> rows;
  std::map<std::string, std::size_t> row_of;  // client, group or server name → row
  const auto row_for = [&](const std::string& name, const char* kind) -> Row& {
    const auto [it, fresh] = row_of.try_emplace(name, rows.size());
    if (fresh) rows.push_back(Row{{strategy, name, kind, {}}, {}, {}, 0, 0});
    return rows[it->second];
  };
  std::map<std::string, std::size_t> client_row;  // a client's own name → its row
  for (const RealtimeClientSummary& c : clients) {
    Row& row = row_for(c.group, "client");
    client_row[c.client] = row_of.at(c.group);
    ++row.members;
    row.connected_at_end += c.connected_at_end ? 1 : 0;
    accumulate(row.clients, c);
  }
  for (const RealtimeClientSummary& c : clients) row_for(c.server, "server");
  for (const realtime::Delivery& d : deliveries) {
    const auto client = client_row.find(d.recipient);
    Row& row = client != client_row.end() ? rows[client->second] : row_for(d.recipient, "server");
    row.fates.add(d.fate);
  }

  std::vector<RealtimeMetrics> out;
  for (Row& row : rows) {
    const realtime::FateCounts& f = row.fates;
    std::vector<double>& v = row.out.values;
    v = {static_cast<double>(f.total()), static_cast<double>(f.missed()),
         f.total() > 0 ? static_cast<double>(f.missed()) / static_cast<double>(f.total()) : kNan};
    for (int k = 0; k < realtime::kFates; ++k) v.push_back(static_cast<double>(f.count[k]));
    if (row.out.kind == "server") {
      v.resize(realtime_metric_names().size(), kNan);
    } else {
      RealtimeClientSummary& s = row.clients;
      std::sort(s.latencies_ns.begin(), s.latencies_ns.end());
      for (const double x :
           {static_cast<double>(row.members), static_cast<double>(row.connected_at_end),
            static_cast<double>(s.connects), static_cast<double>(s.disconnects),
            static_cast<double>(s.reconnections), static_cast<double>(s.recovered),
            static_cast<double>(s.received), quantile(s.latencies_ns, 0.50) / kNsPerMs,
            quantile(s.latencies_ns, 0.99) / kNsPerMs, quantile(s.latencies_ns, 1.0) / kNsPerMs,
            static_cast<double>(s.emitted), static_cast<double>(s.acks_ok),
            static_cast<double>(s.acks_failed)}) {
        v.push_back(x);
      }
    }
    NETSIM_ASSERT(v.size() == realtime_metric_names().size(), "realtime metrics out of step");
    out.push_back(std::move(row.out));
  }
  return out;
}

}  // namespace netsim::report
