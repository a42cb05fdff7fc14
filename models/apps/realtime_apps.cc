#include "models/apps/realtime_apps.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "sim/assert.h"

namespace netsim::apps {

ClientScript shifted(const ClientScript& script, sim::Duration by) {
  ClientScript out = script;
  out.start += by;
  for (ClientListenerScript& l : out.listeners) {
    l.at += by;
    if (l.remove_at) *l.remove_at += by;
  }
  for (ClientEmitScript& e : out.emits) {
    if (e.when.at) *e.when.at += by;
    e.when.start += by;
    e.when.stop += by;
  }
  if (out.disconnect_at) *out.disconnect_at += by;
  for (ConnectAgainScript& c : out.connect_again) {
    c.at += by;
    if (c.disconnect_at) *c.disconnect_at += by;
  }
  return out;
}

std::vector<PresenceSpan> ClientScript::presence() const {
  std::vector<PresenceSpan> out{{start, disconnect_at}};
  for (const ConnectAgainScript& c : connect_again) out.push_back({c.at, c.disconnect_at});
  return out;
}

// --- EmitTimer ---------------------------------------------------------------------------------

EmitTimer::EmitTimer(sim::Simulator& simulator, const EmitSchedule& schedule, sim::Rng gaps,
                     std::function<void()> emit)
    : simulator_(simulator), schedule_(schedule), gaps_(gaps), emit_(std::move(emit)) {
  NETSIM_ASSERT(schedule_.at || schedule_.interval > sim::Duration::zero(),
                "a periodic emit needs a positive interval");
}

void EmitTimer::start() {
  if (schedule_.at) {
    simulator_.schedule_at(*schedule_.at, [this] { emit_(); });
    return;
  }
  const sim::Time first =
      schedule_.arrival == Arrival::Fixed ? schedule_.start : schedule_.start + next_gap();
  if (first < schedule_.stop) simulator_.schedule_at(first, [this] { fire(); });
}

sim::Duration EmitTimer::next_gap() {
  if (schedule_.arrival == Arrival::Fixed) return schedule_.interval;
  return sim::ns(std::llround(gaps_.exponential(static_cast<double>(schedule_.interval.ns()))));
}

void EmitTimer::fire() {
  emit_();
  const sim::Time next = simulator_.now() + next_gap();
  if (next < schedule_.stop) simulator_.schedule_at(next, [this] { fire(); });
}

// --- ScriptedServer ----------------------------------------------------------------------------

ScriptedServer::ScriptedServer(sim::Simulator& simulator, ServerScript script,
                               std::vector<sim::Rng> gaps)
    : simulator_(simulator), script_(std::move(script)), gaps_(std::move(gaps)) {
  NETSIM_ASSERT(gaps_.size() == script_.emits.size(), "one random stream per emit schedule");
}

void ScriptedServer::start(realtime::Server& server) {
  server_ = &server;
  // Before the emit timers, so that a join and a broadcast at the same time run in that order.
  for (const RoomJoinScript& j : script_.joins) {
    simulator_.schedule_at(j.at, [this, &j] { update_rooms(j.client, simulator_.now()); });
    if (j.leave_at) {
      simulator_.schedule_at(*j.leave_at, [this, &j] { update_rooms(j.client, simulator_.now()); });
    }
  }
  for (std::size_t i = 0; i < script_.emits.size(); ++i) {
    const ServerEmitScript& e = script_.emits[i];
    auto& timer = timers_.emplace_back(
        std::make_unique<EmitTimer>(simulator_, e.when, gaps_[i], [&server, &e] {
          server.emit(e.audience, e.event, static_cast<std::size_t>(e.size.count()), e.is_volatile,
                      e.ack);
        }));
    timer->start();
  }
}

void ScriptedServer::on_connection(realtime::Server& server, realtime::ServerSocket& socket,
                                   sim::Time now) {
  // socket.ts `_onconnect` has sent the CONNECT ack already (namespace.ts `_doConnect`), so a
  // listener registered `after` an await misses what the client emits in the meantime.
  if (script_.rooms_after > sim::Duration::zero()) {
    // Sockets are never freed during a run (the server keeps them for its reports).
    struct Join {
      ScriptedServer* self;
      realtime::ServerSocket* socket;
      void operator()() const {
        if (!socket->connected) return;
        for (const std::string& room : self->script_.rooms) self->server_->join(*socket, room);
      }
    };
    simulator_.schedule_at(now + script_.rooms_after, Join{this, &socket});
  } else {
    for (const std::string& room : script_.rooms) server.join(socket, room);
  }
  by_id_[socket.id] = &socket;
  // A recovered socket keeps its id, so its client is known already; its restored rooms may
  // include one it has left meanwhile.
  if (const auto it = clients_.find(socket.id); it != clients_.end()) {
    by_client_[it->second].push_back(&socket);
    update_rooms(socket, it->second, now);
  }
  for (const ServerListenerScript& l : script_.listeners) {
    const realtime::ListenerSpan span{
        now + l.after,
        l.remove_after ? std::optional<sim::Time>(now + *l.remove_after) : std::nullopt};
    if (l.event.empty()) {
      socket.listeners.add_any(span);
    } else {
      socket.listeners.add(l.event, span);
    }
  }
}

void ScriptedServer::on_disconnect(realtime::Server&, realtime::ServerSocket& socket,
                                   std::string_view, sim::Time) {
  if (const auto it = by_id_.find(socket.id); it != by_id_.end() && it->second == &socket) {
    by_id_.erase(it);
  }
  if (const auto it = clients_.find(socket.id); it != clients_.end()) {
    std::vector<realtime::ServerSocket*>& list = by_client_[it->second];
    list.erase(std::remove(list.begin(), list.end(), &socket), list.end());
  }
}

void ScriptedServer::client_connected(const std::string& client, const std::string& socket_id,
                                      sim::Time now) {
  clients_[socket_id] = client;
  if (const auto it = by_id_.find(socket_id); it != by_id_.end()) {
    std::vector<realtime::ServerSocket*>& list = by_client_[client];
    if (std::find(list.begin(), list.end(), it->second) == list.end()) list.push_back(it->second);
  }
  update_rooms(client, now);
}

void ScriptedServer::update_rooms(const std::string& client, sim::Time now) {
  const auto it = by_client_.find(client);
  if (it == by_client_.end()) return;
  for (realtime::ServerSocket* s : it->second) {
    if (s->connected) update_rooms(*s, client, now);
  }
}

void ScriptedServer::update_rooms(realtime::ServerSocket& socket, const std::string& client,
                                  sim::Time now) {
  // The rooms the client's joins name: in each if one of its joins of it lasts at `now`
  // (socket.join), else out of it (socket.leave: the server has no call for it, a socket's rooms
  // are its own set). Joins of one client and room do not overlap (the readers check it).
  std::map<std::string, bool> rooms;
  for (const RoomJoinScript& j : script_.joins) {
    if (j.client != client) continue;
    rooms[j.room] |= j.at <= now && (!j.leave_at || now < *j.leave_at);
  }
  for (const auto& [room, in] : rooms) {
    if (in) {
      server_->join(socket, room);
    } else {
      server_->leave(socket, room);
    }
  }
}

// --- ScriptedClient ----------------------------------------------------------------------------

ScriptedClient::ScriptedClient(sim::Simulator& simulator, ClientScript script,
                               std::vector<sim::Rng> gaps)
    : simulator_(simulator), script_(std::move(script)), gaps_(std::move(gaps)) {
  NETSIM_ASSERT(gaps_.size() == script_.emits.size(), "one random stream per emit schedule");
}

void ScriptedClient::start(realtime::Client& client) {
  client_ = &client;
  simulator_.schedule_at(script_.start, [this] { open_page(); });
  for (std::size_t i = 0; i < script_.emits.size(); ++i) {
    const ClientEmitScript& e = script_.emits[i];
    realtime::Client* c = client_;
    auto& timer =
        timers_.emplace_back(std::make_unique<EmitTimer>(simulator_, e.when, gaps_[i], [c, &e] {
          c->emit(e.event, static_cast<std::size_t>(e.size.count()), e.options);
        }));
    timer->start();
  }
  if (script_.disconnect_at) {
    simulator_.schedule_at(*script_.disconnect_at, [this] { client_->disconnect(); });
  }
  // socket.connect() after socket.disconnect(): the Manager opens a new Engine.IO connection
  // (manager.ts `open`); the listeners are the page's, still registered.
  for (const ConnectAgainScript& c : script_.connect_again) {
    simulator_.schedule_at(c.at, [this] { client_->connect(); });
    if (c.disconnect_at) {
      simulator_.schedule_at(*c.disconnect_at, [this] { client_->disconnect(); });
    }
  }
}

void ScriptedClient::open_page() {
  // Listeners first, in the same tick as io() (PROTOCOLS §12.3: nothing can arrive before), each
  // active from its own time; then the Manager opens the connection.
  for (const ClientListenerScript& l : script_.listeners) {
    if (l.in_connect_handler) continue;
    const realtime::ListenerSpan span{l.at, l.remove_at};
    if (l.event.empty()) {
      client_->listeners().add_any(span);
    } else {
      client_->listeners().add(l.event, span);
    }
  }
  client_->connect();
}

void ScriptedClient::on_connect(realtime::Client& client, sim::Time now) {
  // socket.ts `onconnect` runs this after dispatching the receive buffer, so listeners added
  // here miss recovery replays, and each reconnect adds one more (they all run).
  for (const ClientListenerScript& l : script_.listeners) {
    if (!l.in_connect_handler) continue;
    const realtime::ListenerSpan span{now, std::nullopt};
    if (l.event.empty()) {
      client.listeners().add_any(span);
    } else {
      client.listeners().add(l.event, span);
    }
  }
  if (server_app_ != nullptr) server_app_->client_connected(client.spec().name, client.id(), now);
}

}  // namespace netsim::apps
