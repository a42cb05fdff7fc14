#include "sim/simulator.h"

#include <gtest/gtest.h>

#include <vector>

namespace netsim::sim {
namespace {

TEST(Simulator, ClockFollowsEvents) {
  Simulator s;
  std::vector<std::int64_t> seen;
  s.schedule(ms(5), [&] { seen.push_back(s.now().ns()); });
  s.schedule(ms(1), [&] {
    seen.push_back(s.now().ns());
    s.schedule(ms(1), [&] { seen.push_back(s.now().ns()); });  // relative to now = 1 ms
  });
  s.run();
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1'000'000, 2'000'000, 5'000'000}));
  EXPECT_EQ(s.now(), Time::zero() + ms(5));
  EXPECT_EQ(s.events_executed(), 3u);
  EXPECT_EQ(s.events_pending(), 0u);
}

TEST(Simulator, ZeroDelayEventsRunAfterThoseAlreadyDueNow) {
  Simulator s;
  std::vector<int> order;
  s.schedule(ms(1), [&] {
    order.push_back(1);
    s.schedule(Duration::zero(), [&] { order.push_back(3); });
  });
  s.schedule(ms(1), [&] { order.push_back(2); });
  s.run();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

TEST(Simulator, RunUntilIsInclusiveAndAdvancesTheClock) {
  Simulator s;
  int ran = 0;
  s.schedule(ms(10), [&] { ++ran; });
  s.schedule(ms(20), [&] { ++ran; });
  s.run_until(Time::zero() + ms(10));
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(s.now(), Time::zero() + ms(10));
  s.run_until(Time::zero() + ms(15));
  EXPECT_EQ(ran, 1);
  EXPECT_EQ(s.now(), Time::zero() + ms(15));  // advanced with no event
  EXPECT_EQ(s.events_pending(), 1u);
  s.run();
  EXPECT_EQ(ran, 2);
}

TEST(Simulator, StopEndsTheRunAfterTheCurrentEvent) {
  Simulator s;
  int ran = 0;
  s.schedule(ms(1), [&] { ++ran; });
  s.schedule(ms(2), [&] {
    ++ran;
    s.stop();
  });
  s.schedule(ms(2), [&] { ++ran; });
  s.run_until(Time::zero() + sec(1));
  EXPECT_EQ(ran, 2);
  EXPECT_EQ(s.now(), Time::zero() + ms(2));  // stop leaves the clock at the stopping event
  s.run();                                   // resumes
  EXPECT_EQ(ran, 3);
}

TEST(Simulator, CancelFromAnEarlierEvent) {
  Simulator s;
  bool late_ran = false;
  const EventId late = s.schedule(ms(2), [&] { late_ran = true; });
  s.schedule(ms(1), [&] { EXPECT_TRUE(s.cancel(late)); });
  s.run();
  EXPECT_FALSE(late_ran);
  EXPECT_FALSE(s.cancel(late));
  EXPECT_FALSE(s.is_pending(late));
}

TEST(Simulator, AnEventCannotCancelItselfWhileRunning) {
  struct Context {
    Simulator s;
    EventId self;
    bool cancelled = true;
  } c;
  c.self = c.s.schedule(ms(1), [&c] { c.cancelled = c.s.cancel(c.self); });
  c.s.run();
  EXPECT_FALSE(c.cancelled);
}

TEST(SimulatorDeathTest, SchedulingInThePastIsACausalityViolation) {
  EXPECT_DEATH(
      {
        Simulator s;
        s.schedule(ms(5), [&s] { s.schedule_at(Time::zero() + ms(1), [] {}); });
        s.run();
      },
      "causality");
  EXPECT_DEATH(
      {
        Simulator s;
        s.schedule(-ms(1), [] {});
      },
      "causality");
}

}  // namespace
}  // namespace netsim::sim
