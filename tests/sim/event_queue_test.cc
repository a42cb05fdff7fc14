#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/random.h"

namespace netsim::sim {
namespace {

// Pops everything due by `limit`, running each callback; returns how many ran.
int drain(EventQueue& q, Time limit = Time::max()) {
  Time when;
  EventCallback cb;
  int n = 0;
  while (q.pop_until(limit, when, cb)) {
    cb();
    ++n;
  }
  return n;
}

TEST(EventQueue, OrdersByTimeThenInsertion) {
  EventQueue q;
  std::vector<int> order;
  q.push(Time::from_ns(30), EventCallback::from([&order] { order.push_back(1); }));
  q.push(Time::from_ns(10), EventCallback::from([&order] { order.push_back(2); }));
  q.push(Time::from_ns(30), EventCallback::from([&order] { order.push_back(3); }));
  q.push(Time::from_ns(20), EventCallback::from([&order] { order.push_back(4); }));
  q.push(Time::from_ns(30), EventCallback::from([&order] { order.push_back(5); }));
  EXPECT_EQ(drain(q), 5);
  EXPECT_EQ(order, (std::vector<int>{2, 4, 1, 3, 5}));
}

// A heap is not stable; many equal timestamps (fixed link delays) must still come out FIFO, and
// at a size where the heap has several levels.
TEST(EventQueue, ManyEventsAtOneTimeRunInInsertionOrder) {
  EventQueue q;
  std::vector<int> order;
  constexpr int kCount = 100'000;
  for (int i = 0; i < kCount; ++i) {
    q.push(Time::from_ns(1'000), EventCallback::from([&order, i] { order.push_back(i); }));
  }
  ASSERT_EQ(drain(q), kCount);
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(order[i], i);
}

TEST(EventQueue, CancelledEventsDoNotRun) {
  EventQueue q;
  int ran = 0;
  const EventId a = q.push(Time::from_ns(5), EventCallback::from([&ran] { ran += 1; }));
  const EventId b = q.push(Time::from_ns(6), EventCallback::from([&ran] { ran += 10; }));
  EXPECT_TRUE(q.is_pending(a));
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.is_pending(a));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_EQ(drain(q), 1);
  EXPECT_EQ(ran, 10);
  EXPECT_FALSE(q.is_pending(b));
  EXPECT_TRUE(q.empty());
}

TEST(EventQueue, StaleHandlesAreAlwaysSafe) {
  EventQueue q;
  EXPECT_FALSE(q.cancel(EventId{}));  // null
  const EventId a = q.push(Time::from_ns(1), EventCallback::from([] {}));
  EXPECT_TRUE(q.cancel(a));
  EXPECT_FALSE(q.cancel(a));  // twice
  // The freed slot is reused by b; the stale id of a must not cancel b.
  const EventId b = q.push(Time::from_ns(2), EventCallback::from([] {}));
  EXPECT_FALSE(q.cancel(a));
  EXPECT_TRUE(q.is_pending(b));
  EXPECT_EQ(drain(q), 1);
  EXPECT_FALSE(q.cancel(b));  // already ran
  EXPECT_FALSE(q.cancel(a));
}

TEST(EventQueue, PopUntilLeavesLaterEvents) {
  EventQueue q;
  q.push(Time::from_ns(10), EventCallback::from([] {}));
  q.push(Time::from_ns(20), EventCallback::from([] {}));
  q.push(Time::from_ns(21), EventCallback::from([] {}));
  EXPECT_EQ(drain(q, Time::from_ns(20)), 2);  // inclusive limit
  EXPECT_EQ(q.size(), 1u);
}

// Model-based test: a long random mix of pushes (with heavy timestamp collisions), cancels of
// live, fired and never-issued handles, and partial drains, checked step by step against a
// plain reference: "the live event with the smallest (time, insertion number)".
TEST(EventQueue, MatchesAReferenceOrderingOverRandomOperations) {
  struct RefEvent {
    std::int64_t time;
    int insertion;
    EventId id;
    bool live;
  };
  Rng rng(2024);
  EventQueue q;
  std::vector<RefEvent> ref;
  std::vector<int> fired;  // insertion numbers, in the order the queue ran them
  std::int64_t now = 0;
  int insertions = 0;

  auto pop_reference = [&](std::int64_t limit) -> int {
    int best = -1;
    for (int i = 0; i < static_cast<int>(ref.size()); ++i) {
      if (!ref[i].live || ref[i].time > limit) continue;
      if (best < 0 || ref[i].time < ref[best].time ||
          (ref[i].time == ref[best].time && ref[i].insertion < ref[best].insertion)) {
        best = i;
      }
    }
    if (best >= 0) ref[best].live = false;
    return best;
  };

  for (int step = 0; step < 20'000; ++step) {
    const std::uint64_t op = rng.below(10);
    if (op < 5) {
      // Times from a small window so that collisions are frequent.
      const std::int64_t t = now + static_cast<std::int64_t>(rng.below(50));
      const int n = insertions++;
      const EventId id = q.push(Time::from_ns(t), EventCallback::from([&fired, n] { fired.push_back(n); }));
      ref.push_back({t, n, id, true});
    } else if (op < 7 && !ref.empty()) {
      RefEvent& victim = ref[rng.below(ref.size())];
      EXPECT_EQ(q.cancel(victim.id), victim.live);
      victim.live = false;
    } else {
      const std::int64_t limit = now + static_cast<std::int64_t>(rng.below(20));
      Time when;
      EventCallback cb;
      for (;;) {
        const int expected = pop_reference(limit);
        const bool got = q.pop_until(Time::from_ns(limit), when, cb);
        ASSERT_EQ(got, expected >= 0) << "step " << step;
        if (!got) break;
        cb();
        ASSERT_EQ(fired.back(), ref[expected].insertion) << "step " << step;
        ASSERT_EQ(when.ns(), ref[expected].time);
        now = when.ns();
      }
      now = std::max(now, limit);
    }
    const auto live = std::count_if(ref.begin(), ref.end(), [](const RefEvent& e) { return e.live; });
    ASSERT_EQ(q.size(), static_cast<std::size_t>(live));
  }
}

}  // namespace
}  // namespace netsim::sim
