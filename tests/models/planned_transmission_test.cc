// Planned transmissions (channel.h): a channel that draws no random numbers schedules only each
// packet's arrival. The event-driven path is the reference: a channel with a tap attached takes
// it, so each test runs the same script twice — with a tap (reference) and without (planned) —
// and compares arrivals, drops, the counters and the queue at instants between events.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "models/net/channel.h"
#include "tests/models/two_hosts.h"

namespace netsim::net {
namespace {

using netsim::testing::TwoHosts;
using sim::DataRate;
using sim::ms;

class NullTap final : public PacketTap {
 public:
  void on_transmit(const Channel&, const Packet&, sim::Time) override {}
  void on_arrive(const Channel&, const Packet&, sim::Time) override {}
};

class RecordingTap final : public PacketTap {
 public:
  struct Seen {
    bool transmit;
    std::uint64_t sequence;
    std::int64_t at_ns;
    bool operator==(const Seen&) const = default;
  };
  void on_transmit(const Channel&, const Packet& p, sim::Time now) override {
    seen.push_back({true, p.tag.sequence, now.ns()});
  }
  void on_arrive(const Channel&, const Packet& p, sim::Time now) override {
    seen.push_back({false, p.tag.sequence, now.ns()});
  }
  std::vector<Seen> seen;
};

struct Snapshot {
  std::int64_t at_ns;
  std::size_t queued;
  std::uint64_t offered, transmitted, delivered, queue_drops, link_down, lost;
  std::int64_t busy_ns, transmitted_bytes, payload_bytes;
  std::size_t peak_queue;
  double queue_packet_ns;
  bool operator==(const Snapshot&) const = default;
};

struct Trace {
  std::vector<netsim::testing::Arrival> arrivals;
  std::vector<netsim::testing::DropLog::Drop> drops;
  std::vector<Snapshot> snapshots;
  std::uint64_t events = 0;
};

// 7 Mbit/s, so that transmission times (⌈bits·10⁹/7·10⁶⌉ ns) are irregular and no send or probe
// below falls on the nanosecond a transmission ends: at such an instant the two paths may
// order the queue's bookkeeping differently (channel.h), which is not what is compared here.
ChannelConfig seven_megabit(std::int64_t queue_packets) {
  ChannelConfig c;
  c.rate = DataRate::mbps(7);
  c.delay = ms(3);
  c.queue.limit = QueueLimit::packets(queue_packets);
  return c;
}

// A script acts on the network at chosen times (sends, faults, reconfigurations).
using Script = std::function<void(TwoHosts&)>;

// A burst of five full-size packets 0.3 ms before `t`, so that at `t` one is being sent and
// four wait (each takes 1.71 ms).
void busy_at(TwoHosts& net, std::int64_t t, std::uint64_t first_sequence) {
  for (std::uint64_t i = 0; i < 5; ++i) net.send_at(t - 300'000, 1472, first_sequence + i);
}

// Runs `change` at `t`, in the middle of a burst (busy_at).
template <class F>
void change_while_busy(TwoHosts& net, std::int64_t t, std::uint64_t burst_sequence,
                       const F& change) {
  busy_at(net, t, burst_sequence);
  net.simulator.schedule_at(sim::Time::from_ns(t), change);
}

// Bursts of random sizes at random times (fixed seed): the queue fills, overflows and drains.
void random_bursts(TwoHosts& net, std::uint64_t seed, std::int64_t until_ns) {
  sim::Rng rng(seed);
  std::uint64_t sequence = 0;
  for (std::int64_t t = 1'000; t < until_ns;
       t += 1 + static_cast<std::int64_t>(rng.below(4'000'000))) {
    const auto burst = 1 + rng.below(6);
    for (std::uint64_t i = 0; i < burst; ++i) {
      net.send_at(t, static_cast<std::int64_t>(rng.below(1473)), sequence++);
    }
  }
}

Trace run(const ChannelConfig& config, bool event_driven, const Script& script,
          std::int64_t until_ns) {
  TwoHosts net(config);
  NullTap tap;
  if (event_driven) net.network.set_tap(&tap);
  script(net);
  Trace trace;
  // Probes every 0.25 ms, offset by 7 ns from the script's round times.
  for (std::int64_t t = 7; t < until_ns; t += 250'000) {
    net.simulator.schedule_at(sim::Time::from_ns(t), [&net, &trace] {
      Channel& ch = net.link->forward;
      const ChannelCounters& k = ch.counters();
      const std::size_t queued = ch.queued_packets();
      trace.snapshots.push_back(Snapshot{net.simulator.now().ns(), queued, k.offered_packets,
                                         k.transmitted_packets, k.delivered_packets, k.queue_drops,
                                         k.link_down, k.lost_packets, k.busy_time.ns(),
                                         k.transmitted_bytes.count(), k.payload_bytes.count(),
                                         k.peak_queue_packets, k.queue_packet_ns});
    });
  }
  net.simulator.run();
  trace.arrivals = net.sink.arrivals;
  trace.drops = net.drops.drops;
  trace.events = net.simulator.events_executed();
  EXPECT_EQ(net.network.packets().in_use(), 0u);  // nothing leaked on either path
  return trace;
}

struct Both {
  Trace reference;  // event-driven: a tap is attached from the start
  Trace planned;
};
Both run_both_ways(const ChannelConfig& config, const Script& script, std::int64_t until_ns) {
  return {run(config, true, script, until_ns), run(config, false, script, until_ns)};
}

std::size_t drops_for(const Trace& trace, DropReason reason) {
  std::size_t n = 0;
  for (const auto& d : trace.drops) n += d.reason == reason ? 1 : 0;
  return n;
}

void expect_same(const Trace& reference, const Trace& planned) {
  ASSERT_EQ(reference.arrivals.size(), planned.arrivals.size());
  for (std::size_t i = 0; i < reference.arrivals.size(); ++i) {
    EXPECT_EQ(reference.arrivals[i].at_ns, planned.arrivals[i].at_ns) << "arrival " << i;
    EXPECT_EQ(reference.arrivals[i].sequence, planned.arrivals[i].sequence) << "arrival " << i;
  }
  ASSERT_EQ(reference.drops.size(), planned.drops.size());
  for (std::size_t i = 0; i < reference.drops.size(); ++i) {
    EXPECT_EQ(reference.drops[i].sequence, planned.drops[i].sequence) << "drop " << i;
    EXPECT_EQ(reference.drops[i].reason, planned.drops[i].reason) << "drop " << i;
    EXPECT_EQ(reference.drops[i].at_ns, planned.drops[i].at_ns) << "drop " << i;
  }
  ASSERT_EQ(reference.snapshots.size(), planned.snapshots.size());
  for (std::size_t i = 0; i < reference.snapshots.size(); ++i) {
    EXPECT_EQ(reference.snapshots[i], planned.snapshots[i])
        << "counters at " << reference.snapshots[i].at_ns << " ns";
  }
}

TEST(PlannedTransmission, OneEventPerPacketInsteadOfTwo) {
  // Ten packets offered at once: ten send events, then per packet an end of transmission and an
  // arrival on the event-driven path, the arrival alone when planned.
  const Script script = [](TwoHosts& net) {
    for (std::uint64_t i = 0; i < 10; ++i) net.send_at(0, 1472, i);
  };
  const auto [reference, planned] = run_both_ways(seven_megabit(100), script, 0);
  EXPECT_EQ(reference.events, 30u);
  EXPECT_EQ(planned.events, 20u);
  expect_same(reference, planned);
}

TEST(PlannedTransmission, QueueCountersAndDropsMatchTheEventDrivenPath) {
  constexpr std::int64_t kUntil = 400'000'000;
  const Script script = [](TwoHosts& net) { random_bursts(net, 11, kUntil); };
  const auto [reference, planned] = run_both_ways(seven_megabit(4), script, kUntil);
  ASSERT_GT(drops_for(reference, DropReason::QueueDrop), 10u);  // the script does overflow it
  EXPECT_LT(planned.events, reference.events);
  expect_same(reference, planned);
}

TEST(PlannedTransmission, ReconfiguringMidTransmissionMeetsTheNewSettingsAtItsEnd) {
  // Loss, reordering, a lower rate and a longer delay from 100.0003 ms, a plain channel again
  // from 250.0003 ms: the packet being sent at each change ends under the new settings, as on
  // the event-driven path, and the impairments draw the same numbers for the same packets.
  constexpr std::int64_t kUntil = 400'000'000;
  const Script script = [](TwoHosts& net) {
    random_bursts(net, 12, kUntil);
    change_while_busy(net, 100'000'300, 1'000, [&net] {
      ChannelConfig lossy = seven_megabit(4);
      lossy.delay = ms(9);
      lossy.rate = DataRate::mbps(3);
      lossy.loss.model = LossConfig::Model::Random;
      lossy.loss.probability = 0.3;
      lossy.reorder = 0.5;  // with gap 3: netem's counter carries over from the planned stretch
      lossy.gap = 3;
      net.link->forward.reconfigure(lossy);
    });
    change_while_busy(net, 250'000'300, 2'000,
                      [&net] { net.link->forward.reconfigure(seven_megabit(4)); });
  };
  const auto [reference, planned] = run_both_ways(seven_megabit(4), script, kUntil);
  ASSERT_GT(drops_for(reference, DropReason::LinkLoss), 5u);  // the lossy stretch did lose
  bool reordered = false;
  for (std::size_t i = 1; i < reference.arrivals.size(); ++i) {
    reordered |= reference.arrivals[i].sequence < reference.arrivals[i - 1].sequence;
  }
  ASSERT_TRUE(reordered);
  expect_same(reference, planned);
}

TEST(PlannedTransmission, ALinkGoingDownLosesPlannedPacketsAsTheEventDrivenPathDoes) {
  // Down at 120.0001 ms (queued, in transmission and propagating packets are lost), up at
  // 180.0001 ms, down and up again later.
  constexpr std::int64_t kUntil = 400'000'000;
  const Script script = [](TwoHosts& net) {
    random_bursts(net, 13, kUntil);
    const auto set_up = [&net](bool up) { net.network.set_link_up(*net.link, up); };
    change_while_busy(net, 120'000'100, 1'000, [set_up] { set_up(false); });
    change_while_busy(net, 180'000'100, 2'000, [set_up] { set_up(true); });
    change_while_busy(net, 300'000'100, 3'000, [set_up] { set_up(false); });
    change_while_busy(net, 300'500'100, 4'000, [set_up] { set_up(true); });
  };
  const auto [reference, planned] = run_both_ways(seven_megabit(4), script, kUntil);
  ASSERT_GT(drops_for(reference, DropReason::LinkDown), 5u);
  expect_same(reference, planned);
}

TEST(PlannedTransmission, ATapAttachedMidRunSeesEveryLaterTransmissionStart) {
  // Five 1500 B packets at once, 1,714,286 ns of transmission each; a tap attached at
  // 5.000001 ms, during the third transmission, sees the starts of the fourth and fifth at their
  // own times and the arrivals after it: what it sees when attached from the start, from then on.
  auto seen_from = [](bool tap_from_start) {
    TwoHosts net(seven_megabit(100));
    RecordingTap tap;
    if (tap_from_start) net.network.set_tap(&tap);
    for (std::uint64_t i = 0; i < 5; ++i) net.send_at(0, 1472, i);
    net.simulator.schedule_at(sim::Time::from_ns(5'000'001),
                              [&net, &tap] { net.network.set_tap(&tap); });
    net.simulator.run();
    std::vector<RecordingTap::Seen> after;
    for (const auto& s : tap.seen) {
      if (s.at_ns > 5'000'001) after.push_back(s);
    }
    return after;
  };
  const std::vector<RecordingTap::Seen> reference = seen_from(true);
  ASSERT_EQ(reference.size(), 6u);  // starts of #3 and #4, arrivals of #1..#4
  EXPECT_EQ(seen_from(false), reference);
}

}  // namespace
}  // namespace netsim::net
