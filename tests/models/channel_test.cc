// Link timing, to the nanosecond: serialization + propagation + queueing of back-to-back packets.
#include "models/net/channel.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/models/two_hosts.h"

namespace netsim::net {
namespace {

using netsim::testing::TwoHosts;
using sim::DataRate;
using sim::ms;
using sim::us;

// 10 Mbit/s, 5 ms: a 1472 B payload makes a 1500 B IPv4 datagram, serialized in exactly 1.2 ms.
ChannelConfig ten_megabit() {
  ChannelConfig c;
  c.rate = DataRate::mbps(10);
  c.delay = ms(5);
  return c;
}
constexpr std::int64_t kTx = 1'200'000;    // ns
constexpr std::int64_t kProp = 5'000'000;  // ns

TEST(Channel, OnePacketArrivesAfterSerializationPlusPropagation) {
  TwoHosts net(ten_megabit());
  net.send_at(0, 1472, 0);
  net.simulator.run();
  ASSERT_EQ(net.sink.arrivals.size(), 1u);
  EXPECT_EQ(net.sink.arrivals[0].at_ns, kTx + kProp);
  EXPECT_EQ(net.network.packets().in_use(), 0u);  // nothing leaked
}

TEST(Channel, BackToBackPacketsQueueBehindEachOther) {
  TwoHosts net(ten_megabit());
  // t=0: three packets at once; t=10ms: one more, when the link is idle again.
  for (std::uint64_t i = 0; i < 3; ++i) net.send_at(0, 1472, i);
  net.send_at(10'000'000, 1472, 3);
  net.simulator.run();
  ASSERT_EQ(net.sink.arrivals.size(), 4u);
  EXPECT_EQ(net.sink.arrivals[0].at_ns, 1 * kTx + kProp);  // 6.2 ms
  EXPECT_EQ(net.sink.arrivals[1].at_ns, 2 * kTx + kProp);  // 7.4 ms: waited 1.2 ms
  EXPECT_EQ(net.sink.arrivals[2].at_ns, 3 * kTx + kProp);  // 8.6 ms: waited 2.4 ms
  EXPECT_EQ(net.sink.arrivals[3].at_ns, 10'000'000 + kTx + kProp);
  for (std::uint64_t i = 0; i < 4; ++i) EXPECT_EQ(net.sink.arrivals[i].sequence, i);
  EXPECT_EQ(net.link->forward.counters().busy_time.ns(), 4 * kTx);
}

TEST(Channel, MixedSizesSerializeExactly) {
  TwoHosts net(ten_megabit());
  net.send_at(0, 72, 0);    // 100 B → 80 us
  net.send_at(0, 1472, 1);  // 1500 B → 1.2 ms, starts at 80 us
  net.send_at(0, 0, 2);     // 28 B → 22.4 us, starts at 1.28 ms
  net.simulator.run();
  ASSERT_EQ(net.sink.arrivals.size(), 3u);
  EXPECT_EQ(net.sink.arrivals[0].at_ns, 80'000 + kProp);
  EXPECT_EQ(net.sink.arrivals[1].at_ns, 1'280'000 + kProp);
  EXPECT_EQ(net.sink.arrivals[2].at_ns, 1'302'400 + kProp);
}

TEST(Channel, DirectionsAreIndependent) {
  ChannelConfig slow = ten_megabit();
  slow.rate = DataRate::mbps(1);
  slow.delay = ms(50);
  TwoHosts net(ten_megabit(), slow);
  EXPECT_EQ(net.link->forward.config().rate, DataRate::mbps(10));
  EXPECT_EQ(net.link->reverse.config().rate, DataRate::mbps(1));
  EXPECT_EQ(net.link->reverse.config().delay, ms(50));
  EXPECT_EQ(net.link->forward.from(), 0u);
  EXPECT_EQ(net.link->reverse.from(), 1u);
}

TEST(Channel, DropTailLimitCountsWaitingPackets) {
  ChannelConfig c = ten_megabit();
  c.queue.limit = QueueLimit::packets(2);
  TwoHosts net(c);
  // Five at once: #0 goes straight to the transmitter, #1 and #2 wait, #3 and #4 are refused.
  for (std::uint64_t i = 0; i < 5; ++i) net.send_at(0, 1472, i);
  net.simulator.run();
  ASSERT_EQ(net.sink.arrivals.size(), 3u);
  ASSERT_EQ(net.drops.drops.size(), 2u);
  EXPECT_EQ(net.drops.drops[0].sequence, 3u);
  EXPECT_EQ(net.drops.drops[0].reason, DropReason::QueueDrop);
  EXPECT_EQ(net.drops.drops[0].at_ns, 0);
  const ChannelCounters& k = net.link->forward.counters();
  EXPECT_EQ(k.offered_packets, 5u);
  EXPECT_EQ(k.queue_drops, 2u);
  EXPECT_EQ(k.transmitted_packets, 3u);
  EXPECT_EQ(k.delivered_packets, 3u);
  EXPECT_EQ(k.peak_queue_packets, 2u);
  EXPECT_EQ(k.offered_bytes.count(), 5 * 1500);
  EXPECT_EQ(k.delivered_bytes.count(), 3 * 1500);
}

TEST(Channel, ByteLimitedQueue) {
  ChannelConfig c = ten_megabit();
  c.queue.limit = QueueLimit::bytes(3000);
  TwoHosts net(c);
  for (std::uint64_t i = 0; i < 4; ++i) net.send_at(0, 1472, i);  // 1 sending + 2 × 1500 B fit
  net.send_at(0, 0, 4);                                           // 28 B more does not fit
  net.simulator.run();
  EXPECT_EQ(net.sink.arrivals.size(), 3u);
  EXPECT_EQ(net.link->forward.counters().queue_drops, 2u);
}

// Bernoulli loss at a fixed seed. Lost ~ Binomial(n, p); with n = 10^5 and p = 0.1 the standard
// deviation is sqrt(n·p·(1−p)) ≈ 94.9; the tolerance is 5 sd (a correct model fails < 10^-6).
TEST(Channel, BernoulliLossRateWithinBinomialTolerance) {
  ChannelConfig c = ten_megabit();
  c.rate = DataRate::gbps(100);
  c.queue.limit = QueueLimit::packets(1'000'000);
  c.loss = LossConfig::random(0.1);
  TwoHosts net(c);
  constexpr int kN = 100'000;
  for (int i = 0; i < kN; ++i) net.send_at(i * 1000, 100, i);
  net.simulator.run();
  const auto lost = net.link->forward.counters().lost_packets;
  const double sd = std::sqrt(kN * 0.1 * 0.9);
  EXPECT_NEAR(static_cast<double>(lost), kN * 0.1, 5 * sd);
  EXPECT_EQ(lost + net.sink.arrivals.size(), static_cast<std::size_t>(kN));
  for (const auto& d : net.drops.drops) EXPECT_EQ(d.reason, DropReason::LinkLoss);
  // Lost packets are reported when their transmission ends (they used the link).
  EXPECT_EQ(net.drops.drops.size(), lost);
}

TEST(Channel, LossPatternDependsOnlyOnTheLinksOwnStream) {
  ChannelConfig c = ten_megabit();
  c.loss = LossConfig::random(0.3);
  auto lost_sequences = [&](bool with_reverse_traffic) {
    TwoHosts net(c, c, /*seed=*/5);
    for (int i = 0; i < 200; ++i) net.send_at(i * 2'000'000, 100, i);
    // Traffic the other way (untagged) draws from the reverse channel's stream only.
    net.udp_a->bind(9, &net.sink);
    udp::UdpSocket back(*net.udp_b, 50000);
    if (with_reverse_traffic) {
      for (int i = 0; i < 200; ++i) {
        net.simulator.schedule_at(sim::Time::from_ns(i * 1'000'000 + 1), [&net, &back] {
          back.send_to(net.network.node(0).address(), 9, sim::Bytes(100), {});
        });
      }
    }
    net.simulator.run();
    std::vector<std::uint64_t> out;
    for (const auto& d : net.drops.drops) {
      if (d.flow == 0) out.push_back(d.sequence);
    }
    return out;
  };
  const auto alone = lost_sequences(false);
  ASSERT_FALSE(alone.empty());
  EXPECT_EQ(alone, lost_sequences(true));
}

TEST(Channel, NoRouteIsADropNotACrash) {
  TwoHosts net(ten_megabit());
  net.simulator.schedule(ms(1), [&net] {
    net.socket->send_to(Ipv4Address(192, 0, 2, 1), 7, sim::Bytes(10), {0, 42, net.simulator.now()});
  });
  net.simulator.run();
  ASSERT_EQ(net.drops.drops.size(), 1u);
  EXPECT_EQ(net.drops.drops[0].reason, DropReason::NoRoute);
  EXPECT_EQ(net.drops.drops[0].sequence, 42u);
}

}  // namespace
}  // namespace netsim::net
