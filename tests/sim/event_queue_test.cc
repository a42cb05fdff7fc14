#include "sim/event_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/random.h"
#include "tools/bench/four_ary_heap.h"
#include "tools/bench/hold_delays.h"

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

// A timer armed by each of thousands of connections at one instant (a broadcast's
// retransmission timers) lands in one bucket of a rung, a list thousands of nodes long; most are
// cancelled before they are due. Order, cancellation and the events around that instant must
// come out as from a sorted reference.
TEST(EventQueue, ABurstIntoOneBucketKeepsItsOrder) {
  EventQueue q;
  std::vector<int> order;
  std::set<std::pair<std::int64_t, int>> reference;
  std::vector<EventId> ids;
  int n = 0;
  const auto push = [&](std::int64_t t) {
    const int i = n++;
    ids.push_back(
        q.push(Time::from_ns(t), EventCallback::from([&order, i] { order.push_back(i); })));
    reference.insert({t, i});
  };
  // A rung of buckets over [0, 10^9): the first pop builds it from the top.
  for (int i = 0; i < 100; ++i) push(i * 10'000'000LL);
  Time when;
  EventCallback cb;
  ASSERT_TRUE(q.pop_until(Time::zero(), when, cb));
  cb();
  reference.erase(reference.begin());
  // 5,000 at 500 ms, with events at neighbouring times in between (the bucket will hold several
  // times, so it is split when taken), then every third cancelled.
  constexpr std::int64_t kInstant = 500'000'000;
  for (int i = 0; i < 5'000; ++i) {
    push(kInstant);
    if (i % 250 == 0) push(kInstant - 1 - i / 250);
    if (i % 300 == 0) push(kInstant + 1 + i / 300);
  }
  for (std::size_t k = 100; k < ids.size(); k += 3) {
    ASSERT_TRUE(q.cancel(ids[k]));
  }
  for (std::size_t k = 100; k < ids.size(); k += 3) {
    reference.erase(std::find_if(reference.begin(), reference.end(),
                                 [k](const auto& e) { return e.second == static_cast<int>(k); }));
  }
  order.clear();
  ASSERT_EQ(drain(q), static_cast<int>(reference.size()));
  std::vector<int> expected;
  for (const auto& e : reference) expected.push_back(e.second);
  EXPECT_EQ(order, expected);
}

// A bucket of simultaneous timers becomes the bottom while the event before it still runs (the
// next bucket is taken one event early); that event and those after it keep scheduling events
// earlier than the timers, two each. They go in front, in order, and the timers follow in theirs.
struct ChainBeforeTimers {
  EventQueue q;
  std::vector<int> order;
  std::set<std::pair<std::int64_t, int>> reference;
  std::vector<std::pair<std::int64_t, bool>> events;  // time, whether it schedules two more

  void push(std::int64_t t, bool chain) {
    const int i = static_cast<int>(events.size());
    events.push_back({t, chain});
    q.push(Time::from_ns(t), EventCallback::from([this, i] { run(i); }));
    reference.insert({t, i});
  }
  void run(int i) {
    order.push_back(i);
    const auto [t, chain] = events[static_cast<std::size_t>(i)];
    if (chain && t < 3'000) {
      push(t + 7, false);
      push(t + 10, true);  // behind the one just scheduled
    }
  }
};

TEST(EventQueue, EventsBeforeABottomOfSimultaneousTimersComeFirst) {
  ChainBeforeTimers w;
  for (int k = 0; k < 2'000; ++k) w.push(1'000'000, false);
  w.push(10, true);
  drain(w.q);
  std::vector<int> expected;
  for (const auto& e : w.reference) expected.push_back(e.second);
  EXPECT_EQ(w.order, expected);
  EXPECT_EQ(w.order.size(), 2'000u + 1u + 2u * 299u);
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

// Nodes are reused last freed first: the one an event ran in is the one the events it schedules
// take, then the one freed before it. node_address names them (a cache hint for their owners).
TEST(EventQueue, FreedNodesAreReusedLastFreedFirst) {
  EventQueue q;
  EXPECT_EQ(q.node_address(EventId{}), nullptr);
  const EventId a = q.push(Time::from_ns(1), EventCallback::from([] {}));
  const EventId b = q.push(Time::from_ns(2), EventCallback::from([] {}));
  const void* node_a = q.node_address(a);
  const void* node_b = q.node_address(b);
  ASSERT_NE(node_a, nullptr);
  ASSERT_NE(node_b, nullptr);
  EXPECT_NE(node_a, node_b);
  EXPECT_EQ(drain(q), 2);  // a's node freed, then b's
  const EventId c = q.push(Time::from_ns(3), EventCallback::from([] {}));
  const EventId d = q.push(Time::from_ns(4), EventCallback::from([] {}));
  EXPECT_EQ(q.node_address(c), node_b);
  EXPECT_EQ(q.node_address(d), node_a);
  const EventId e = q.push(Time::from_ns(5), EventCallback::from([] {}));  // a new node
  EXPECT_NE(q.node_address(e), nullptr);
  EXPECT_EQ(drain(q), 3);
}

// A callable that says when it is fetched ahead (its prefetch hook) and when it runs.
struct Traced {
  std::vector<std::string>* trace;
  int id;
  void operator()() const { trace->push_back("run " + std::to_string(id)); }
  void prefetch() const { trace->push_back("fetch " + std::to_string(id)); }
};

TEST(EventCallback, AFetchAheadRunsTheHookAndNeverTheEvent) {
  std::vector<std::string> trace;
  EventCallback traced = EventCallback::from(Traced{&trace, 7});
  traced.prefetch_target();
  traced();
  EXPECT_EQ(trace, (std::vector<std::string>{"fetch 7", "run 7"}));
  // Without a hook: the first captured word is fetched, nothing runs.
  int runs = 0;
  EventCallback plain = EventCallback::from([&runs] { ++runs; });
  plain.prefetch_target();
  EXPECT_EQ(runs, 0);
  plain();
  EXPECT_EQ(runs, 1);
}

TEST(EventQueue, TheNextEventIsFetchedWhileTheOneBeforeItRuns) {
  // Three events 1,000 s apart: a bucket each. Event 2 is cancelled: its hook never runs.
  std::vector<std::string> trace;
  EventQueue q;
  q.push(Time::from_ns(0), EventCallback::from(Traced{&trace, 0}));
  q.push(Time::from_ns(1'000'000'000'000), EventCallback::from(Traced{&trace, 1}));
  q.cancel(q.push(Time::from_ns(2'000'000'000'000), EventCallback::from(Traced{&trace, 2})));
  q.push(Time::from_ns(3'000'000'000'000), EventCallback::from(Traced{&trace, 3}));
  EXPECT_EQ(drain(q), 3);
  EXPECT_EQ(trace, (std::vector<std::string>{"fetch 1", "run 0", "run 1", "fetch 3", "run 3"}));
}

TEST(EventQueue, AnEventScheduledAfterTheNextWasFetchedStillRunsInOrder) {
  // While event 0 runs, event 1 (at 1,000 s) has been fetched; 0 schedules one at 500 s.
  std::vector<std::string> trace;
  EventQueue q;
  struct ScheduleEarlier {
    EventQueue* q;
    std::vector<std::string>* trace;
    void operator()() const {
      trace->push_back("run 0");
      q->push(Time::from_ns(500'000'000'000), EventCallback::from(Traced{trace, 4}));
    }
  };
  q.push(Time::from_ns(0), EventCallback::from(ScheduleEarlier{&q, &trace}));
  q.push(Time::from_ns(1'000'000'000'000), EventCallback::from(Traced{&trace, 1}));
  q.push(Time::from_ns(2'000'000'000'000), EventCallback::from(Traced{&trace, 2}));
  EXPECT_EQ(drain(q), 4);
  EXPECT_EQ(trace, (std::vector<std::string>{"fetch 1", "run 0", "fetch 1", "run 4", "fetch 2",
                                             "run 1", "run 2"}));
}

TEST(EventQueue, PopUntilLeavesLaterEvents) {
  EventQueue q;
  q.push(Time::from_ns(10), EventCallback::from([] {}));
  q.push(Time::from_ns(20), EventCallback::from([] {}));
  q.push(Time::from_ns(21), EventCallback::from([] {}));
  EXPECT_EQ(drain(q, Time::from_ns(20)), 2);  // inclusive limit
  EXPECT_EQ(q.size(), 1u);
}

// Model-based test: long random mixes of pushes, cancels (of live, fired and never-issued
// handles) and partial drains, checked step by step against a plain reference: "the live event
// with the smallest (time, insertion number)". Delays mix scales from 0 (same time as now) to
// 10^12 ns so that every tier of the ladder is exercised: the sorted bottom, rungs of every
// depth (buckets over the split threshold, bottoms that outgrow it), and the far-future top.
class EventQueueModelTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(EventQueueModelTest, MatchesAReferenceOrdering) {
  Rng rng(GetParam());
  EventQueue q;
  std::set<std::pair<std::int64_t, int>> reference;  // live events: (time, insertion number)
  std::vector<std::pair<EventId, std::pair<std::int64_t, int>>> issued;
  int fired = -1;
  std::int64_t now = 0;
  int insertions = 0;

  auto delay = [&]() -> std::int64_t {
    switch (rng.below(6)) {
      case 0:
        return 0;
      case 1:
        return static_cast<std::int64_t>(rng.below(8));
      case 2:
        return static_cast<std::int64_t>(rng.below(1'000));
      case 3:
        return static_cast<std::int64_t>(rng.below(1'000'000));
      case 4:
        return static_cast<std::int64_t>(rng.below(1'000'000'000));
      default:
        return static_cast<std::int64_t>(rng.below(1'000'000'000'000));
    }
  };

  for (int step = 0; step < 60'000; ++step) {
    const std::uint64_t op = rng.below(20);
    if (op < 11) {
      // Sometimes a burst at one time, as fixed link delays produce.
      const int burst = rng.below(10) == 0 ? 1 + static_cast<int>(rng.below(200)) : 1;
      const std::int64_t t = now + delay();
      for (int b = 0; b < burst; ++b) {
        const int n = insertions++;
        const EventId id =
            q.push(Time::from_ns(t), EventCallback::from([&fired, n] { fired = n; }));
        reference.insert({t, n});
        issued.push_back({id, {t, n}});
      }
    } else if (op < 14 && !issued.empty()) {
      const auto& [id, key] = issued[rng.below(issued.size())];
      const bool live = reference.count(key) == 1;
      ASSERT_EQ(q.is_pending(id), live);
      ASSERT_EQ(q.cancel(id), live);
      reference.erase(key);
      ASSERT_FALSE(q.is_pending(id));
    } else {
      const std::int64_t limit = now + delay();
      Time when;
      EventCallback cb;
      for (;;) {
        const bool expected = !reference.empty() && reference.begin()->first <= limit;
        const bool got = q.pop_until(Time::from_ns(limit), when, cb);
        ASSERT_EQ(got, expected) << "step " << step;
        if (!got) break;
        cb();
        ASSERT_EQ(fired, reference.begin()->second) << "step " << step;
        ASSERT_EQ(when.ns(), reference.begin()->first);
        now = when.ns();
        reference.erase(reference.begin());
      }
      now = std::max(now, limit);
    }
    ASSERT_EQ(q.size(), reference.size());
  }
  // Drain: everything left comes out in order.
  Time when;
  EventCallback cb;
  while (q.pop_until(Time::max(), when, cb)) {
    cb();
    ASSERT_EQ(fired, reference.begin()->second);
    reference.erase(reference.begin());
  }
  EXPECT_TRUE(reference.empty());
  EXPECT_TRUE(q.empty());
}

INSTANTIATE_TEST_SUITE_P(Seeds, EventQueueModelTest, ::testing::Values(1, 2, 3, 2024));

// The ladder queue against an independent structure (a 4-ary heap) on the hold model, where each
// event schedules the next: 10^5 pending, 10^6 holds, exponential and constant delays. Same keys
// in, the same sequence out.
void expect_same_order_as_a_heap(const std::vector<std::int64_t>& delays) {
  constexpr std::size_t kPending = 100'000;
  constexpr std::size_t kHolds = 1'000'000;
  EventQueue q;
  bench::FourAryHeap heap;
  std::uint64_t ran = 0;
  std::size_t next = 0;
  std::uint64_t sequence = 0;
  const auto push = [&](std::int64_t t) {
    q.push(Time::from_ns(t), EventCallback::from([&ran, sequence] { ran = sequence; }));
    heap.push({static_cast<std::uint64_t>(t), sequence++});
  };
  for (std::size_t i = 0; i < kPending; ++i) push(delays[next++ % delays.size()]);
  Time when;
  EventCallback cb;
  for (std::size_t i = 0; i < kHolds; ++i) {
    ASSERT_TRUE(q.pop_until(Time::max(), when, cb));
    cb();
    const bench::EventKey expected = heap.top();
    heap.pop();
    ASSERT_EQ(ran, expected.order) << "hold " << i;
    ASSERT_EQ(static_cast<std::uint64_t>(when.ns()), expected.time);
    push(when.ns() + delays[next++ % delays.size()]);
  }
}

TEST(EventQueue, HoldModelOrderEqualsAHeapsWithExponentialDelays) {
  expect_same_order_as_a_heap(bench::hold_delays(1'000'000));
}

TEST(EventQueue, HoldModelOrderEqualsAHeapsWithOneConstantDelay) {
  expect_same_order_as_a_heap(std::vector<std::int64_t>(1, 1'000'000));
}

}  // namespace
}  // namespace netsim::sim
