// Routing and forwarding on line, star, dumbbell and ring topologies, with TTL, per-metric path
// choice, and rerouting after a link failure.
#include "models/net/routing.h"

#include <gtest/gtest.h>

#include "tests/models/topology_fixture.h"

namespace netsim::net {
namespace {

using netsim::testing::Topology;

TEST(Routing, LineForwardsHopByHopAndDecrementsTtl) {
  // h1 - r1 - r2 - r3 - h2, 1 Gbit/s and 1 ms per link.
  Topology t;
  t.host("h1");
  t.router("r1");
  t.router("r2");
  t.router("r3");
  t.host("h2");
  t.link("h1", "r1");
  t.link("r1", "r2");
  t.link("r2", "r3");
  t.link("r3", "h2");
  t.network().compute_routes();
  t.send_at(0, "h1", "h2", 0, 72);  // 100-byte datagrams: 800 ns per hop at 1 Gbit/s
  t.simulator().run();
  ASSERT_EQ(t.sink("h2").arrivals.size(), 1u);
  // Four hops of 800 ns serialization + 1 ms propagation (store and forward).
  EXPECT_EQ(t.sink("h2").arrivals[0].at_ns, 4 * (800 + 1'000'000));
  EXPECT_EQ(t.network().forwardings(), 3u);
  EXPECT_EQ(t.network().packets().in_use(), 0u);
}

TEST(Routing, TtlExpiresOnALongPath) {
  Topology t;
  t.host("a");
  std::string previous = "a";
  for (int i = 0; i < 70; ++i) {  // 70 routers: more hops than the default TTL of 64
    const std::string r = "r" + std::to_string(i);
    t.router(r);
    t.link(previous, r);
    previous = r;
  }
  t.host("b");
  t.link(previous, "b");
  t.network().compute_routes();
  t.send_at(0, "a", "b", 5);
  t.simulator().run();
  EXPECT_TRUE(t.sink("b").arrivals.empty());
  ASSERT_EQ(t.drops.drops.size(), 1u);
  EXPECT_EQ(t.drops.drops[0].reason, DropReason::TtlExpired);
  // TTL 64 allows 63 forwardings; the 64th router finds TTL 1 and discards.
  EXPECT_EQ(t.network().forwardings(), 63u);
}

TEST(Routing, StarReachesEveryPairThroughTheCenter) {
  Topology t;
  t.router("hub");
  const std::vector<std::string> hosts{"a", "b", "c", "d", "e"};
  for (const auto& h : hosts) {
    t.host(h);
    t.link(h, "hub");
  }
  t.network().compute_routes();
  std::uint64_t seq = 0;
  for (const auto& from : hosts) {
    for (const auto& to : hosts) {
      if (from != to) t.send_at(0, from, to, seq++);
    }
  }
  t.simulator().run();
  for (const auto& h : hosts) EXPECT_EQ(t.sink(h).arrivals.size(), 4u) << h;
  EXPECT_EQ(t.network().forwardings(), 20u);  // every packet crosses the hub once
}

TEST(Routing, DumbbellSharesTheBottleneck) {
  // Two senders on the left, two receivers on the right, a 10 Mbit/s bottleneck between routers.
  Topology t;
  for (const char* h : {"s1", "s2", "d1", "d2"}) t.host(h);
  t.router("left");
  t.router("right");
  t.link("s1", "left");
  t.link("s2", "left");
  t.link("d1", "right");
  t.link("d2", "right");
  ChannelConfig bottleneck = Topology::fast();
  bottleneck.rate = sim::DataRate::mbps(10);
  Link& middle = t.link("left", "right", bottleneck);
  t.network().compute_routes();
  EXPECT_EQ(t.route("s1", "d1"), t.route("s1", "d2"));
  EXPECT_EQ(t.route("left", "d1"), &middle.forward);
  EXPECT_EQ(t.route("right", "s2"), &middle.reverse);
  for (int i = 0; i < 10; ++i) {
    t.send_at(0, "s1", "d1", i, 1222);  // 1250-byte datagrams: 1 ms each at 10 Mbit/s
    t.send_at(0, "s2", "d2", i, 1222);
  }
  t.simulator().run();
  EXPECT_EQ(t.sink("d1").arrivals.size(), 10u);
  EXPECT_EQ(t.sink("d2").arrivals.size(), 10u);
  // 20 packets through one 10 Mbit/s channel: it was busy 20 ms.
  EXPECT_EQ(middle.forward.counters().busy_time, sim::ms(20));
}

// A ring of six routers, a host on r0 and one on r3: two equal 3-hop paths. Cutting the link the
// route uses moves traffic to the other side after the convergence delay; meanwhile packets are
// lost into the failure.
TEST(Routing, RingReroutesAfterALinkFailure) {
  Topology t;
  for (int i = 0; i < 6; ++i) t.router("r" + std::to_string(i));
  for (int i = 0; i < 6; ++i) t.link("r" + std::to_string(i), "r" + std::to_string((i + 1) % 6));
  t.host("a");
  t.host("b");
  t.link("a", "r0");
  t.link("r3", "b");
  t.network().set_routing(RouteMetric::Hops, sim::ms(50));
  t.network().compute_routes();
  Channel* first = t.route("r0", "b");
  ASSERT_NE(first, nullptr);
  Link* used = nullptr;
  for (auto& l : t.network().links()) {
    if (&l.forward == first || &l.reverse == first) used = &l;
  }
  ASSERT_NE(used, nullptr);
  // One packet every 10 ms for 200 ms; the link fails at 95 ms.
  for (int i = 0; i < 20; ++i) t.send_at(i * 10'000'000, "a", "b", i);
  t.simulator().schedule_at(sim::Time::zero() + sim::ms(95),
                            [&t, used] { t.network().set_link_up(*used, false); });
  t.simulator().run();
  EXPECT_NE(t.route("r0", "b"), first);
  // Sent at 0..90 ms: delivered. At 100, 110, 120, 130, 140 ms (before the new routes at
  // 145 ms): into the dead link. From 150 ms: delivered over the other side of the ring.
  std::vector<std::uint64_t> delivered;
  for (const auto& a : t.sink("b").arrivals) delivered.push_back(a.sequence);
  std::vector<std::uint64_t> expected{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 18, 19};
  EXPECT_EQ(delivered, expected);
  for (const auto& d : t.drops.drops) EXPECT_EQ(d.reason, DropReason::LinkDown);
  EXPECT_EQ(t.drops.drops.size(), 5u);
}

TEST(Routing, MetricsChooseDifferentPaths) {
  // a - r1 - b directly (slow, high delay) or a - r1 - r2 - r3 - b (more hops, less delay).
  Topology t;
  t.host("a");
  t.host("b");
  t.router("r1");
  t.router("r2");
  t.router("r3");
  t.link("a", "r1");
  ChannelConfig long_haul = Topology::fast();
  long_haul.delay = sim::ms(50);
  long_haul.cost = 100;
  Link& direct = t.link("r1", "b", long_haul);
  t.link("r1", "r2");
  t.link("r2", "r3");
  t.link("r3", "b");
  compute_routes(t.network(), RouteMetric::Hops);
  EXPECT_EQ(t.route("r1", "b"), &direct.forward);
  compute_routes(t.network(), RouteMetric::Delay);
  EXPECT_NE(t.route("r1", "b"), &direct.forward);
  compute_routes(t.network(), RouteMetric::Cost);
  EXPECT_NE(t.route("r1", "b"), &direct.forward);
}

TEST(Routing, HostsDoNotForward) {
  Topology t;
  t.host("a");
  t.host("middle");
  t.host("b");
  t.link("a", "middle");
  t.link("middle", "b");
  t.network().compute_routes();
  EXPECT_EQ(t.route("a", "b"), nullptr);
  t.send_at(0, "a", "b", 1);
  t.simulator().run();
  ASSERT_EQ(t.drops.drops.size(), 1u);
  EXPECT_EQ(t.drops.drops[0].reason, DropReason::NoRoute);
}

TEST(Routing, CrashedRouterIsRoutedAround) {
  Topology t;
  t.host("a");
  t.host("b");
  for (const char* r : {"r1", "r2", "r3"}) t.router(r);
  t.link("a", "r1");
  t.link("r1", "r2");
  t.link("r2", "b");
  t.link("r1", "r3");
  t.link("r3", "b");
  t.network().compute_routes();
  const Channel* via = t.route("r1", "b");
  const NodeId next = via->to();
  t.network().set_node_up(next, false);  // convergence 0: routes are recomputed at once
  t.simulator().run();
  ASSERT_NE(t.route("r1", "b"), nullptr);
  EXPECT_NE(t.route("r1", "b")->to(), next);
}

}  // namespace
}  // namespace netsim::net
