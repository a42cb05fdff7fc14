#include "sim/alarm.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace netsim::sim {
namespace {

Time at_ms(std::int64_t ms) { return Time::from_ns(0) + sim::ms(ms); }

// An object with one moving deadline, timed the way TcpSocket, Client and ServerSession are.
struct Owner {
  Simulator simulator;
  Alarm alarm;
  std::optional<Time> deadline;
  std::vector<Time> handled;  // when the deadline was reached and handled

  void set(std::optional<Time> d) {
    deadline = d;
    alarm.arm<&Owner::on_alarm>(simulator, deadline, this);
  }
  void on_alarm(Time scheduled) {
    alarm.fired(scheduled);
    if (deadline && *deadline <= simulator.now()) {
      handled.push_back(simulator.now());
      deadline.reset();
    }
    alarm.arm<&Owner::on_alarm>(simulator, deadline, this);
  }
};

TEST(Alarm, FiresAtTheDeadline) {
  Owner o;
  o.set(at_ms(100));
  o.simulator.run();
  EXPECT_EQ(o.handled, std::vector<Time>{at_ms(100)});
}

TEST(Alarm, AnEarlierDeadlineSchedulesAnotherEvent) {
  Owner o;
  o.set(at_ms(100));
  o.set(at_ms(50));
  EXPECT_EQ(o.simulator.events_pending(), 2u);  // the one at 100 ms stays, and fires for nothing
  o.simulator.run();
  EXPECT_EQ(o.handled, std::vector<Time>{at_ms(50)});
  EXPECT_EQ(o.simulator.events_executed(), 2u);
}

TEST(Alarm, ALaterDeadlineIsReachedFromThePendingEvent) {
  Owner o;
  o.set(at_ms(100));
  o.set(at_ms(300));  // no second event: the one at 100 ms re-arms for 300 ms
  EXPECT_EQ(o.simulator.events_pending(), 1u);
  o.simulator.run_until(at_ms(150));
  EXPECT_TRUE(o.handled.empty());
  EXPECT_EQ(o.simulator.events_pending(), 1u);
  o.simulator.run();
  EXPECT_EQ(o.handled, std::vector<Time>{at_ms(300)});
}

TEST(Alarm, NoDeadlineCancelsThePendingEvent) {
  Owner o;
  o.set(at_ms(100));
  o.set(std::nullopt);
  EXPECT_EQ(o.simulator.events_pending(), 0u);
  o.simulator.run();
  EXPECT_TRUE(o.handled.empty());
  EXPECT_EQ(o.simulator.events_executed(), 0u);
  o.set(at_ms(200));  // and it can be armed again
  o.simulator.run();
  EXPECT_EQ(o.handled, std::vector<Time>{at_ms(200)});
}

// pending() is the event a later arm() or cancel() will read, for its owner to fetch ahead; none
// once it fired or was cancelled.
TEST(Alarm, PendingIsTheEventStillToFire) {
  Owner o;
  EXPECT_TRUE(o.alarm.pending().is_null());
  o.set(at_ms(100));
  EXPECT_TRUE(o.simulator.is_pending(o.alarm.pending()));
  EXPECT_NE(o.simulator.event_address(o.alarm.pending()), nullptr);
  o.set(at_ms(50));  // the earlier event is the one to watch
  const EventId earlier = o.alarm.pending();
  o.simulator.run_until(at_ms(60));
  EXPECT_FALSE(o.simulator.is_pending(earlier));
  EXPECT_TRUE(o.alarm.pending().is_null());  // fired; the one at 100 ms is left to fire for nothing
  o.set(at_ms(200));
  EXPECT_FALSE(o.alarm.pending().is_null());
  o.set(std::nullopt);
  EXPECT_TRUE(o.alarm.pending().is_null());
}

}  // namespace
}  // namespace netsim::sim
