// What happened to each realtime connection, in order: TCP and WebSocket handshakes, the
// Engine.IO open, Socket.IO connects, heartbeats, closes with their reasons, reconnection
// attempts with their backoff delays, recoveries. A typed sink that the reports read from
// (timeline.csv), not logging.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/time.h"

namespace netsim::realtime {

struct TimelineEntry {
  sim::Time at;
  std::string who;     // "client-3", "server"
  std::string what;    // "ws-open", "eio-open", "connect", "ping-timeout", ...
  std::string detail;  // sid, reason, delay
};

class Timeline {
 public:
  void add(sim::Time at, std::string_view who, std::string_view what, std::string detail = {}) {
    if (!enabled_) return;
    entries_.push_back({at, std::string(who), std::string(what), std::move(detail)});
  }
  void set_enabled(bool on) { enabled_ = on; }
  const std::vector<TimelineEntry>& entries() const { return entries_; }

 private:
  std::vector<TimelineEntry> entries_;
  bool enabled_ = true;
};

}  // namespace netsim::realtime
