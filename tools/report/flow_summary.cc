#include "tools/report/flow_summary.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace netsim::report {

double quantile(const std::vector<std::int64_t>& sorted, double q) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lower = static_cast<std::size_t>(std::floor(h));
  if (lower + 1 >= sorted.size()) return static_cast<double>(sorted.back());
  const double fraction = h - static_cast<double>(lower);
  return static_cast<double>(sorted[lower]) +
         fraction * static_cast<double>(sorted[lower + 1] - sorted[lower]);
}

FlowSummary summarize(const apps::MessageLog& log) {
  using apps::MessageFate;
  FlowSummary s;
  s.flow = log.flow();
  s.transport = log.transport();
  std::vector<std::int64_t> latencies;
  latencies.reserve(log.messages().size());
  for (const auto& m : log.messages()) {
    ++s.sent;
    if (m.copies > 1) s.duplicates += m.copies - 1;
    switch (m.fate) {
      case MessageFate::Delivered:
        ++s.delivered;
        latencies.push_back((m.received - m.sent).ns());
        break;
      case MessageFate::Dropped:
        ++s.dropped[static_cast<std::size_t>(m.reason)];
        break;
      case MessageFate::InFlight:
        ++s.in_flight;
        break;
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  s.delivery_ratio =
      s.sent == 0 ? nan : static_cast<double>(s.delivered) / static_cast<double>(s.sent);
  std::sort(latencies.begin(), latencies.end());
  double sum = 0;
  for (const auto l : latencies) sum += static_cast<double>(l);
  s.latency_min_ns = latencies.empty() ? nan : static_cast<double>(latencies.front());
  s.latency_mean_ns = latencies.empty() ? nan : sum / static_cast<double>(latencies.size());
  s.latency_p50_ns = quantile(latencies, 0.50);
  s.latency_p95_ns = quantile(latencies, 0.95);
  s.latency_p99_ns = quantile(latencies, 0.99);
  s.latency_max_ns = latencies.empty() ? nan : static_cast<double>(latencies.back());
  const double window_s = (log.stop() - log.start()).to_seconds();
  const double bits =
      static_cast<double>(s.delivered) * static_cast<double>(log.message_size().bits());
  s.goodput_mbps = bits / window_s * 1e-6;
  return s;
}

}  // namespace netsim::report
