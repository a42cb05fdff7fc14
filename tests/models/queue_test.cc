// Queue disciplines on their own: drop-tail limits, RED's average and drop law, CoDel's control
// law (RFC 8289) as a trace of drop times.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/net/queue/codel.h"
#include "models/net/queue/drop_tail.h"
#include "models/net/queue/red.h"

namespace netsim::net {
namespace {

using sim::Bytes;
using sim::ms;
using sim::Time;

struct DropRecorder final : DropSink {
  void dropped_from_queue(PacketId id) override { dropped.push_back(id); }
  std::vector<PacketId> dropped;
};

Time at_ms(double t) { return Time::from_ns(std::llround(t * 1e6)); }

TEST(DropTail, FifoWithinAPacketLimit) {
  DropTailQueue q(QueueLimit::packets(2));
  DropRecorder drops;
  EXPECT_TRUE(q.enqueue(1, Bytes(100), Time::zero()));
  EXPECT_TRUE(q.enqueue(2, Bytes(200), Time::zero()));
  EXPECT_FALSE(q.enqueue(3, Bytes(1), Time::zero()));  // tail drop: the arrival is refused
  EXPECT_EQ(q.packets(), 2u);
  EXPECT_EQ(q.bytes(), Bytes(300));
  EXPECT_EQ(q.dequeue(Time::zero(), drops), PacketId{1});
  EXPECT_TRUE(q.enqueue(4, Bytes(50), Time::zero()));
  EXPECT_EQ(q.dequeue(Time::zero(), drops), PacketId{2});
  EXPECT_EQ(q.dequeue(Time::zero(), drops), PacketId{4});
  EXPECT_EQ(q.dequeue(Time::zero(), drops), std::nullopt);
  EXPECT_EQ(q.bytes(), Bytes(0));
  EXPECT_TRUE(drops.dropped.empty());
}

TEST(DropTail, ByteLimitAdmitsWhatFitsExactly) {
  DropTailQueue q(QueueLimit::bytes(1000));
  EXPECT_TRUE(q.enqueue(1, Bytes(600), Time::zero()));
  EXPECT_FALSE(q.enqueue(2, Bytes(401), Time::zero()));
  EXPECT_TRUE(q.enqueue(3, Bytes(400), Time::zero()));  // exactly full
  EXPECT_EQ(q.bytes(), Bytes(1000));
}

TEST(DropTail, SurvivesWrapAroundOfItsRingAndClears) {
  DropTailQueue q(QueueLimit::packets(1000));
  DropRecorder drops;
  PacketId next_in = 0;
  PacketId next_out = 0;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 7; ++i) ASSERT_TRUE(q.enqueue(next_in++, Bytes(1), Time::zero()));
    for (int i = 0; i < 5; ++i) ASSERT_EQ(q.dequeue(Time::zero(), drops), next_out++);
  }
  q.clear(drops);
  EXPECT_EQ(drops.dropped.size(), next_in - next_out);
  EXPECT_EQ(q.packets(), 0u);
}

RedParams instantaneous_red() {
  RedParams p;
  p.weight = 1;  // the average is the instantaneous queue: the drop law can be checked directly
  p.min_threshold = 5;
  p.max_threshold = 15;
  p.max_p = 0.1;
  p.gentle = false;
  return p;
}

TEST(Red, NoDropsBelowMinThreshold) {
  RedQueue q(QueueLimit::packets(100), instantaneous_red(), sim::DataRate::mbps(10), sim::Rng(1));
  for (PacketId i = 0; i < 5; ++i) EXPECT_TRUE(q.enqueue(i, Bytes(500), Time::zero()));
  EXPECT_DOUBLE_EQ(q.average(), 4);  // the queue seen by the last arrival
}

TEST(Red, ForcedDropAtMaxThresholdWithoutGentle) {
  RedQueue q(QueueLimit::packets(100), instantaneous_red(), sim::DataRate::mbps(10), sim::Rng(1));
  int accepted = 0;
  for (PacketId i = 0; i < 40; ++i) accepted += q.enqueue(i, Bytes(500), Time::zero());
  // Once 15 are queued every arrival sees avg ≥ max_th and is dropped: the queue never exceeds 15.
  EXPECT_LE(q.packets(), 15u);
  EXPECT_EQ(accepted, static_cast<int>(q.packets()));
}

// With the queue held at 10 packets (enqueue one, dequeue one), pb = max_p·(10−5)/(15−5) = 0.05.
// The "wait" rule then drops the k-th packet after the previous drop with probability
// pa(k) = 0 for k·pb < 1, pb/(2 − k·pb) for 1 ≤ k·pb < 2, and 1 beyond: the mean gap follows
// from that definition. Over ~100,000 packets (~3,000 gaps with sd ≈ 5.8 packets) the sample
// mean's standard error is ≈ 0.1 packet; the tolerance is 5 standard errors.
TEST(Red, EarlyDropsFollowTheWaitLaw) {
  RedQueue q(QueueLimit::packets(100), instantaneous_red(), sim::DataRate::mbps(10), sim::Rng(7));
  DropRecorder drops;
  PacketId next = 0;
  for (int i = 0; i < 10; ++i) q.enqueue(next++, Bytes(500), Time::zero());
  std::vector<int> gaps;
  int since = 0;
  for (int i = 0; i < 100'000; ++i) {
    ++since;
    if (q.enqueue(next++, Bytes(500), Time::zero())) {
      q.dequeue(Time::zero(), drops);
    } else {
      gaps.push_back(since);
      since = 0;
    }
  }
  const double pb = 0.05;
  double expected = 0;
  double survive = 1;  // P(no drop among packets 1..k−1)
  for (int k = 1; k < 1000 && survive > 1e-12; ++k) {
    // `count` at the k-th arrival after a drop is k (it is incremented before the test).
    const double c = k * pb;
    const double pa = c < 1 ? 0 : c < 2 ? pb / (2 - c) : 1;
    expected += k * survive * pa;
    survive *= 1 - pa;
  }
  double mean = 0;
  for (int g : gaps) mean += g;
  mean /= static_cast<double>(gaps.size());
  EXPECT_NEAR(mean, expected, 0.5);
  EXPECT_GT(gaps.size(), 2000u);
}

TEST(Red, AverageDecaysAcrossIdleTime) {
  RedParams p;
  p.weight = 0.5;
  p.mean_packet_bytes = 1250;  // at 10 Mbit/s: 1000 packets/s
  RedQueue q(QueueLimit::packets(100), p, sim::DataRate::mbps(10), sim::Rng(1));
  DropRecorder drops;
  // Build an average, then empty the queue at t = 0.
  for (PacketId i = 0; i < 6; ++i) q.enqueue(i, Bytes(1250), Time::zero());
  const double before = q.average();
  while (q.dequeue(Time::zero(), drops)) {
  }
  q.dequeue(Time::zero(), drops);  // the empty dequeue marks the start of the idle period
  // 10 ms idle = 10 packet times: avg ← avg·(1 − w)^(10 + 1) + w·0.
  q.enqueue(100, Bytes(1250), Time::zero() + ms(10));
  EXPECT_NEAR(q.average(), before * std::pow(0.5, 11), 1e-12);
}

// CoDel trace: a standing queue where every packet has waited 20 ms (> target 5 ms). The first
// packet above target arms first_above_time = t + interval; the first dequeue at or after it
// drops, then drops follow the control law t_{n+1} = t_n + interval/√n (RFC 8289 §5.6).
TEST(Codel, DropTimesFollowTheControlLaw) {
  CodelQueue q(QueueLimit::packets(100'000), CodelParams{});
  DropRecorder drops;
  PacketId next = 0;
  std::vector<double> drop_times_ms;
  // One dequeue per ms from t = 20 ms; packets arrive 1 per ms, each 20 ms before its dequeue,
  // with a backlog of 20 packets (so the queue always holds more than one MTU).
  for (int t = 0; t < 20; ++t) q.enqueue(next++, Bytes(1500), at_ms(t));
  for (int t = 20; t < 800; ++t) {
    q.enqueue(next++, Bytes(1500), at_ms(t));
    const std::size_t before = drops.dropped.size();
    q.dequeue(at_ms(t), drops);
    for (std::size_t i = before; i < drops.dropped.size(); ++i) drop_times_ms.push_back(t);
  }
  ASSERT_GE(drop_times_ms.size(), 6u);
  EXPECT_EQ(drop_times_ms[0], 120);  // 20 ms (first above target) + interval
  // Later drops: at the first 1-ms dequeue at or after the scheduled time t_n = t_{n−1} +
  // 100/√n (the law runs from the scheduled time, not from the dequeue that dropped).
  double ideal = 120;
  for (std::size_t n = 1; n < 6; ++n) {
    ideal += 100.0 / std::sqrt(static_cast<double>(n));
    EXPECT_EQ(drop_times_ms[n], std::ceil(ideal - 1e-9)) << "drop " << n;
  }
  // Each drop shortens the standing queue by one packet (1 ms of sojourn): once it is below
  // target CoDel leaves the dropping state and the queue stays as it is.
  EXPECT_FALSE(q.dropping());
  EXPECT_LT(q.packets(), 5u);
  EXPECT_EQ(drop_times_ms.size(), 20u - q.packets());
}

TEST(Codel, ShortSojournNeverDrops) {
  CodelQueue q(QueueLimit::packets(1000), CodelParams{});
  DropRecorder drops;
  PacketId next = 0;
  for (int t = 0; t < 10'000; ++t) {
    q.enqueue(next++, Bytes(1500), at_ms(t));
    q.enqueue(next++, Bytes(1500), at_ms(t));
    q.dequeue(at_ms(t + 4), drops);  // 4 ms < target
    q.dequeue(at_ms(t + 4), drops);
  }
  EXPECT_TRUE(drops.dropped.empty());
}

TEST(Codel, AQueueOfOneMtuIsNeverDropped) {
  CodelQueue q(QueueLimit::packets(1000), CodelParams{});
  DropRecorder drops;
  // A single packet at a time, each 50 ms old when dequeued: the sojourn is long, but the queue
  // holds no more than one MTU after the dequeue, so CoDel leaves it alone (RFC 8289 §5.4).
  for (int t = 0; t < 1000; ++t) {
    q.enqueue(static_cast<PacketId>(t), Bytes(1500), at_ms(t * 100));
    q.dequeue(at_ms(t * 100 + 50), drops);
  }
  EXPECT_TRUE(drops.dropped.empty());
}

}  // namespace
}  // namespace netsim::net
