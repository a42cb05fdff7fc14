// Each impairment's statistics against its definition, at fixed seeds, with tolerances derived
// from the statistics (stated per test); and faults taking effect at the exact nanosecond.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <vector>

#include "models/net/impairment/correlated_random.h"
#include "models/net/impairment/delay_distribution.h"
#include "models/net/impairment/loss_model.h"
#include "tests/models/two_hosts.h"

namespace netsim::net {
namespace {

using netsim::testing::TwoHosts;

struct LossRun {
  double loss_fraction;
  double mean_burst;  // mean length of runs of consecutive losses
};

LossRun run_loss(const LossConfig& config, std::uint64_t packets, std::uint64_t seed) {
  sim::Rng rng(seed);
  LossModel model(config, rng);
  std::uint64_t lost = 0;
  std::uint64_t bursts = 0;
  bool previous = false;
  for (std::uint64_t i = 0; i < packets; ++i) {
    const bool l = model.lose(rng);
    lost += l;
    if (l && !previous) ++bursts;
    previous = l;
  }
  return {static_cast<double>(lost) / static_cast<double>(packets),
          bursts == 0 ? 0 : static_cast<double>(lost) / static_cast<double>(bursts)};
}

// Bernoulli: over n = 10^6 packets the loss count has sd sqrt(n·p(1−p)); tolerance 5 sd.
TEST(LossModel, RandomLossIsBernoulli) {
  constexpr double p = 0.02;
  constexpr double n = 1e6;
  const LossRun r = run_loss(LossConfig::random(p), 1'000'000, 11);
  EXPECT_NEAR(r.loss_fraction, p, 5 * std::sqrt(p * (1 - p) / n));
  // Independent losses: bursts are geometric with mean 1/(1 − p).
  EXPECT_NEAR(r.mean_burst, 1 / (1 - p), 0.01);
}

// Gilbert (1−h = 100%, 1−k = 0): a packet is lost iff it starts in the bad state. Stationary
// loss π_bad = p/(p + r); bursts of losses are sojourns in bad, geometric with mean 1/r. The
// issue's bar: both within 2% of the stationary values. The states form a Markov chain with
// lag-1 correlation 1 − p − r = 0.69, which inflates the variance of the loss fraction by
// (1 + ρ)/(1 − ρ) ≈ 5.5; with 10^7 packets its relative sd is ≈ 0.4% and the burst mean's ≈ 0.3%,
// so 2% is 5 sd or more. (Over 10^6 packets, as the issue asks at least, it is ≈ 1.5 sd.)
TEST(LossModel, GilbertElliottMatchesItsStationaryLossAndBurstLength) {
  LossConfig c;
  c.model = LossConfig::Model::GilbertElliott;
  c.p = 0.01;
  c.r = 0.30;
  c.one_minus_h = 1;
  c.one_minus_k = 0;
  const LossRun r = run_loss(c, 10'000'000, 12);
  const double stationary = c.p / (c.p + c.r);
  EXPECT_NEAR(r.loss_fraction / stationary, 1.0, 0.02);
  EXPECT_NEAR(r.mean_burst / (1 / c.r), 1.0, 0.02);
  EXPECT_DOUBLE_EQ(c.mean_loss(), stationary);
}

// Full Gilbert-Elliott: losses in both states. Mean loss = π_good·(1−k) + π_bad·(1−h).
TEST(LossModel, GilbertElliottWithPartialLossInBothStates) {
  LossConfig c;
  c.model = LossConfig::Model::GilbertElliott;
  c.p = 0.05;
  c.r = 0.20;
  c.one_minus_h = 0.5;
  c.one_minus_k = 0.01;
  const double expected = 0.8 * 0.01 + 0.2 * 0.5;
  EXPECT_DOUBLE_EQ(c.mean_loss(), expected);
  const LossRun r = run_loss(c, 10'000'000, 13);
  EXPECT_NEAR(r.loss_fraction / expected, 1.0, 0.02);
}

// iproute2 defaults make `gemodel p` alone a Bernoulli(p) model.
TEST(LossModel, GilbertElliottDefaultsAreBernoulli) {
  LossConfig c;
  c.model = LossConfig::Model::GilbertElliott;
  c.p = 0.03;
  c.r = 1 - c.p;  // iproute2's default
  const LossRun r = run_loss(c, 1'000'000, 14);
  EXPECT_NEAR(r.loss_fraction, 0.03, 5 * std::sqrt(0.03 * 0.97 / 1e6));
}

// 4-state model (Salsano et al.): losses in bursts (state 3) and isolated (state 4). The chain's
// stationary distribution gives the loss fraction (LossConfig::mean_loss derives it); bursts
// starting in state 3 last 1/(p31 + p32) packets of state 3 on average.
TEST(LossModel, FourStateMatchesItsStationaryLoss) {
  LossConfig c;
  c.model = LossConfig::Model::FourState;
  c.p13 = 0.01;
  c.p31 = 0.25;
  c.p32 = 0.05;
  c.p23 = 0.10;
  c.p14 = 0.002;
  // π1 = 1 (unnormalized), π3 = p13/p31, π2 = p32/p23·π3, π4 = p14.
  const double pi3 = 0.01 / 0.25;
  const double pi2 = 0.05 / 0.10 * pi3;
  const double expected = (pi3 + 0.002) / (1 + pi2 + pi3 + 0.002);
  EXPECT_NEAR(c.mean_loss(), expected, 1e-15);
  const LossRun r = run_loss(c, 10'000'000, 15);
  EXPECT_NEAR(r.loss_fraction / expected, 1.0, 0.02);
}

TEST(LossModel, FourStateDefaultsAreBernoulli) {
  LossConfig c;
  c.model = LossConfig::Model::FourState;
  c.p13 = 0.04;
  c.p31 = 1 - c.p13;  // iproute2 defaults: p31 = 1 − p13, p32 = 0, p23 = 1, p14 = 0
  const LossRun r = run_loss(c, 1'000'000, 16);
  EXPECT_NEAR(r.loss_fraction, 0.04, 5 * std::sqrt(0.04 * 0.96 / 1e6));
}

// netem's correlation (exponential smoothing of uniforms) keeps draws in [0, 2^32) and makes
// consecutive draws positively correlated; with correlation 0 draws are independent uniforms.
TEST(CorrelatedRandom, SmoothingCorrelatesConsecutiveDraws) {
  sim::Rng rng(17);
  CorrelatedUniform independent(0, rng);
  CorrelatedUniform smoothed(0.75, rng);
  auto lag1 = [&](CorrelatedUniform& u) {
    double sx = 0, sxx = 0, sxy = 0;
    double previous = u.next(rng) / 4294967296.0;
    constexpr int kN = 200'000;
    for (int i = 0; i < kN; ++i) {
      const double x = u.next(rng) / 4294967296.0;
      sx += x;
      sxx += x * x;
      sxy += x * previous;
      previous = x;
    }
    const double mean = sx / kN;
    return (sxy / kN - mean * mean) / (sxx / kN - mean * mean);
  };
  // Independent: lag-1 correlation ~ N(0, 1/n): |r| < 5/sqrt(2·10^5) ≈ 0.011.
  EXPECT_NEAR(lag1(independent), 0.0, 0.011);
  // Smoothing with weight c on the previous value: AR(1) with coefficient c.
  EXPECT_NEAR(lag1(smoothed), 0.75, 0.02);
}

TEST(NetemProbability, MatchesIproute2) {
  EXPECT_EQ(netem_probability(0), 0u);
  EXPECT_EQ(netem_probability(1), 0xffffffffu);
  EXPECT_EQ(netem_probability(0.5), 2147483648u);  // rint(0.5 · (2^32 − 1))
}

// Delay samples: uniform in [d − j, d + j) has mean d and sd j/√3; the normal table has sd ≈ j
// (its 4096 quantiles of N(0, 1), cut at about ±3.5); pareto is skewed right with its mean
// removed. n = 10^6 samples: the standard error of the mean is ≤ j/1000; tolerances are wider
// than 5 standard errors.
TEST(DelayDistribution, MomentsMatchTheirDefinitions) {
  constexpr std::int64_t d = 50'000'000;  // 50 ms
  constexpr std::int64_t j = 10'000'000;  // 10 ms
  sim::Rng rng(18);
  auto moments = [&](DelayDistribution dist) {
    double s = 0, ss = 0, s3 = 0;
    constexpr int kN = 1'000'000;
    std::int64_t lo = INT64_MAX, hi = INT64_MIN;
    std::vector<double> xs;
    for (int i = 0; i < kN; ++i) {
      const std::int64_t x = tabledist(d, j, uniform_u32(rng), dist);
      lo = std::min(lo, x);
      hi = std::max(hi, x);
      xs.push_back(static_cast<double>(x - d) / j);
      s += xs.back();
      ss += xs.back() * xs.back();
    }
    const double mean = s / kN;
    const double sd = std::sqrt(ss / kN - mean * mean);
    for (double x : xs) s3 += std::pow((x - mean) / sd, 3);
    return std::tuple{mean, sd, s3 / kN, lo, hi};
  };
  const auto [um, usd, uskew, ulo, uhi] = moments(DelayDistribution::Uniform);
  EXPECT_NEAR(um, 0, 0.005);
  EXPECT_NEAR(usd, 1 / std::sqrt(3.0), 0.005);
  EXPECT_GE(ulo, d - j);
  EXPECT_LT(uhi, d + j);
  const auto [nm, nsd, nskew, nlo, nhi] = moments(DelayDistribution::Normal);
  EXPECT_NEAR(nm, 0, 0.005);
  EXPECT_NEAR(nsd, 1.0, 0.01);
  EXPECT_NEAR(nskew, 0, 0.02);
  // Pareto and paretonormal: the samples' mean is the table's (iproute2 removes the Pareto mean
  // 1.5 before scaling, but the cap at 32767 = 4 units shifts it slightly negative).
  const auto table_mean = [](DelayDistribution dist) {
    double s = 0;
    for (const auto v : distribution_table(dist)) s += v;
    return s / kDistTableSize / kDistScale;
  };
  const auto [pm, psd, pskew, plo, phi] = moments(DelayDistribution::Pareto);
  EXPECT_NEAR(pm, table_mean(DelayDistribution::Pareto), 0.005);
  EXPECT_NEAR(table_mean(DelayDistribution::Pareto), 0, 0.05);
  EXPECT_GT(pskew, 1.0);                    // heavy right tail
  EXPECT_GE(plo, d - j * 5461 / 8192 - 1);  // the smallest table entry: (1 − 1.5)·4/3
  const auto [qm, qsd, qskew, qlo, qhi] = moments(DelayDistribution::ParetoNormal);
  EXPECT_NEAR(qm, table_mean(DelayDistribution::ParetoNormal), 0.005);
  EXPECT_GT(qskew, 0.0);
  EXPECT_LT(qskew, pskew);
}

TEST(DelayDistribution, TablesAreMonotoneQuantiles) {
  for (auto dist :
       {DelayDistribution::Normal, DelayDistribution::Pareto, DelayDistribution::ParetoNormal}) {
    const DistTable& t = distribution_table(dist);
    for (int i = 1; i < kDistTableSize; ++i)
      ASSERT_LE(t[i - 1], t[i]) << to_string(dist) << " " << i;
  }
  // The pareto table's first entry, from iproute2's formula: (1 − 1.5)·4/3·8192 = −5461.
  EXPECT_EQ(distribution_table(DelayDistribution::Pareto)[0], -5461);
  // The normal table's median is 0 and its quartiles are ±0.6745 (standard normal quantiles),
  // within the half-bin offset of iproute2's construction.
  const DistTable& n = distribution_table(DelayDistribution::Normal);
  EXPECT_NEAR(n[2048] / 8192.0, 0, 0.002);
  EXPECT_NEAR(n[1024] / 8192.0, -0.6745, 0.002);
  EXPECT_NEAR(n[3072] / 8192.0, 0.6745, 0.002);
}

// --- impairments on a channel ---------------------------------------------------------------

ChannelConfig fast_link() {
  ChannelConfig c;
  c.rate = sim::DataRate::gbps(10);
  c.delay = sim::ms(10);
  c.queue.limit = QueueLimit::packets(1'000'000);
  return c;
}

// Duplicates: each packet is copied with probability 5%, and each copy arrives. n = 10^5:
// duplicates have sd sqrt(n·0.05·0.95) ≈ 69; tolerance 5 sd.
TEST(ChannelImpairments, DuplicationRate) {
  ChannelConfig c = fast_link();
  c.duplicate = 0.05;
  TwoHosts net(c);
  for (int i = 0; i < 100'000; ++i) net.send_at(i * 1000, 100, i);
  net.simulator.run();
  const auto dups = net.link->forward.counters().duplicated_packets;
  EXPECT_NEAR(static_cast<double>(dups), 5000, 5 * std::sqrt(1e5 * 0.05 * 0.95));
  EXPECT_EQ(net.sink.arrivals.size(), 100'000 + dups);
  // The observer hears of every copy (message logs count copies still in the network with it).
  EXPECT_EQ(net.drops.duplicates, dups);
}

// Reorder with gap 5 and probability 100%: exactly every 5th packet skips the delay (netem's
// counter rule), so it overtakes the four before it.
TEST(ChannelImpairments, ReorderWithGapSendsEveryNthPacketAtOnce) {
  ChannelConfig c = fast_link();
  c.reorder = 1.0;
  c.gap = 5;
  TwoHosts net(c);
  for (int i = 0; i < 100; ++i) net.send_at(i * 1'000'000, 100, i);  // 1 ms apart, 10 ms delay
  net.simulator.run();
  EXPECT_EQ(net.link->forward.counters().reordered_packets, 20u);
  for (const auto& a : net.sink.arrivals) {
    const bool immediate = a.sequence % 5 == 4;
    const std::int64_t sent = static_cast<std::int64_t>(a.sequence) * 1'000'000;
    EXPECT_EQ(a.at_ns - sent, immediate ? 103 : 103 + 10'000'000)
        << a.sequence;  // 128 B at 10 Gbit/s: 102.4 → 103 ns
  }
}

// Reorder 25% without gap (iproute2 makes it gap 1): each packet independently. n = 10^5,
// sd = sqrt(n·0.25·0.75) ≈ 137; tolerance 5 sd.
TEST(ChannelImpairments, ReorderProbabilityWithoutGap) {
  ChannelConfig c = fast_link();
  c.reorder = 0.25;
  TwoHosts net(c);
  for (int i = 0; i < 100'000; ++i) net.send_at(i * 1000, 100, i);
  net.simulator.run();
  EXPECT_NEAR(static_cast<double>(net.link->forward.counters().reordered_packets), 25'000,
              5 * std::sqrt(1e5 * 0.25 * 0.75));
}

// Corruption: 2% of packets get one bit flipped; the receiving host's checksum drops them all.
TEST(ChannelImpairments, CorruptedPacketsAreDroppedByTheReceiver) {
  ChannelConfig c = fast_link();
  c.corrupt = 0.02;
  TwoHosts net(c);
  for (int i = 0; i < 100'000; ++i) net.send_at(i * 1000, 100, i);
  net.simulator.run();
  const auto corrupted = net.link->forward.counters().corrupted_packets;
  EXPECT_NEAR(static_cast<double>(corrupted), 2000, 5 * std::sqrt(1e5 * 0.02 * 0.98));
  EXPECT_EQ(net.sink.arrivals.size(), 100'000 - corrupted);
  std::uint64_t dropped = 0;
  for (const auto& d : net.drops.drops) dropped += d.reason == DropReason::Corrupted;
  EXPECT_EQ(dropped, corrupted);
}

TEST(ChannelImpairments, JitterReordersWhenLargerThanTheSpacing) {
  ChannelConfig c = fast_link();
  c.jitter = sim::ms(5);
  TwoHosts net(c);
  for (int i = 0; i < 1000; ++i) net.send_at(i * 100'000, 100, i);  // 0.1 ms apart, ±5 ms jitter
  net.simulator.run();
  int inversions = 0;
  for (std::size_t i = 1; i < net.sink.arrivals.size(); ++i) {
    inversions += net.sink.arrivals[i].sequence < net.sink.arrivals[i - 1].sequence;
  }
  EXPECT_GT(inversions, 100);
  for (const auto& a : net.sink.arrivals) {
    const std::int64_t latency = a.at_ns - static_cast<std::int64_t>(a.sequence) * 100'000;
    EXPECT_GE(latency, 103 + 5'000'000);
    EXPECT_LT(latency, 103 + 15'000'000);
  }
}

TEST(ChannelImpairments, OverMtuPacketsAreDropped) {
  ChannelConfig c = fast_link();
  c.mtu = sim::Bytes(1500);
  TwoHosts net(c);
  net.send_at(0, 1472, 0);  // 1500-byte datagram: fits exactly
  net.send_at(0, 1473, 1);  // 1501: too big
  net.simulator.run();
  ASSERT_EQ(net.sink.arrivals.size(), 1u);
  EXPECT_EQ(net.sink.arrivals[0].sequence, 0u);
  ASSERT_EQ(net.drops.drops.size(), 1u);
  EXPECT_EQ(net.drops.drops[0].reason, DropReason::TooBig);
  EXPECT_EQ(net.link->forward.counters().too_big, 1u);
}

TEST(ChannelImpairments, FramingAddsToTheSerializedSize) {
  ChannelConfig c;
  c.rate = sim::DataRate::mbps(10);
  c.framing = Framing::Ethernet;
  TwoHosts net(c);
  net.send_at(0, 1472, 0);  // 1500 + 38 bytes at 10 Mbit/s = 1.2304 ms
  net.simulator.run();
  ASSERT_EQ(net.sink.arrivals.size(), 1u);
  EXPECT_EQ(net.sink.arrivals[0].at_ns, 1'230'400);
  EXPECT_EQ(net.link->forward.counters().link_header_bytes, sim::Bytes(38));
}

// --- faults at the exact nanosecond ----------------------------------------------------------

// The link goes down at T and comes back at U. A packet arriving at T − 1 ns is delivered; one
// that would arrive at T is lost in flight; one offered at T finds no route (the link was the
// only one and, with no convergence delay, routes change at once); one offered at U goes
// through. A fault at T takes effect before anything else scheduled at T.
TEST(Faults, LinkDownTakesEffectAtTheExactNanosecond) {
  ChannelConfig c;
  c.rate = sim::DataRate::gbps(1);
  c.delay = sim::ms(1);
  // 100-byte payload → 128-byte datagram: 1024 ns at 1 Gbit/s; arrival = send + 1'001'024 ns.
  constexpr std::int64_t kTransit = 1'001'024;
  constexpr std::int64_t kDown = 5'000'000;
  constexpr std::int64_t kUp = 7'000'000;
  // One packet per run, so that none waits behind another on the transmitter.
  struct Outcome {
    bool delivered;
    std::int64_t at_ns;  // arrival or drop time
    DropReason reason;
  };
  const auto send_one = [&](std::int64_t send_ns) {
    TwoHosts net(c);
    net.simulator.schedule_at(sim::Time::from_ns(kDown),
                              [&net] { net.network.set_link_up(net.network.links()[0], false); });
    net.simulator.schedule_at(sim::Time::from_ns(kUp),
                              [&net] { net.network.set_link_up(net.network.links()[0], true); });
    net.send_at(send_ns, 100, 0);
    net.simulator.run();
    if (!net.sink.arrivals.empty())
      return Outcome{true, net.sink.arrivals[0].at_ns, DropReason::QueueDrop};
    EXPECT_EQ(net.drops.drops.size(), 1u);
    return Outcome{false, net.drops.drops.at(0).at_ns, net.drops.drops.at(0).reason};
  };
  const Outcome just_before = send_one(kDown - kTransit - 1);
  EXPECT_TRUE(just_before.delivered);
  EXPECT_EQ(just_before.at_ns, kDown - 1);
  const Outcome at_the_cut = send_one(kDown - kTransit);
  EXPECT_FALSE(at_the_cut.delivered);
  EXPECT_EQ(at_the_cut.at_ns, kDown);
  EXPECT_EQ(at_the_cut.reason, DropReason::LinkDown);
  const Outcome while_down = send_one(kDown);
  EXPECT_FALSE(while_down.delivered);
  EXPECT_EQ(while_down.at_ns, kDown);
  EXPECT_EQ(while_down.reason, DropReason::NoRoute);
  const Outcome last_down = send_one(kUp - 1);
  EXPECT_FALSE(last_down.delivered);
  const Outcome back_up = send_one(kUp);
  EXPECT_TRUE(back_up.delivered);
  EXPECT_EQ(back_up.at_ns, kUp + kTransit);
}

TEST(Faults, ImpairmentChangeAppliesFromItsInstant) {
  ChannelConfig c;
  c.rate = sim::DataRate::gbps(1);
  c.delay = sim::ms(1);
  TwoHosts net(c);
  ChannelConfig worse = c;
  worse.delay = sim::ms(30);
  worse.loss = LossConfig::random(1.0);
  net.simulator.schedule_at(sim::Time::from_ns(10'000'000),
                            [&net, &worse] { net.link->forward.reconfigure(worse); });
  net.simulator.schedule_at(sim::Time::from_ns(20'000'000),
                            [&net, &c] { net.link->forward.reconfigure(c); });
  for (int i = 0; i < 30; ++i) net.send_at(i * 1'000'000, 100, i);
  net.simulator.run();
  // Transmission ends 1024 ns after sending: packets sent at 9 ms finish at 9.001 ms (before the
  // change), those sent at 10..19 ms finish during it and are lost, from 20 ms on all is well.
  std::vector<std::uint64_t> got;
  for (const auto& a : net.sink.arrivals) got.push_back(a.sequence);
  std::vector<std::uint64_t> expected;
  for (std::uint64_t i = 0; i < 30; ++i) {
    if (i < 10 || i >= 20) expected.push_back(i);
  }
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace netsim::net
