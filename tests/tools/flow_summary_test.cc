#include "tools/report/flow_summary.h"

#include <gtest/gtest.h>

#include <cmath>

namespace netsim::report {
namespace {

using sim::ms;
using sim::Time;

// NumPy: np.percentile([1, 2, 3, 4], [50, 95, 99]) = [2.5, 3.85, 3.97] (linear, the default).
TEST(Quantile, MatchesNumpyLinearInterpolation) {
  const std::vector<std::int64_t> v{1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(quantile(v, 0.5), 2.5);
  EXPECT_NEAR(quantile(v, 0.95), 3.85, 1e-12);
  EXPECT_NEAR(quantile(v, 0.99), 3.97, 1e-12);
  EXPECT_DOUBLE_EQ(quantile(v, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile(v, 1.0), 4.0);
  EXPECT_DOUBLE_EQ(quantile({7}, 0.99), 7.0);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
}

TEST(FlowSummary, CountsFatesAndMeasuresDeliveredMessages) {
  apps::MessageLog log("f", "udp", sim::Bytes(1000), Time::zero(), Time::zero() + sim::sec(1));
  for (int i = 0; i < 5; ++i) log.record_sent(Time::zero() + ms(i));
  log.record_received(0, Time::zero() + ms(10));  // 10 ms
  log.record_received(1, Time::zero() + ms(21));  // 20 ms
  log.record_received(1, Time::zero() + ms(22));  // a duplicate
  log.record_received(3, Time::zero() + ms(43));  // 40 ms
  log.record_dropped(2, net::DropReason::LinkLoss);
  // message 4 is still in flight

  const FlowSummary s = summarize(log);
  EXPECT_EQ(s.sent, 5u);
  EXPECT_EQ(s.delivered, 3u);
  EXPECT_EQ(s.dropped[static_cast<std::size_t>(net::DropReason::LinkLoss)], 1u);
  EXPECT_EQ(s.in_flight, 1u);
  EXPECT_EQ(s.duplicates, 1u);
  EXPECT_DOUBLE_EQ(s.delivery_ratio, 0.6);
  EXPECT_DOUBLE_EQ(s.latency_min_ns, 10e6);
  EXPECT_DOUBLE_EQ(s.latency_p50_ns, 20e6);
  EXPECT_DOUBLE_EQ(s.latency_mean_ns, 70e6 / 3);
  EXPECT_DOUBLE_EQ(s.latency_max_ns, 40e6);
  EXPECT_NEAR(s.latency_p95_ns, 38e6, 1e-6);  // h = 1.9: 20 + 0.9 · 20 ms
  // 3 × 1000 B × 8 bit over the 1 s window.
  EXPECT_DOUBLE_EQ(s.goodput_mbps, 0.024);
  // h = 0.999 · 2 = 1.998: 20 + 0.998 · 20 ms.
  EXPECT_NEAR(s.latency_p999_ns, 39.96e6, 1e-6);
  // RFC 3550 §6.4.1 over the transits 10, 20, 40 ms: J = 10/16 = 0.625 ms, then
  // J = 0.625 + (20 − 0.625)/16 = 1.8359375 ms.
  EXPECT_DOUBLE_EQ(s.jitter_ns, 1.8359375e6);
}

TEST(FlowSummary, UndefinedFiguresAreNaN) {
  apps::MessageLog log("f", "udp", sim::Bytes(10), Time::zero(), Time::zero() + sim::sec(1));
  const FlowSummary s = summarize(log);
  EXPECT_EQ(s.sent, 0u);
  EXPECT_TRUE(std::isnan(s.delivery_ratio));
  EXPECT_TRUE(std::isnan(s.latency_p50_ns));
  EXPECT_TRUE(std::isnan(s.latency_max_ns));
  EXPECT_TRUE(std::isnan(s.jitter_ns));
  EXPECT_EQ(s.goodput_mbps, 0.0);
}

}  // namespace
}  // namespace netsim::report
