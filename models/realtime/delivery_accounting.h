// Who missed which event, and why: every emitted event against every recipient it was meant
// for, with its fate. The intended recipients of a server's emit are the clients of that server
// on the emit's namespace present at the emit (their page open: started, and not yet gone with
// socket.disconnect()),
// narrowed to one client for an emit to a socket's own room, minus those excluded; a client's
// emit is meant for its server.
//
// A room broadcast is meant for the clients in one of its rooms: the rooms every socket of the
// server joins, and a client's own timed memberships (`joins`).
//
// A fate is decided from what the run recorded: the copies each connection was handed
// (written, kept in the client's send buffer, dropped as volatile) and the copies that arrived
// (with how many listeners ran, and whether they came as a recovery replay or an application
// replay). Missed: unhandled (arrived, no listener: dropped silently), lost in flight (written
// on a connection that died), not sent (the recipient was not connected: at-most-once), or
// dropped as volatile. Not missed but worth a look: duplicated (handled more than once: retries
// or a listener registered twice), recovered (connection state recovery replayed it), replayed
// (the application's at-least-once replay), late (sat in the client's send buffer).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/realtime/event_log.h"

namespace netsim::realtime {

enum class Fate : std::uint8_t {
  Handled,
  Unhandled,
  Duplicated,
  Recovered,
  Replayed,
  Late,
  LostInFlight,
  NotSent,
  VolatileDropped,
};
inline constexpr int kFates = 9;
std::string_view to_string(Fate fate);
// Unhandled, lost in flight, not sent, dropped as volatile.
bool is_missed(Fate fate);

// A span of simulated time, open-ended when `until` is unset.
struct Span {
  sim::Time from;
  std::optional<sim::Time> until;
  bool contains(sim::Time t) const { return from <= t && (!until || t < *until); }
};

// A client's presence: it is meant to receive its server's emits while present (its page open:
// from a connect to a socket.disconnect()), to the rooms it is in.
struct Participant {
  std::string name;
  std::string server;
  std::vector<Span> present;
  // Rooms the server puts this client's socket in for a while, besides those every socket joins.
  std::vector<std::pair<std::string, Span>> rooms;
  std::string nsp = "/";  // its namespace: a server emit is for the sockets of one
};

struct Delivery {
  std::uint64_t event = 0;  // EventLog id
  std::string recipient;    // client or server name
  Fate fate = Fate::Handled;
  int copies = 0;                        // copies that arrived
  int handled = 0;                       // listener runs, over all copies
  std::optional<sim::Time> received_at;  // first arrival
  std::optional<sim::Time> handled_at;   // first arrival that a listener ran for
};

// One row per (event, intended recipient), in event order, recipients in `clients` order.
// `server_rooms`: per server, the rooms every socket joins on connection.
std::vector<Delivery> account_deliveries(
    const EventLog& log, const std::vector<Participant>& clients,
    const std::map<std::string, std::vector<std::string>>& server_rooms = {});

// Fate counts (indexed by Fate).
struct FateCounts {
  std::uint64_t count[kFates] = {};
  std::uint64_t total() const;
  std::uint64_t missed() const;
  void add(Fate f) { ++count[static_cast<int>(f)]; }
};

}  // namespace netsim::realtime
