// M/M/1/K: Eigen's solution of the generator against the closed form, and a simulated link fed
// by Poisson traffic with exponential packet sizes against both.
#include "models/analytic/mm1k.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/random.h"
#include "tests/models/two_hosts.h"

namespace netsim::analytic {
namespace {

TEST(Mm1k, GeneratorSolutionIsTheClosedForm) {
  for (const double rho : {0.5, 0.9, 1.0, 1.3}) {
    const Mm1k q(rho * 100, 100, 10);
    EXPECT_LT((q.occupancy() - q.occupancy_closed_form()).cwiseAbs().maxCoeff(), 1e-12) << rho;
    EXPECT_NEAR(q.occupancy().sum(), 1, 1e-12);
  }
}

TEST(Mm1k, KnownValues) {
  // ρ = 0.5, K = 1 (no waiting room): π = (2/3, 1/3), an arrival is lost with 1/3 (Erlang B with
  // one server), and an accepted one spends exactly one service time, 1/μ.
  const Mm1k q(50, 100, 1);
  EXPECT_NEAR(q.drop_probability(), 1.0 / 3, 1e-12);
  EXPECT_NEAR(q.mean_delay(), 0.01, 1e-12);
  // K → ∞ approaches M/M/1: L = ρ/(1 − ρ) = 1 at ρ = 0.5, delay 1/(μ − λ) = 20 ms.
  const Mm1k big(50, 100, 200);
  EXPECT_NEAR(big.mean_in_system(), 1, 1e-9);
  EXPECT_NEAR(big.mean_delay(), 0.02, 1e-9);
}

// A 10 Mbit/s link with 9 queue places (K = 10 with the transmitter), offered Poisson packets
// whose wire sizes are exponential with mean 5000 B (service rate μ = 250/s) at λ = 200/s
// (ρ = 0.8), 400,000 packets. Theory: drop 2.35%, mean delay 13.4 ms. The drop count's standard
// error is about 2% of itself here (losses come in busy-period clumps, so ~3× the binomial's),
// so 8% relative is 4σ; the mean delay over 4·10⁵ correlated samples has a standard error near
// 0.5%, so 3% is 6σ.
TEST(Mm1k, PredictsASimulatedLinkFedByPoissonTraffic) {
  constexpr double kRate = 10e6;
  constexpr double kMeanWireBytes = 5000;
  constexpr double kLambda = 200;
  constexpr int kPackets = 400'000;
  constexpr std::int64_t kHeaders = 28;  // IPv4 + UDP: the wire size is payload + 28
  net::ChannelConfig c;
  c.rate = sim::DataRate::bps(static_cast<std::int64_t>(kRate));
  c.queue.limit = net::QueueLimit::packets(9);
  testing::TwoHosts net(c);
  sim::Rng rng(2024);
  std::vector<std::int64_t> sent_at(kPackets);
  double t = 0;
  for (int i = 0; i < kPackets; ++i) {
    t += rng.exponential(1 / kLambda);
    sent_at[i] = static_cast<std::int64_t>(t * 1e9);
    // Exponential wire size; the few draws under the header size (0.6%) become empty datagrams.
    const auto wire = static_cast<std::int64_t>(std::llround(rng.exponential(kMeanWireBytes)));
    net.send_at(sent_at[i], std::max<std::int64_t>(wire - kHeaders, 0), i);
  }
  net.simulator.run();

  const Mm1k model(kLambda, kRate / (kMeanWireBytes * 8), 10);
  const auto& counters = net.link->forward.counters();
  const double dropped = static_cast<double>(counters.queue_drops) / kPackets;
  EXPECT_NEAR(dropped, model.drop_probability(), 0.08 * model.drop_probability());
  double delay = 0;
  for (const auto& a : net.sink.arrivals) delay += (a.at_ns - sent_at[a.sequence]) * 1e-9;
  delay /= static_cast<double>(net.sink.arrivals.size());
  EXPECT_NEAR(delay, model.mean_delay(), 0.03 * model.mean_delay());
}

}  // namespace
}  // namespace netsim::analytic
