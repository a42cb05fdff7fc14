// The application's listeners as the simulator models them: each is registered at some time and
// perhaps removed later, and an event dispatched when no listener for its name is registered is
// dropped silently, exactly as Node's EventEmitter (and so Socket.IO) does (PROTOCOLS §12.1).
// `onAny` listeners (socket.io `onAny`, v3+) see every event but are not a buffer.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/time.h"

namespace netsim::realtime {

struct ListenerSpan {
  sim::Time from;                  // registered (socket.on)
  std::optional<sim::Time> until;  // removed (socket.off), if ever
  bool active(sim::Time now) const { return from <= now && (!until || now < *until); }
};

class Listeners {
 public:
  void add(const std::string& event, ListenerSpan span) { by_event_[event].push_back(span); }
  void add_any(ListenerSpan span) { any_.push_back(span); }
  void clear() {
    by_event_.clear();
    any_.clear();
  }

  // How many listeners for `event` are registered at `now` (a listener registered twice, as in
  // the `connect`-handler anti-pattern, runs twice).
  int count(const std::string& event, sim::Time now) const {
    const auto it = by_event_.find(event);
    if (it == by_event_.end()) return 0;
    int n = 0;
    for (const ListenerSpan& s : it->second) n += s.active(now) ? 1 : 0;
    return n;
  }
  int count_any(sim::Time now) const {
    int n = 0;
    for (const ListenerSpan& s : any_) n += s.active(now) ? 1 : 0;
    return n;
  }

 private:
  std::map<std::string, std::vector<ListenerSpan>> by_event_;
  std::vector<ListenerSpan> any_;
};

}  // namespace netsim::realtime
