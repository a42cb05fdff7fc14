#include "models/realtime/server.h"

#include <algorithm>

#include "models/engineio/json.h"
#include "models/realtime/server_session.h"
#include "models/socketio/packet.h"
#include "models/websocket/frame.h"

namespace netsim::realtime {

namespace {

// socket.ts RECOVERABLE_DISCONNECT_REASONS (L39-46).
bool recoverable(std::string_view reason) {
  for (const std::string_view r : {"transport error", "transport close", "forced close",
                                   "ping timeout", "server shutting down", "forced server close"}) {
    if (reason == r) return true;
  }
  return false;
}

}  // namespace

// --- Server ------------------------------------------------------------------------------------

Server::Server(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
               sim::Rng rng, ServerSpec spec, ServerApp* app, EventLog* events, Timeline* timeline)
    : simulator_(simulator),
      tcp_(tcp),
      streams_(streams),
      rng_(rng),
      spec_(std::move(spec)),
      app_(app),
      events_(events),
      log_id_(events->name_id(spec_.name)),
      timeline_(timeline) {
  const auto& csr = spec_.options.connection_state_recovery;
  if (csr.enabled) {
    recovery_.emplace(simulator_.now(), csr.max_disconnection_duration, csr.cleanup_interval,
                      spec_.epoch_unix_ms);
  }
  tcp_.listen(spec_.port, spec_.tcp, this);
}

Server::~Server() = default;

tcp::TcpObserver* Server::on_accept(tcp::TcpSocket& socket) {
  tcp::ByteStream& stream = streams_.accept(socket, nullptr);
  ServerConnection& c =
      *connections_.emplace_back(std::make_unique<ServerConnection>(*this, stream));
  stream.set_listener(&c);
  return &stream;
}

ServerSession& Server::open_session(ServerSession::Transport transport,
                                    ServerConnection& connection, sim::Time now) {
  ServerSession& s =
      *sessions_.emplace_back(std::make_unique<ServerSession>(*this, transport, connection, now));
  by_sid_[s.sid()] = &s;
  s.start(now);
  return s;
}

ServerSession* Server::find_session(std::string_view sid) {
  const auto it = by_sid_.find(std::string(sid));
  return it == by_sid_.end() ? nullptr : it->second;
}

void Server::forget_session(ServerSession& session) { by_sid_.erase(session.sid()); }

void Server::on_session_closed(ServerSession& session, const std::string& reason, sim::Time now) {
  timeline_->add(now, spec_.name, "eio-close", session.sid() + " " + reason);
  std::map<std::string, ServerSocket*> sockets;
  sockets.swap(session.sockets());
  for (auto& [nsp, socket] : sockets) on_socket_closed(*socket, reason, now);
}

void Server::on_connect(ServerSession& session, const std::string& nsp, std::string_view auth,
                        sim::Time now) {
  // namespace.ts `_createSocket`: with recovery enabled and both a pid and an offset in the
  // CONNECT's auth, try adapter.restoreSession(pid, offset) (namespace.ts L392 requires
  // `typeof offset === "string"`: a client that never received an event cannot recover).
  std::optional<socketio::RestoredSession> restored;
  if (recovery_) {
    const std::optional<std::string> pid = engineio::json::string_member(auth, "pid");
    const std::optional<std::string> offset = engineio::json::string_member(auth, "offset");
    if (pid) {
      socketio::RestoreFailure why = socketio::RestoreFailure::None;
      if (offset) restored = recovery_->restore(now, nsp, *pid, *offset, &why);
      recovery_attempts_.push_back({now, *pid, restored.has_value(), why, offset.has_value(),
                                    restored ? restored->missed.size() : 0});
      timeline_->add(now, spec_.name, restored ? "recovery" : "recovery-failed",
                     restored  ? std::to_string(restored->missed.size()) + " missed packets"
                     : !offset ? std::string("no offset")
                               : std::string(socketio::to_string(why)));
    }
  }
  auto created = std::make_unique<ServerSocket>();
  created->index = static_cast<std::uint32_t>(sockets_.size());
  ServerSocket& s = *sockets_.emplace_back(std::move(created));
  s.nsp = nsp;
  s.connected_at = now;
  s.session = &session;
  if (restored) {
    // socket.ts constructor with a previous session: same id, pid and rooms; the missed
    // packets are written right away, before the CONNECT ack of `_onconnect`.
    s.id = restored->session.id;
    s.pid = restored->session.pid;
    for (const std::string& room : restored->session.rooms) join(s, room);
    s.recovered = true;
    for (const socketio::StoredPacket* p : restored->missed)
      session.send_encoded(now, p->data, false);
  } else {
    s.id = new_socket_id();
    if (recovery_) s.pid = new_socket_id();
  }
  // socket.ts `_onconnect`: join the own room, send the CONNECT ack, then the `connection`
  // handler runs (namespace.ts `_doConnect`).
  join(s, s.id);
  s.log_id = events_->name_id(s.id);
  session.sockets()[nsp] = &s;
  namespaces_[nsp].push_back(&s);
  session.send(now,
               socketio::Packet{
                   socketio::PacketType::Connect, nsp, std::nullopt,
                   socketio::server_connect_payload(
                       s.id, recovery_ ? std::optional<std::string_view>(s.pid) : std::nullopt)},
               false);
  timeline_->add(now, spec_.name, "connect", s.id + (s.recovered ? " recovered" : ""));
  if (app_ != nullptr) app_->on_connection(*this, s, now);
  if (spec_.replay_missed) {
    // The documented at-least-once pattern (WEB delivery-guarantees.md): the connection
    // handler replays from storage what came after the client's last event id.
    if (const auto last = engineio::json::string_member(auth, "lastEventId")) {
      std::uint64_t id = 0;
      if (EventLog::parse_payload("\"" + *last + ":\"", id)) replay_after(s, id, now);
    }
  }
}

void Server::replay_after(ServerSocket& socket, std::uint64_t last_event_id, sim::Time now) {
  std::size_t replayed = 0;
  for (const Kept& k : kept_) {
    if (k.id <= last_event_id || k.audience.nsp != socket.nsp) continue;
    const auto in = [&socket](const std::vector<std::string>& rooms) {
      return std::any_of(rooms.begin(), rooms.end(),
                         [&socket](const std::string& r) { return socket.rooms_.count(r) > 0; });
    };
    if ((!k.audience.rooms.empty() && !in(k.audience.rooms)) || in(k.audience.except)) continue;
    socket.session->send_encoded(now, k.encoded, false);
    events_->transmitted({k.id, now, socket.log_id, Transmission::Kind::Replayed});
    ++replayed;
  }
  timeline_->add(now, spec_.name, "replay", socket.id + " " + std::to_string(replayed) + " events");
}

void Server::on_socket_closed(ServerSocket& socket, const std::string& reason, sim::Time now) {
  // socket.ts `_onclose`: with recovery, a recoverable reason persists the session (with the
  // rooms it was in), then the socket leaves all rooms.
  socket.connected = false;
  auto& list = namespaces_[socket.nsp];
  list.erase(std::remove(list.begin(), list.end(), &socket), list.end());
  if (recovery_ && recoverable(reason)) {
    recovery_->persist(
        now,
        socketio::PersistedSession{
            socket.id, socket.pid,
            std::vector<std::string>(socket.rooms_.begin(), socket.rooms_.end()), now, socket.nsp});
  }
  timeline_->add(now, spec_.name, "disconnect", socket.id + " " + reason);
  if (app_ != nullptr) app_->on_disconnect(*this, socket, reason, now);
}

std::size_t Server::emit(const Audience& audience, const std::string& event,
                         std::size_t payload_bytes, bool is_volatile, bool ack) {
  const sim::Time now = simulator_.now();
  const std::uint64_t id = events_->emitted(now, spec_.name, event, payload_bytes);
  events_->set_audience(id, audience.nsp, audience.rooms, audience.except);
  // socket.io-adapter `apply`: sockets in any of the rooms (or all), minus those in `except`;
  // each at most once. The packet is encoded once for all (`broadcast` → `encoder.encode`).
  const std::string array = socketio::event_payload(event, {EventLog::payload(id, payload_bytes)});
  // SessionAwareAdapter.broadcast: a non-volatile EVENT without ack is stored with an offset
  // appended to its data.
  const std::optional<std::uint64_t> ack_id =
      ack ? std::optional<std::uint64_t>(ack_ids_[audience.nsp]++) : std::nullopt;
  const std::string encoded =
      recovery_ && !is_volatile && !ack
          ? recovery_->store(now, audience.nsp, array, audience.rooms, audience.except, id).data
          : socketio::encode(
                socketio::Packet{socketio::PacketType::Event, audience.nsp, ack_id, array});
  // The members of each room named, looked up once (a room nobody is in has none). A room's
  // members are sorted by socket index, and so is a namespace's list as long as its sockets
  // joined in the order they were made (the common case): a cursor per room then walks along
  // with the recipients; a recipient behind its cursor is looked up by binary search.
  struct RoomCursor {
    const std::vector<std::uint32_t>* members;
    std::size_t at = 0;
    bool has(std::uint32_t index) {
      const std::vector<std::uint32_t>& m = *members;
      at = std::min(at, m.size());  // a handler may have made someone leave (see targets)
      if (at > 0 && m[at - 1] >= index) return std::binary_search(m.begin(), m.end(), index);
      while (at < m.size() && m[at] < index) ++at;
      return at < m.size() && m[at] == index;
    }
  };
  const auto members_of = [this](const std::vector<std::string>& rooms) {
    std::vector<RoomCursor> members;
    for (const std::string& r : rooms) {
      const auto it = room_members_.find(r);
      if (it != room_members_.end()) members.push_back({&it->second});
    }
    return members;
  };
  auto in_rooms = members_of(audience.rooms);
  auto in_except = members_of(audience.except);
  const auto in_any = [](const ServerSocket& s, std::vector<RoomCursor>& rooms) {
    return std::any_of(rooms.begin(), rooms.end(),
                       [&s](RoomCursor& room) { return room.has(s.index); });
  };
  if (spec_.replay_missed && !is_volatile && !ack) kept_.push_back({id, audience, encoded});
  // Stored (above) even when nobody is connected: the adapter's broadcast stores first.
  const auto it = namespaces_.find(audience.nsp);
  if (it == namespaces_.end()) return 0;
  std::size_t sent = 0;
  std::string frame;  // built on first use
  // A copy, since a handler may change the list; kept between broadcasts (a large block freed
  // each time would make malloc consolidate its free lists, visiting every recipient's freed
  // chunks).
  std::vector<ServerSocket*> targets = spare_targets_.borrow();
  targets.assign(it->second.begin(), it->second.end());
  // Software pipelining: a write walks socket → session → connection → stream → TCP socket,
  // each link a cache miss that cannot start before the one before it has arrived. While
  // recipient i is written, recipient i + kAhead·(4 − k) gets its k-th link fetched, so that
  // several chains are in flight at once (docs/architecture.md).
  constexpr std::size_t kAhead = 3;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (i + 5 * kAhead < targets.size()) {
      __builtin_prefetch(targets[i + 5 * kAhead]);  // index, log_id and session: one line
    }
    for (int step = 0; step < 4; ++step) {
      const std::size_t j = i + kAhead * static_cast<std::size_t>(4 - step);
      if (j < targets.size() && targets[j]->session != nullptr)
        targets[j]->session->prefetch_write_path(step);
    }
    ServerSocket* s = targets[i];
    if (!audience.rooms.empty() && !in_any(*s, in_rooms)) continue;
    if (in_any(*s, in_except)) continue;
    if (s->session == nullptr || !s->session->open()) continue;
    if (frame.empty()) {
      // RFC 6455 §5.2: one unmasked text frame holding the Engine.IO message `4<packet>`.
      websocket::Frame f;
      f.opcode = websocket::Opcode::Text;
      f.payload = engineio::encode_ws(engineio::Packet{engineio::PacketType::Message, encoded});
      websocket::append_frame(f, frame);
    }
    const bool written = s->session->send_broadcast(now, encoded, frame, is_volatile);
    events_->transmitted(
        {id, now, s->log_id,
         written ? Transmission::Kind::Written : Transmission::Kind::VolatileDropped});
    sent += written ? 1 : 0;
  }
  spare_targets_.give_back(std::move(targets));
  return sent;
}

void Server::join(ServerSocket& socket, const std::string& room) {
  if (!socket.rooms_.insert(room).second) return;
  std::vector<std::uint32_t>& members = room_members_[room];
  members.insert(std::lower_bound(members.begin(), members.end(), socket.index), socket.index);
}

void Server::leave(ServerSocket& socket, const std::string& room) {
  if (socket.rooms_.erase(room) == 0) return;
  // The index may not hold it: a crash forgot the index, not the old sockets' own sets.
  const auto it = room_members_.find(room);
  if (it == room_members_.end()) return;
  std::vector<std::uint32_t>& members = it->second;
  const auto at = std::lower_bound(members.begin(), members.end(), socket.index);
  if (at != members.end() && *at == socket.index) members.erase(at);
}

bool Server::emit_to(ServerSocket& socket, const std::string& event, std::size_t payload_bytes,
                     bool is_volatile) {
  Audience a;
  a.nsp = socket.nsp;
  a.rooms = {socket.id};
  return emit(a, event, payload_bytes, is_volatile) > 0;
}

void Server::dispatch(ServerSocket& socket, const std::string& event, std::string_view payload,
                      std::optional<std::uint64_t> ack_id, sim::Time now) {
  std::uint64_t id = 0;
  const bool known = EventLog::parse_payload(payload, id);
  int listeners = socket.listeners.count(event, now);
  const int any = socket.listeners.count_any(now);
  if (known && spec_.dedup) {
    // The application's UNIQUE constraint: an event id already handled is skipped.
    if (seen_.count(id) > 0) listeners = 0;
    if (listeners > 0) seen_.insert(id);
  }
  if (listeners == 0) ++unhandled_;
  if (known) events_->received(id, log_id_, now, listeners, any);
  // The application's listener acknowledges at once when the client asked for an ack.
  if (ack_id && listeners > 0) {
    if (socket.session != nullptr && socket.session->open()) {
      socket.session->send(
          now, socketio::Packet{socketio::PacketType::Ack, socket.nsp, ack_id, "[]"}, false);
    }
  }
}

std::size_t Server::connected_sockets() const {
  std::size_t n = 0;
  for (const auto& [nsp, list] : namespaces_) n += list.size();
  return n;
}

void Server::kill() {
  // Linux closes a dead process's sockets (tcp_close): what was written still goes, then a FIN;
  // a RST only when received bytes were left unread, which this server never leaves
  // (tests/data/kill_golden.tsv: a WebSocket client of a SIGKILLed server sees a close).
  for (auto& c : connections_) c->shut();
  crash();
  tcp_.unlisten(spec_.port);
  timeline_->add(simulator_.now(), spec_.name, "killed");
}

void Server::listen() {
  tcp_.listen(spec_.port, spec_.tcp, this);
  timeline_->add(simulator_.now(), spec_.name, "listening");
}

void Server::crash() {
  for (auto& c : connections_) c->detach();
  by_sid_.clear();
  for (auto& s : sessions_) s->kill();
  namespaces_.clear();
  room_members_.clear();              // the in-memory adapter dies with the process,
  if (recovery_) recovery_->clear();  // its rooms and its stored sessions
  timeline_->add(simulator_.now(), spec_.name, "crash");
}

}  // namespace netsim::realtime
