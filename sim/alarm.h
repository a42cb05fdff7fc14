// One pending simulator event at the earliest deadline of an object whose deadlines keep moving
// (a TCP connection's timers, an Engine.IO session's heartbeat, a Socket.IO client's reconnect
// and ack timeouts). The lazy pattern: a deadline moved later leaves the earlier event to fire
// and re-arm; a deadline moved earlier schedules another event; no deadline at all cancels the
// pending one (a cancelled event costs the queue a pop and never reaches its object).
//
//   alarm_.arm<&Owner::on_alarm>(simulator, next_deadline(), this);  // after every change
//   void Owner::on_alarm(sim::Time scheduled) { alarm_.fired(scheduled); ...; arm(); }
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>

#include "sim/prefetch.h"
#include "sim/simulator.h"

namespace netsim::sim {

class Alarm {
 public:
  template <auto Handler, typename Owner>
  void arm(Simulator& simulator, std::optional<Time> deadline, Owner* owner) {
    if (!deadline) {
      cancel(simulator);
      return;
    }
    if (armed_at_ && *armed_at_ <= *deadline) return;  // an earlier event will re-arm
    schedule<Handler>(simulator, *deadline, owner);
  }

  // As arm(), except that a deadline moved later reschedules: the pending event is cancelled
  // rather than left to fire early. For deadlines that move later by a long span at every
  // exchange, a heartbeat's (a pong moves the next ping 5 s past the pong deadline; each ping
  // moves the client's 45 s timeout 25 s later): there the early event would be a visit to a
  // cold object for nothing once per cycle, where a cancelled one only costs the queue a pop.
  template <auto Handler, typename Owner>
  void arm_exactly(Simulator& simulator, std::optional<Time> deadline, Owner* owner) {
    if (!deadline) {
      cancel(simulator);
      return;
    }
    if (armed_at_ == std::max(*deadline, simulator.now())) return;
    cancel(simulator);
    schedule<Handler>(simulator, *deadline, owner);
  }

  void cancel(Simulator& simulator) {
    if (!armed_at_) return;
    simulator.cancel(event_);
    armed_at_.reset();
  }

  // The pending event, or a null id: the next arm() or cancel() reads it (a cache hint).
  EventId pending() const { return armed_at_ ? event_ : EventId{}; }

  // First thing in the handler: the event scheduled for `scheduled` has run (it may be an older
  // one, left pending when an earlier deadline came).
  void fired(Time scheduled) {
    if (armed_at_ == scheduled) armed_at_.reset();
  }

 private:
  // The event: the owner's handler, told when it was scheduled for. Its owner (up to 1 KiB) is
  // fetched while the event before it runs: a burst of timers over many connections (delayed
  // ACKs a broadcast left behind) visits one cold object after another.
  template <auto Handler, typename Owner>
  struct Fire {
    Owner* owner;
    Time at;
    void operator()() const { (owner->*Handler)(at); }
    void prefetch() const { prefetch_lines(owner, std::min<std::size_t>(sizeof(Owner), 1024)); }
  };

  // An event at `deadline` (now, if that has passed), the one armed_at_ and event_ name.
  template <auto Handler, typename Owner>
  void schedule(Simulator& simulator, Time deadline, Owner* owner) {
    const Time at = std::max(deadline, simulator.now());
    armed_at_ = at;
    event_ = simulator.schedule_at(at, Fire<Handler, Owner>{owner, at});
  }

  std::optional<Time> armed_at_;  // time of the earliest pending event
  EventId event_;                 // that event
};

}  // namespace netsim::sim
