#include "sim/time.h"

#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace netsim::sim {
namespace {

TEST(Duration, NamedConstructorsAreExactNanoseconds) {
  EXPECT_EQ(ns(7).ns(), 7);
  EXPECT_EQ(us(3).ns(), 3'000);
  EXPECT_EQ(ms(20).ns(), 20'000'000);
  EXPECT_EQ(sec(2).ns(), 2'000'000'000);
  static_assert(ms(1) == us(1000), "usable in constant expressions");
}

TEST(Duration, ArithmeticStaysInIntegers) {
  EXPECT_EQ(ms(1) + us(500), us(1500));
  EXPECT_EQ(ms(1) - us(1500), -us(500));
  EXPECT_EQ(ms(3) * 4, ms(12));
  EXPECT_EQ(4 * ms(3), ms(12));
  EXPECT_EQ(ms(10) / 3, ns(3'333'333));  // truncates, like integer division
  EXPECT_EQ(ms(10) / ms(3), 3);
  EXPECT_EQ(ms(10) % ms(3), ms(1));
  Duration d = ms(1);
  d += ms(2);
  d -= us(1);
  EXPECT_EQ(d, us(2999));
}

TEST(Duration, OverflowIsAnErrorNotAWrap) {
  EXPECT_THROW(sec(std::numeric_limits<std::int64_t>::max() / 1'000'000'000 + 1),
               std::overflow_error);
  EXPECT_THROW(Duration::max() + ns(1), std::overflow_error);
  EXPECT_THROW(Duration::max() * 2, std::overflow_error);
  EXPECT_THROW(Time::max() + ns(1), std::overflow_error);
}

TEST(Time, PointsAndSpans) {
  const Time t = Time::zero() + ms(5);
  EXPECT_EQ(t.ns(), 5'000'000);
  EXPECT_EQ((t + us(1)) - t, us(1));
  EXPECT_EQ(t - ms(5), Time::zero());
  EXPECT_LT(Time::zero(), t);
  EXPECT_DOUBLE_EQ(t.to_seconds(), 0.005);
  EXPECT_EQ(t.since_start(), ms(5));
}

TEST(Duration, PrintsWithTheLargestExactUnit) {
  EXPECT_EQ(to_string(Duration::zero()), "0s");
  EXPECT_EQ(to_string(sec(10)), "10s");
  EXPECT_EQ(to_string(ms(20)), "20ms");
  EXPECT_EQ(to_string(us(1500)), "1500us");
  EXPECT_EQ(to_string(ns(7)), "7ns");
  EXPECT_EQ(to_string(-ms(3)), "-3ms");
  EXPECT_EQ(to_string(Time::zero() + ms(2)), "2ms");
}

TEST(Time, EarliestOfOptionalDeadlinesSkipsTheUnsetOnes) {
  const Time a = Time::zero() + ms(5);
  const Time b = Time::zero() + ms(9);
  EXPECT_EQ(earliest(a, b), a);
  EXPECT_EQ(earliest(b, a), a);
  EXPECT_EQ(earliest(std::nullopt, b), b);
  EXPECT_EQ(earliest(a, std::nullopt), a);
  EXPECT_EQ(earliest(std::nullopt, std::nullopt), std::nullopt);
}

}  // namespace
}  // namespace netsim::sim
