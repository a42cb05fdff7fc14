// Scripted Socket.IO applications, as scenarios (and replayed traces) describe them: a server
// whose `connection` handler joins rooms and registers listeners (each perhaps only after an
// `await`) and which keeps some clients in rooms of their own for a while, clients that register
// listeners at given times or inside their `connect` handler and may disconnect and connect again,
// and emit schedules on both sides. The scripts are plain data filled in by the scenario loader;
// these classes turn them into calls on realtime::Server and realtime::Client at the right
// simulated times. The listener patterns, good and bad, are PROTOCOLS.md §12 (socket.io docs:
// client-socket-instance.md, troubleshooting.md "Duplicate event registration" and "Delayed event
// handler registration").
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
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

// One client's socket in a room from `at` until `leave_at`: the server application calls
// socket.join(room) on that client's socket at `at` if it is connected, and on each of its later
// connections while the membership lasts (an application that keeps rooms per user and restores
// them on every connection); socket.leave(room) at `leave_at`.
struct RoomJoinScript {
  std::string client;  // the client's name (a group member's: <group>-k)
  std::string room;
  sim::Time at;
  std::optional<sim::Time> leave_at;
};

struct ServerScript {
  std::vector<std::string> rooms;  // socket.join(room) for each, on connection
  // …this long after the connection (an `async` handler awaiting before socket.join): until
  // then the socket gets none of the rooms' broadcasts.
  sim::Duration rooms_after;
  std::vector<ServerListenerScript> listeners;
  std::vector<ServerEmitScript> emits;
  std::vector<RoomJoinScript> joins;  // per-client rooms
};

// socket.connect() again, after a socket.disconnect(); perhaps socket.disconnect() once more.
struct ConnectAgainScript {
  sim::Time at;
  std::optional<sim::Time> disconnect_at;
};

// A span of time during which a client's page means to be connected: from a connect to the
// next socket.disconnect(), if any.
struct PresenceSpan {
  sim::Time from;
  std::optional<sim::Time> until;
};

struct ClientScript {
  sim::Time start;  // the page runs io(): listeners registered, then connect()
  std::vector<ClientListenerScript> listeners;
  std::vector<ClientEmitScript> emits;
  std::optional<sim::Time> disconnect_at;  // socket.disconnect(): no reconnection after it
  // Later socket.connect() calls, in time order: the first at or after `disconnect_at`, each
  // other one at or after the disconnect before it (which all but the last have).
  std::vector<ConnectAgainScript> connect_again;

  // From `start` to `disconnect_at`, then each `connect_again` span, in order.
  std::vector<PresenceSpan> presence() const;
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

  // Arms the per-client rooms, then the emit schedules, on `server` (the server this app was
  // given to): a socket joining a room at t gets the broadcasts to it at t, one leaving at t
  // does not.
  void start(realtime::Server& server);
  const ServerScript& script() const { return script_; }

  void on_connection(realtime::Server& server, realtime::ServerSocket& socket,
                     sim::Time now) override;
  void on_disconnect(realtime::Server& server, realtime::ServerSocket& socket,
                     std::string_view reason, sim::Time now) override;

  // `client` holds the socket `socket_id` (its CONNECT ack has arrived). The model's CONNECT
  // carries no `auth`, so this is when the application learns whose socket it is, and puts it
  // in the client's rooms (`joins`).
  void client_connected(const std::string& client, const std::string& socket_id, sim::Time now);

 private:
  // Each of `client`'s connected sockets in exactly the rooms of its joins that last at `now`.
  void update_rooms(const std::string& client, sim::Time now);
  void update_rooms(realtime::ServerSocket& socket, const std::string& client, sim::Time now);

  sim::Simulator& simulator_;
  ServerScript script_;
  std::vector<sim::Rng> gaps_;
  std::vector<std::unique_ptr<EmitTimer>> timers_;
  realtime::Server* server_ = nullptr;
  // Connected sockets by id, and by client once known (in connection order). The server owns
  // them (and keeps every socket it ever had), so a pointer left here by a crash, which closes
  // no socket, is still valid. Maps, not a scan of every socket: thousands of clients
  // reconnecting would make each connect cost as much as all the others.
  std::map<std::string, realtime::ServerSocket*> by_id_;
  std::map<std::string, std::vector<realtime::ServerSocket*>> by_client_;
  std::map<std::string, std::string> clients_;  // socket id → client, once known
};

class ScriptedClient final : public realtime::ClientApp {
 public:
  // One Rng per emit schedule (for Poisson gaps), in the script's order.
  ScriptedClient(sim::Simulator& simulator, ClientScript script, std::vector<sim::Rng> gaps);

  // Schedules the page on `client` (the client this app was given to): at `start` its listeners
  // are registered and it connects; emits and the disconnect come at their times.
  void start(realtime::Client& client);

  void on_connect(realtime::Client& client, sim::Time now) override;

  // The application of the client's server, told of each connect (for its per-client rooms).
  void set_server_app(ScriptedServer* server) { server_app_ = server; }

  const ClientScript& script() const { return script_; }

 private:
  void open_page();

  sim::Simulator& simulator_;
  ClientScript script_;
  std::vector<sim::Rng> gaps_;
  realtime::Client* client_ = nullptr;
  ScriptedServer* server_app_ = nullptr;
  std::vector<std::unique_ptr<EmitTimer>> timers_;
};

}  // namespace netsim::apps
