// Scripted Socket.IO applications, as scenarios describe them: a server whose `connection`
// handler joins rooms and registers listeners (each perhaps only after an `await`), clients that
// register listeners at given times or inside their `connect` handler, and emit schedules on both
// sides. The scripts are plain data filled in by the scenario loader; these classes turn them into
// calls on realtime::Server and realtime::Client at the right simulated times. The listener
// patterns, good and bad, are PROTOCOLS.md §12 (socket.io docs: client-socket-instance.md,
// troubleshooting.md "Duplicate event registration" and "Delayed event handler registration").
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/apps/message_stream.h"
#include "models/realtime/client.h"
#include "models/realtime/server.h"
#include "sim/random.h"
#include "sim/simulator.h"
#include "sim/units.h"

namespace netsim::apps {

// When an application emits: once `at` a time; or from `start` on, every `interval` (fixed) or
// with exponential gaps of mean `interval` (Poisson, the first one gap after `start`), at times t
// with start ≤ t < stop. The same rules as a message stream's (message_stream.h).
struct EmitSchedule {
  std::optional<sim::Time> at;
  sim::Duration interval;
  Arrival arrival = Arrival::Fixed;
  sim::Time start;
  sim::Time stop;
};

// A listener the server's `connection` handler registers on each new socket:
// `io.on("connection", async (socket) => { await …(after); socket.on(event, …) })`.
struct ServerListenerScript {
  std::string event;                          // empty: socket.onAny(…)
  sim::Duration after;                        // from the connection to socket.on
  std::optional<sim::Duration> remove_after;  // socket.off, this long after the connection
};

// A listener of a client page's script.
struct ClientListenerScript {
  std::string event;  // empty: socket.onAny(…)
  // socket.on("connect", () => socket.on(event, …)): one more listener on every (re)connect,
  // the documented anti-pattern. Otherwise registered `at` and, perhaps, removed `remove_at`.
  bool in_connect_handler = false;
  sim::Time at;
  std::optional<sim::Time> remove_at;
};

// io.to(rooms).except(rooms).emit(event, payload) on a schedule.
struct ServerEmitScript {
  std::string event;
  sim::Bytes size;  // payload: the event's id padded to this many characters (event_log.h)
  EmitSchedule when;
  realtime::Audience audience;
  bool is_volatile = false;
  bool ack = false;
};

// socket.emit(event, payload) from a client on a schedule.
struct ClientEmitScript {
  std::string event;
  sim::Bytes size;
  EmitSchedule when;
  realtime::EmitOptions options;  // volatile, ack, timeout
};

struct ServerScript {
  std::vector<std::string> rooms;  // socket.join(room) for each, on connection
  std::vector<ServerListenerScript> listeners;
  std::vector<ServerEmitScript> emits;
};

struct ClientScript {
  sim::Time start;  // the page runs io(): listeners registered, then connect()
  std::vector<ClientListenerScript> listeners;
  std::vector<ClientEmitScript> emits;
  std::optional<sim::Time> disconnect_at;  // socket.disconnect(): no reconnection after it
};

// The same script `by` later (a member of a client group with staggered starts).
ClientScript shifted(const ClientScript& script, sim::Duration by);

// Calls `emit` at the times of one EmitSchedule. `gaps` is drawn from only for Poisson.
class EmitTimer {
 public:
  EmitTimer(sim::Simulator& simulator, const EmitSchedule& schedule, sim::Rng gaps,
            std::function<void()> emit);
  EmitTimer(const EmitTimer&) = delete;
  EmitTimer& operator=(const EmitTimer&) = delete;

  // Arms the first emit; call once, at or before the schedule's first time.
  void start();

 private:
  sim::Duration next_gap();
  void fire();

  sim::Simulator& simulator_;
  EmitSchedule schedule_;
  sim::Rng gaps_;
  std::function<void()> emit_;
};

class ScriptedServer final : public realtime::ServerApp {
 public:
  // One Rng per emit schedule (for Poisson gaps), in the script's order.
  ScriptedServer(sim::Simulator& simulator, ServerScript script, std::vector<sim::Rng> gaps);

  // Arms the emit schedules on `server` (the server this app was given to).
  void start(realtime::Server& server);

  void on_connection(realtime::Server& server, realtime::ServerSocket& socket,
                     sim::Time now) override;

 private:
  sim::Simulator& simulator_;
  ServerScript script_;
  std::vector<sim::Rng> gaps_;
  std::vector<std::unique_ptr<EmitTimer>> timers_;
};

class ScriptedClient final : public realtime::ClientApp {
 public:
  // One Rng per emit schedule (for Poisson gaps), in the script's order.
  ScriptedClient(sim::Simulator& simulator, ClientScript script, std::vector<sim::Rng> gaps);

  // Schedules the page on `client` (the client this app was given to): at `start` its listeners
  // are registered and it connects; emits and the disconnect come at their times.
  void start(realtime::Client& client);

  void on_connect(realtime::Client& client, sim::Time now) override;

 private:
  void open_page();

  sim::Simulator& simulator_;
  ClientScript script_;
  std::vector<sim::Rng> gaps_;
  realtime::Client* client_ = nullptr;
  std::vector<std::unique_ptr<EmitTimer>> timers_;
};

}  // namespace netsim::apps
