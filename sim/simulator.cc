#include "sim/simulator.h"

namespace netsim::sim {

void Simulator::run() { run_events(Time::max()); }

void Simulator::run_until(Time end) {
  NETSIM_ASSERT(end >= now_, "run_until a time in the past");
  run_events(end);
  if (!stop_requested_) now_ = end;
}

void Simulator::run_events(Time end) {
  stop_requested_ = false;
  Time when;
  EventCallback callback;
  while (!stop_requested_ && queue_.pop_until(end, when, callback)) {
    NETSIM_ASSERT(when >= now_, "causality: an event is earlier than the current time");
    now_ = when;
    ++executed_;
    callback();
  }
}

}  // namespace netsim::sim
