#include "tools/report/run_metrics.h"

#include <algorithm>
#include <limits>

#include "sim/assert.h"

namespace netsim::report {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kNsPerMs = 1e6;
// TCP columns after the message columns.
constexpr std::size_t kTcpColumns = 6;

std::vector<std::string> make_names() {
  std::vector<std::string> names{"sent",
                                 "delivered",
                                 "delivery_ratio",
                                 "loss_ratio",
                                 "latency_p50_ms",
                                 "latency_p95_ms",
                                 "latency_p99_ms",
                                 "latency_p999_ms",
                                 "latency_max_ms",
                                 "latency_min_ms",
                                 "latency_mean_ms",
                                 "jitter_ms",
                                 "head_of_line_mean_ms",
                                 "head_of_line_max_ms",
                                 "head_of_line_blocked_ratio",
                                 "goodput_mbps"};
  for (std::size_t r = 0; r < net::kDropReasonCount; ++r) {
    names.emplace_back(net::to_string(static_cast<net::DropReason>(r)));
  }
  for (const char* name : {"in_flight", "duplicates", "handshake_ms", "retransmissions", "timeouts",
                           "fast_retransmits", "syn_retransmissions", "rtt_mean_ms"}) {
    names.emplace_back(name);
  }
  return names;
}

}  // namespace

const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names = make_names();
  return names;
}

std::size_t column_index(const std::vector<std::string>& names, const std::string& name) {
  const auto it = std::find(names.begin(), names.end(), name);
  NETSIM_ASSERT(it != names.end(), "unknown metric name");
  return static_cast<std::size_t>(it - names.begin());
}

std::size_t metric_index(const std::string& name) { return column_index(metric_names(), name); }

std::vector<FlowMetrics> collect_metrics(const scenario::ScenarioRun& run,
                                         const std::vector<FlowSummary>& flows) {
  std::vector<FlowMetrics> out;
  for (const FlowSummary& f : flows) {
    FlowMetrics m{f.flow, f.transport, {}, {}};
    for (const double q : f.latency_quantiles_ns) m.latency_quantiles_ms.push_back(q / kNsPerMs);
    m.values = {
        static_cast<double>(f.sent), static_cast<double>(f.delivered), f.delivery_ratio,
        // Dropped, of those sent; messages still travelling at the end are not lost.
        f.sent > 0
            ? static_cast<double>(f.sent - f.delivered - f.in_flight) / static_cast<double>(f.sent)
            : kNan,
        f.latency_p50_ns / kNsPerMs, f.latency_p95_ns / kNsPerMs, f.latency_p99_ns / kNsPerMs,
        f.latency_p999_ns / kNsPerMs, f.latency_max_ns / kNsPerMs, f.latency_min_ns / kNsPerMs,
        f.latency_mean_ns / kNsPerMs, f.jitter_ns / kNsPerMs, f.head_of_line_mean_ns / kNsPerMs,
        f.head_of_line_max_ns / kNsPerMs,
        f.transport == "tcp" && f.delivered > 0
            ? static_cast<double>(f.head_of_line_blocked) / static_cast<double>(f.delivered)
            : kNan,
        f.goodput_mbps};
    for (const std::uint64_t n : f.dropped) m.values.push_back(static_cast<double>(n));
    m.values.push_back(static_cast<double>(f.in_flight));
    m.values.push_back(static_cast<double>(f.duplicates));
    m.values.resize(m.values.size() + kTcpColumns, kNan);
    out.push_back(std::move(m));
  }
  const std::size_t tcp_first = metric_names().size() - kTcpColumns;
  for (const auto& f : run.tcp_flows()) {
    double* v = out[f.flow_index].values.data() + tcp_first;
    const tcp::TcpSocket* client = f.client();
    const tcp::TcpSocket* server = f.server();
    double retransmissions = 0;
    double timeouts = 0;
    double fast_retransmits = 0;
    double syn_retransmissions = 0;
    for (const tcp::TcpSocket* end : {client, server}) {
      if (end == nullptr) continue;
      const tcp::TcpStats& s = end->connection().stats();
      retransmissions += static_cast<double>(s.segments_retransmitted);
      timeouts += static_cast<double>(s.timeouts);
      fast_retransmits += static_cast<double>(s.fast_retransmits);
      syn_retransmissions += static_cast<double>(s.syn_retransmissions);
    }
    if (client != nullptr) {
      const tcp::TcpStats& s = client->connection().stats();
      if (s.connect_started && s.established_at) {
        v[0] = static_cast<double>((*s.established_at - *s.connect_started).ns()) / kNsPerMs;
      }
      if (s.rtt_samples > 0) {
        v[5] = static_cast<double>(s.rtt_sum.ns()) / kNsPerMs / static_cast<double>(s.rtt_samples);
      }
    }
    v[1] = retransmissions;
    v[2] = timeouts;
    v[3] = fast_retransmits;
    v[4] = syn_retransmissions;
  }
  return out;
}

}  // namespace netsim::report
