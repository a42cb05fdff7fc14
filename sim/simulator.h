// The simulation engine: a clock and a pending-event set. One instance per run, passed by
// reference to every component (no global, no singleton), so runs can execute side by side on
// threads and a test can own its whole world.
#pragma once

#include <cstdint>

#include "sim/assert.h"
#include "sim/event_queue.h"
#include "sim/time.h"

namespace netsim::sim {

class Simulator {
 public:
  Simulator() = default;
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  Time now() const { return now_; }

  // Schedules `f` (a trivially copyable callable of ≤ 16 bytes) to run at now() + delay.
  // Negative delays are a model bug (causality) and stop the process.
  template <class F>
  EventId schedule(Duration delay, const F& f) {
    NETSIM_ASSERT(delay.ns() >= 0, "causality: event scheduled with a negative delay");
    return queue_.push(now_ + delay, EventCallback::from(f));
  }

  template <class F>
  EventId schedule_at(Time t, const F& f) {
    NETSIM_ASSERT(t >= now_, "causality: event scheduled before the current time");
    return queue_.push(t, EventCallback::from(f));
  }

  // Always safe: a null, fired or already cancelled id is ignored (returns false).
  bool cancel(EventId id) { return queue_.cancel(id); }
  bool is_pending(EventId id) const { return queue_.is_pending(id); }
  // Where a pending event is kept (EventQueue::node_address): a cache hint for its owner.
  const void* event_address(EventId id) const { return queue_.node_address(id); }

  // Runs events until none is left or stop() is called. now() is then the time of the last event.
  void run();
  // Runs every event at or before `end`, then advances now() to `end` (unless stop() was called,
  // which leaves now() at the stopping event). Events after `end` stay pending.
  void run_until(Time end);
  // Ends run()/run_until() after the current event returns.
  void stop() { stop_requested_ = true; }

  std::uint64_t events_executed() const { return executed_; }
  std::size_t events_pending() const { return queue_.size(); }

 private:
  void run_events(Time end);

  EventQueue queue_;
  Time now_ = Time::zero();
  std::uint64_t executed_ = 0;
  bool stop_requested_ = false;
};

}  // namespace netsim::sim
