// The application's listeners as the simulator models them: each is registered at some time and
// perhaps removed later, and an event dispatched when no listener for its name is registered is
// dropped silently, exactly as Node's EventEmitter (and so Socket.IO) does (PROTOCOLS §12.1).
// `onAny` listeners (socket.io `onAny`, v3+) see every event but are not a buffer.
#pragma once

#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace netsim::realtime {

struct ListenerSpan {
  sim::Time from;                  // registered (socket.on)
  std::optional<sim::Time> until;  // removed (socket.off), if ever
  bool active(sim::Time now) const { return from <= now && (!until || now < *until); }
};

// Held in place, in registration order: a socket has a listener or a few, and a dispatch scans
// them within the socket's own lines (a map's nodes were a cache miss or two per event in a
// broadcast to many clients).
class Listeners {
 public:
  void add(const std::string& event, ListenerSpan span) { by_event_.push_back({event, span}); }
  void add_any(ListenerSpan span) { any_.push_back(span); }
  void clear() {
    by_event_.clear();
    any_.clear();
  }

  // How many listeners for `event` are registered at `now` (a listener registered twice, as in
  // the `connect`-handler anti-pattern, runs twice).
  int count(std::string_view event, sim::Time now) const {
    int n = 0;
    for (const Registered& r : by_event_) n += r.event == event && r.span.active(now) ? 1 : 0;
    return n;
  }
  int count_any(sim::Time now) const {
    int n = 0;
    for (const ListenerSpan& s : any_) n += s.active(now) ? 1 : 0;
    return n;
  }

 private:
  struct Registered {
    std::string event;
    ListenerSpan span;
  };
  boost::container::small_vector<Registered, 2> by_event_;
  boost::container::small_vector<ListenerSpan, 1> any_;
};

}  // namespace netsim::realtime
