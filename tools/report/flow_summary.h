// Per-flow statistics from a message log: counts by fate, latency percentiles, goodput.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/apps/message_log.h"

namespace netsim::report {

// The q-quantile (0 ≤ q ≤ 1) of sorted values, interpolating linearly between the two nearest
// ranks: h = (n − 1)·q, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). This is Hyndman and Fan's
// type 7, the default of NumPy, R and pandas, so figures can be re-derived from messages.csv.
// NaN when empty.
double quantile(const std::vector<std::int64_t>& sorted, double q);

struct FlowSummary {
  std::string flow;
  std::string transport;
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::array<std::uint64_t, net::kDropReasonCount> dropped{};  // by net::DropReason
  std::uint64_t in_flight = 0;   // still travelling when the run ended
  std::uint64_t duplicates = 0;  // extra copies received
  double delivery_ratio = 0;     // delivered / sent; NaN if nothing was sent
  // One-way latency of delivered messages, in ns; NaN if none was delivered.
  double latency_min_ns = 0;
  double latency_mean_ns = 0;
  double latency_p50_ns = 0;
  double latency_p95_ns = 0;
  double latency_p99_ns = 0;
  double latency_p999_ns = 0;
  double latency_max_ns = 0;
  // RFC 3550 §6.4.1 interarrival jitter at the end of the run, J += (|D| − J)/16 with D the
  // difference of consecutive delivered messages' transit times, in sequence order; in ns, NaN
  // if fewer than two were delivered.
  double jitter_ns = 0;
  // TCP head-of-line blocking over delivered messages: the mean and largest time a wholly
  // arrived message waited behind a missing earlier segment, and how many waited at all. NaN
  // (and 0) for UDP, whose messages never wait for one another.
  double head_of_line_mean_ns = 0;
  double head_of_line_max_ns = 0;
  std::uint64_t head_of_line_blocked = 0;
  // The latency distribution at kCdfLevels evenly spaced quantiles, 0, 0.005, …, 1 (type 7, as
  // above), in ns; empty if nothing was delivered. For CDF plots of many runs.
  static constexpr int kCdfLevels = 201;
  std::vector<double> latency_quantiles_ns;
  // Delivered application bytes × 8 over the flow's sending window [start, stop), in Mbit/s.
  double goodput_mbps = 0;
};

// Accumulates a flow's summary one message at a time (as a MessageSink hands them over); only
// the latencies of delivered messages are kept, 8 bytes each, for exact percentiles.
class FlowSummaryBuilder {
 public:
  void add(const apps::MessageRecord& message);
  // The summary of the messages added, with the log's name, window and late duplicates.
  FlowSummary finish(const apps::MessageLog& log);

 private:
  FlowSummary s_;
  std::vector<std::int64_t> latencies_;
  double jitter_ = 0;
  double head_of_line_sum_ns_ = 0;
  std::int64_t head_of_line_max_ns_ = 0;
  std::optional<std::int64_t> previous_transit_;
};

// The summary of every message a log holds (a log that was not streamed).
FlowSummary summarize(const apps::MessageLog& log);

}  // namespace netsim::report
