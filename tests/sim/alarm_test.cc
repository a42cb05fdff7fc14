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

}  // namespace
}  // namespace netsim::sim
