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

void FlowSummaryBuilder::add(const apps::MessageRecord& m) {
  using apps::MessageFate;
  ++s_.sent;
  if (m.copies > 1) s_.duplicates += m.copies - 1;
  switch (m.fate) {
    case MessageFate::Delivered:
      ++s_.delivered;
      latencies_.push_back((m.received - m.sent).ns());
      if (previous_transit_) {
        const auto d = static_cast<double>(std::abs(latencies_.back() - *previous_transit_));
        jitter_ += (d - jitter_) / 16;
      }
      previous_transit_ = latencies_.back();
      head_of_line_sum_ns_ += static_cast<double>(m.head_of_line.ns());
      head_of_line_max_ns_ = std::max(head_of_line_max_ns_, m.head_of_line.ns());
      if (m.head_of_line > sim::Duration::zero()) ++s_.head_of_line_blocked;
      break;
    case MessageFate::Dropped:
      ++s_.dropped[static_cast<std::size_t>(m.reason)];
      break;
    case MessageFate::InFlight:
      ++s_.in_flight;
      break;
  }
}

FlowSummary FlowSummaryBuilder::finish(const apps::MessageLog& log) {
  FlowSummary s = s_;
  s.flow = log.flow();
  s.transport = log.transport();
  s.duplicates += log.late_duplicates();
  const double nan = std::numeric_limits<double>::quiet_NaN();
  s.delivery_ratio =
      s.sent == 0 ? nan : static_cast<double>(s.delivered) / static_cast<double>(s.sent);
  std::vector<std::int64_t> latencies = latencies_;
  std::sort(latencies.begin(), latencies.end());
  double sum = 0;
  for (const auto l : latencies) sum += static_cast<double>(l);
  s.latency_min_ns = latencies.empty() ? nan : static_cast<double>(latencies.front());
  s.latency_mean_ns = latencies.empty() ? nan : sum / static_cast<double>(latencies.size());
  s.latency_p50_ns = quantile(latencies, 0.50);
  s.latency_p95_ns = quantile(latencies, 0.95);
  s.latency_p99_ns = quantile(latencies, 0.99);
  s.latency_p999_ns = quantile(latencies, 0.999);
  s.jitter_ns = latencies.size() >= 2 ? jitter_ : nan;
  const bool tcp = log.transport() == "tcp" && !latencies.empty();
  s.head_of_line_mean_ns = tcp ? head_of_line_sum_ns_ / static_cast<double>(latencies.size()) : nan;
  s.head_of_line_max_ns = tcp ? static_cast<double>(head_of_line_max_ns_) : nan;
  s.latency_max_ns = latencies.empty() ? nan : static_cast<double>(latencies.back());
  if (!latencies.empty()) {
    for (int i = 0; i < FlowSummary::kCdfLevels; ++i) {
      s.latency_quantiles_ns.push_back(
          quantile(latencies, static_cast<double>(i) / (FlowSummary::kCdfLevels - 1)));
    }
  }
  const double window_s = (log.stop() - log.start()).to_seconds();
  const double bits =
      static_cast<double>(s.delivered) * static_cast<double>(log.message_size().bits());
  s.goodput_mbps = bits / window_s * 1e-6;
  return s;
}

FlowSummary summarize(const apps::MessageLog& log) {
  FlowSummaryBuilder builder;
  for (const auto& m : log.messages()) builder.add(m);
  return builder.finish(log);
}

}  // namespace netsim::report
