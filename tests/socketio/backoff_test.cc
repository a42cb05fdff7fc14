// Reconnection backoff: socket.io-client contrib/backo2 (PROTOCOLS.md §11.2).
#include "models/socketio/backoff.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/random.h"

namespace netsim::socketio {
namespace {

using sim::ms;

// The extremes of Math.random() that matter: the jitter is negative when floor(10·rand) is even,
// so the largest negative deviation comes from just below 0.9 and the largest positive one from
// just below 1. Not the largest double below 0.9: 0.8999999999999999 · 10 rounds to 9.0, an odd
// stripe, so the last rand in stripe 8 is the double before it.
constexpr double kJustBelow09 = 0.8999999999999998;
constexpr double kJustBelow1 = 0.9999999999999999;

// The delay of attempt `attempt` (1-based) with the Manager's defaults and this rand.
sim::Duration attempt_delay(int attempt, double rand) {
  Backoff backoff;
  for (int i = 1; i < attempt; ++i) backoff.duration(0);
  return backoff.duration(rand);
}

TEST(Backo2, StripeBoundariesFollowDoubleRounding) {
  EXPECT_EQ(attempt_delay(1, 0.8999999999999999), ms(1449));  // floor(8.999…·10 → 9.0) is odd
  EXPECT_EQ(attempt_delay(1, 0.0999999999999999), ms(951));
}

TEST(Backo2, Attempt1IsBetween551And1499) {
  EXPECT_EQ(attempt_delay(1, kJustBelow09), ms(551));
  EXPECT_EQ(attempt_delay(1, kJustBelow1), ms(1499));
  EXPECT_EQ(attempt_delay(1, 0), ms(1000));
  EXPECT_EQ(attempt_delay(1, 0.1), ms(1050));  // floor(1) = 1 is odd: positive
}

TEST(Backo2, Attempt2IsBetween1101And2999) {
  EXPECT_EQ(attempt_delay(2, kJustBelow09), ms(1101));
  EXPECT_EQ(attempt_delay(2, kJustBelow1), ms(2999));
}

TEST(Backo2, Attempt3IsBetween2201And5000) {
  EXPECT_EQ(attempt_delay(3, kJustBelow09), ms(2201));
  EXPECT_EQ(attempt_delay(3, kJustBelow1), ms(5000));
}

TEST(Backo2, Attempt4IsBetween4401And5000) {
  EXPECT_EQ(attempt_delay(4, kJustBelow09), ms(4401));
  EXPECT_EQ(attempt_delay(4, kJustBelow1), ms(5000));
}

TEST(Backo2, Attempt5AndLaterAreExactly5000) {
  for (int attempt = 5; attempt <= 12; ++attempt) {
    for (const double rand : {0.0, 0.05, 0.5, kJustBelow09, kJustBelow1}) {
      EXPECT_EQ(attempt_delay(attempt, rand), ms(5000)) << attempt << " " << rand;
    }
  }
}

// A fixed-seed sweep of 100 000 draws per attempt. Every delay must fall in the table's range,
// and the extremes must be reached. The rarest extreme is attempt 4's 4401 ms: it needs
// floor(rand·4000) = 3599 with an even stripe, i.e. rand in [0.89975, 0.9), probability 0.00025
// per draw, so missing it in 100 000 draws has probability 0.99975^100000 ≈ e^-25 ≈ 10^-11
// (attempt 1's 551 ms needs rand in [0.898, 0.9): e^-200). The mean of attempt 1 is
// 1025 ms (the odd stripes, which add, sit 0.05 higher than the even ones, which subtract:
// 1000·(1 + 0.5·0.05)); its standard deviation is about 290 ms, so the standard error of the
// mean is about 0.9 ms and a 5 ms tolerance is more than 5 standard errors. With a fixed seed
// the outcome is deterministic anyway; the argument says the seed is not a lucky one.
TEST(Backo2, FixedSeedSweepStaysInTheRangesAndReachesTheirEnds) {
  struct Range {
    std::int64_t lo, hi;
  };
  const Range ranges[] = {{551, 1499}, {1101, 2999}, {2201, 5000}, {4401, 5000}, {5000, 5000}};
  sim::Rng rng(20240601);
  constexpr int kDraws = 100000;
  for (int attempt = 1; attempt <= 5; ++attempt) {
    std::int64_t lo = std::numeric_limits<std::int64_t>::max();
    std::int64_t hi = std::numeric_limits<std::int64_t>::min();
    double sum = 0;
    for (int i = 0; i < kDraws; ++i) {
      Backoff backoff;
      for (int k = 1; k < attempt; ++k) backoff.duration(rng.uniform());
      const std::int64_t d = backoff.duration(rng.uniform()).ns() / 1'000'000;
      lo = std::min(lo, d);
      hi = std::max(hi, d);
      sum += static_cast<double>(d);
    }
    EXPECT_EQ(lo, ranges[attempt - 1].lo) << "attempt " << attempt;
    EXPECT_EQ(hi, ranges[attempt - 1].hi) << "attempt " << attempt;
    if (attempt == 1) {
      EXPECT_NEAR(sum / kDraws, 1025, 5);
    }
  }
}

TEST(Backo2, ResetStartsOverAndAttemptsCountCalls) {
  Backoff backoff;
  EXPECT_EQ(backoff.attempts(), 0);
  EXPECT_EQ(backoff.duration(0.95), ms(1475));
  EXPECT_EQ(backoff.duration(0.95), ms(2950));
  EXPECT_EQ(backoff.attempts(), 2);
  backoff.reset();
  EXPECT_EQ(backoff.attempts(), 0);
  EXPECT_EQ(backoff.duration(0.95), ms(1475));
}

TEST(Backo2, JitterOutsideZeroToOneIsIgnored) {
  for (const double jitter : {0.0, 1.5, -0.5}) {
    Backoff backoff(1000, 5000, 2, jitter);
    EXPECT_EQ(backoff.duration(0.95), ms(1000));
    EXPECT_EQ(backoff.duration(0.95), ms(2000));
    EXPECT_EQ(backoff.duration(0.95), ms(4000));
    EXPECT_EQ(backoff.duration(0.95), ms(5000));
  }
  Backoff full(1000, 5000, 2, 1.0);  // 1 is allowed
  EXPECT_EQ(full.duration(0.15), ms(1150));
  EXPECT_EQ(full.duration(kJustBelow09), ms(201));
}

TEST(Backo2, ZeroOptionsFallBackLikeJavaScriptOr) {
  Backoff backoff(0, 0, 0, 0);  // min || 100, max || 10000, factor || 2
  EXPECT_EQ(backoff.duration(0), ms(100));
  EXPECT_EQ(backoff.duration(0), ms(200));
  for (int i = 0; i < 10; ++i) backoff.duration(0);
  EXPECT_EQ(backoff.duration(0), ms(10000));
}

TEST(Backo2, AfterAbout1015AttemptsHalfTheDelaysAreZero) {
  // 1000·2^1014 is finite, 1000·2^1015 is Infinity; see backoff.h.
  Backoff backoff;
  for (int i = 0; i < 1014; ++i) backoff.duration(0.5);
  EXPECT_EQ(backoff.duration(0.05), ms(5000));  // attempts = 1014: still finite
  EXPECT_EQ(backoff.attempts(), 1015);
  EXPECT_EQ(backoff.duration(0.05), ms(0));     // even: Infinity − Infinity = NaN → 0
  EXPECT_EQ(backoff.duration(0.15), ms(5000));  // odd: Infinity → min(…, 5000)
  EXPECT_EQ(backoff.duration(0.0), ms(0));      // 0 · Infinity = NaN → 0
  Backoff no_jitter(1000, 5000, 2, 0);
  for (int i = 0; i < 1100; ++i) no_jitter.duration(0);
  EXPECT_EQ(no_jitter.duration(0), ms(5000));  // without jitter it stays at the cap
}

TEST(Backo2, ResultIsTruncatedToInt32) {
  Backoff backoff(1000, 3000000000, 2, 0);
  for (int i = 0; i < 22; ++i) backoff.duration(0);
  EXPECT_EQ(backoff.duration(0), ms(-1294967296));  // 3e9 | 0
}

TEST(ToInt32, MatchesJavaScriptBitwiseOr) {
  EXPECT_EQ(to_int32(std::nan("")), 0);
  EXPECT_EQ(to_int32(std::numeric_limits<double>::infinity()), 0);
  EXPECT_EQ(to_int32(-std::numeric_limits<double>::infinity()), 0);
  EXPECT_EQ(to_int32(1499.9), 1499);
  EXPECT_EQ(to_int32(-1.5), -1);
  EXPECT_EQ(to_int32(2147483648.0), -2147483648);
  EXPECT_EQ(to_int32(4294967301.0), 5);
  EXPECT_EQ(to_int32(-4294967301.0), -5);
  EXPECT_EQ(to_int32(1e300), 0);  // a multiple of 2^32
}

}  // namespace
}  // namespace netsim::socketio
