#include "sim/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace netsim::sim {
namespace {

std::vector<std::uint64_t> draws(Rng rng, int n) {
  std::vector<std::uint64_t> out;
  for (int i = 0; i < n; ++i) out.push_back(rng.next_u64());
  return out;
}

TEST(RandomStreams, AStreamDependsOnlyOnSeedRunAndName) {
  RandomStreams alone(42);
  const auto reference = draws(alone.stream("link/a->b"), 100);

  // Other components created before, in another order, do not change this stream.
  RandomStreams crowded(42);
  (void)crowded.stream("traffic/x");
  (void)crowded.stream("link/b->a");
  EXPECT_EQ(draws(crowded.stream("link/a->b"), 100), reference);
}

TEST(RandomStreams, DifferentNamesSeedsAndRunsGiveDifferentStreams) {
  RandomStreams s(42);
  const auto a = draws(s.stream("a"), 10);
  EXPECT_NE(draws(s.stream("b"), 10), a);
  EXPECT_NE(draws(RandomStreams(43).stream("a"), 10), a);
  EXPECT_NE(draws(RandomStreams(42, 1).stream("a"), 10), a);
  EXPECT_EQ(draws(RandomStreams(42, 0).stream("a"), 10), a);
}

TEST(RandomStreamsDeathTest, ANameIsTakenOnce) {
  EXPECT_DEATH(
      {
        RandomStreams s(1);
        (void)s.stream("x");
        (void)s.stream("x");
      },
      "random stream 'x' requested twice");
}

// Statistical checks at a fixed seed. With n = 10^6 draws, the standard error of a U(0,1) mean is
// sqrt(1/12/n) ≈ 2.9e-4 and of an Exp(mean 5) mean is 5/sqrt(n) = 5e-3; the tolerances are
// 5 standard errors, so a correct generator fails with probability < 10^-6.
TEST(Rng, UniformAndExponentialMoments) {
  Rng rng(7);
  constexpr int kN = 1'000'000;
  double sum_u = 0;
  double sum_e = 0;
  for (int i = 0; i < kN; ++i) {
    const double u = rng.uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum_u += u;
    sum_e += rng.exponential(5.0);
  }
  EXPECT_NEAR(sum_u / kN, 0.5, 5 * std::sqrt(1.0 / 12.0 / kN));
  EXPECT_NEAR(sum_e / kN, 5.0, 5 * 5.0 / std::sqrt(kN));
}

TEST(Rng, BelowIsInRangeAndCoversIt) {
  Rng rng(9);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70'000; ++i) {
    const auto v = rng.below(7);
    ASSERT_LT(v, 7u);
    ++counts[v];
  }
  // Each count is Binomial(70000, 1/7): mean 10000, sd ≈ 92.6; 5 sd = 463.
  for (const int c : counts) EXPECT_NEAR(c, 10'000, 463);
}

TEST(Rng, BernoulliExtremes) {
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    EXPECT_FALSE(rng.bernoulli(0.0));
    EXPECT_TRUE(rng.bernoulli(1.0));
  }
}

TEST(Hashes, KnownValues) {
  // FNV-1a 64 of "" is the offset basis; of "a" is a published test vector.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  // SplitMix64 from state 0: first output of the reference implementation.
  std::uint64_t state = 0;
  EXPECT_EQ(splitmix64(state), 0xe220a8397b1dcdafULL);
}

}  // namespace
}  // namespace netsim::sim
