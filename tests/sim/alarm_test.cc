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
  bool exactly = false;       // arm_exactly() (Manager, ServerSession) instead of arm()

  void set(std::optional<Time> d) {
    deadline = d;
    arm();
  }
  void arm() {
    if (exactly) {
      alarm.arm_exactly<&Owner::on_alarm>(simulator, deadline, this);
    } else {
      alarm.arm<&Owner::on_alarm>(simulator, deadline, this);
    }
  }
  void on_alarm(Time scheduled) {
    alarm.fired(scheduled);
    if (deadline && *deadline <= simulator.now()) {
      handled.push_back(simulator.now());
      deadline.reset();
    }
    arm();
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

TEST(Alarm, ExactlyMovesThePendingEventToALaterDeadline) {
  Owner o;
  o.exactly = true;
  o.set(at_ms(100));
  o.set(at_ms(300));  // the event at 100 ms is cancelled, not left to fire and re-arm
  EXPECT_EQ(o.simulator.events_pending(), 1u);
  o.simulator.run_until(at_ms(150));
  EXPECT_EQ(o.simulator.events_executed(), 0u);
  o.simulator.run();
  EXPECT_EQ(o.handled, std::vector<Time>{at_ms(300)});
  EXPECT_EQ(o.simulator.events_executed(), 1u);
}

TEST(Alarm, ExactlyMovesThePendingEventToAnEarlierDeadline) {
  Owner o;
  o.exactly = true;
  o.set(at_ms(100));
  o.set(at_ms(50));
  o.set(at_ms(50));  // unchanged: nothing to do
  EXPECT_EQ(o.simulator.events_pending(), 1u);
  o.simulator.run();
  EXPECT_EQ(o.handled, std::vector<Time>{at_ms(50)});
  EXPECT_EQ(o.simulator.events_executed(), 1u);
}

// A client's heartbeat timeout (Engine.IO: pingInterval + pingTimeout = 45 s after each ping,
// pings every 25 s): lazily, each 45 s deadline's event fires 20 s after the next ping moved it,
// once per cycle (at 45, 70, ..., 245 s, then 270 s: 10 events); exactly, only the timeout
// after the last ping fires.
TEST(Alarm, AHeartbeatTimeoutMovedAtEveryPingFiresOnceExactly) {
  for (const bool exactly : {false, true}) {
    Owner o;
    o.exactly = exactly;
    for (int ping = 0; ping < 10; ++ping) {
      o.simulator.run_until(at_ms(25'000LL * ping));
      o.set(at_ms(25'000LL * ping + 45'000));
    }
    o.simulator.run();
    EXPECT_EQ(o.handled, std::vector<Time>{at_ms(25'000LL * 9 + 45'000)});
    EXPECT_EQ(o.simulator.events_executed(), exactly ? 1u : 10u) << "exactly " << exactly;
  }
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
