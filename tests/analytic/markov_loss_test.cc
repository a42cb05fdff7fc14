// Markov loss models: known closed forms, and the simulator's netem loss models measured over
// 10⁶ packets.
#include "models/analytic/markov_loss.h"

#include <gtest/gtest.h>

#include <cmath>

#include "models/net/impairment/loss_model.h"
#include "sim/random.h"

namespace netsim::analytic {
namespace {

struct Measured {
  double loss = 0;
  double mean_burst = 0;
  std::vector<double> burst_share;  // fraction of bursts of length 1, 2, ...
};

Measured measure(const net::LossConfig& config, int packets, std::uint64_t seed) {
  sim::Rng rng(seed);
  net::LossModel model(config, rng);
  std::uint64_t lost = 0;
  std::uint64_t bursts = 0;
  std::vector<std::uint64_t> by_length(20);
  int run = 0;
  for (int i = 0; i < packets; ++i) {
    if (model.lose(rng)) {
      ++lost;
      ++run;
    } else if (run > 0) {
      ++bursts;
      if (run <= 20) ++by_length[run - 1];
      run = 0;
    }
  }
  Measured m;
  m.loss = static_cast<double>(lost) / packets;
  m.mean_burst = static_cast<double>(lost) / static_cast<double>(bursts);
  for (const auto n : by_length) m.burst_share.push_back(static_cast<double>(n) / bursts);
  return m;
}

TEST(MarkovLoss, SimpleGilbertHasTheTextbookForms) {
  // 1−h = 1, 1−k = 0 (Gilbert 1960): loss rate p/(p + r), bursts geometric with mean 1/r.
  const MarkovLoss g = MarkovLoss::gilbert_elliott(0.01, 0.3, 1, 0);
  EXPECT_NEAR(g.mean_loss(), 0.01 / 0.31, 1e-12);
  EXPECT_NEAR(g.mean_burst_length(), 1 / 0.3, 1e-9);
  const auto d = g.burst_length_distribution(5);
  for (int n = 1; n <= 5; ++n) EXPECT_NEAR(d[n - 1], std::pow(0.7, n - 1) * 0.3, 1e-12) << n;
  EXPECT_NEAR(g.stationary()(1), 0.01 / 0.31, 1e-12);
}

TEST(MarkovLoss, BernoulliIsAOneStateChain) {
  const MarkovLoss b(Eigen::MatrixXd::Ones(1, 1), Eigen::VectorXd::Constant(1, 0.2));
  EXPECT_NEAR(b.mean_loss(), 0.2, 1e-12);
  EXPECT_NEAR(b.mean_burst_length(), 1 / 0.8, 1e-12);  // geometric, continues with 0.2
  EXPECT_NEAR(b.burst_length_distribution(2)[1], 0.2 * 0.8, 1e-12);
}

TEST(MarkovLoss, RejectsAMatrixThatIsNotStochastic) {
  Eigen::MatrixXd m(2, 2);
  m << 0.5, 0.4, 0, 1;
  EXPECT_THROW(MarkovLoss(m, Eigen::VectorXd::Zero(2)), std::invalid_argument);
}

// 10⁶ packets: the loss rate's standard error is below 0.0005 even with bursts of 3 (variance
// inflated by about the mean burst length), so 0.002 is 4σ; burst shares over ~10⁴ bursts have
// standard errors below 0.005, so 0.02 is 4σ; the mean burst length (about 1.3-3 packets, sd
// below 3) over ~10⁴ bursts has a standard error below 0.03, so 0.1 is over 3σ.
void expect_model_matches_simulator(const net::LossConfig& config, const MarkovLoss& model,
                                    std::uint64_t seed) {
  const Measured m = measure(config, 1'000'000, seed);
  EXPECT_NEAR(m.loss, model.mean_loss(), 0.002);
  EXPECT_NEAR(m.mean_burst, model.mean_burst_length(), 0.1);
  const auto d = model.burst_length_distribution(3);
  for (int n = 1; n <= 3; ++n) EXPECT_NEAR(m.burst_share[n - 1], d[n - 1], 0.02) << n;
  // The simulator's own closed form for the mean agrees with the chain.
  EXPECT_NEAR(config.mean_loss(), model.mean_loss(), 1e-12);
}

TEST(MarkovLoss, GilbertElliottMatchesTheSimulatorsNetemModel) {
  net::LossConfig config;
  config.model = net::LossConfig::Model::GilbertElliott;
  config.p = 0.01;
  config.r = 0.3;
  config.one_minus_h = 0.8;
  config.one_minus_k = 0.001;
  expect_model_matches_simulator(config, MarkovLoss::gilbert_elliott(0.01, 0.3, 0.8, 0.001), 7);
}

TEST(MarkovLoss, FourStateMatchesTheSimulatorsNetemModel) {
  net::LossConfig config;
  config.model = net::LossConfig::Model::FourState;
  config.p13 = 0.02;
  config.p31 = 0.4;
  config.p32 = 0.2;
  config.p23 = 0.5;
  config.p14 = 0.005;
  expect_model_matches_simulator(config, MarkovLoss::four_state(0.02, 0.4, 0.2, 0.5, 0.005), 11);
}

}  // namespace
}  // namespace netsim::analytic
