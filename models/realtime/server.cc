#include "models/realtime/server.h"

#include <algorithm>

#include "models/engineio/json.h"
#include "models/socketio/packet.h"
#include "models/websocket/handshake.h"

namespace netsim::realtime {

namespace {

// The value of `key` in a request target's query string ("/socket.io/?EIO=4&transport=…").
std::optional<std::string_view> query_value(std::string_view target, std::string_view key) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) == key) {
      return eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    }
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return std::nullopt;
}

std::string_view target_path(std::string_view target) { return target.substr(0, target.find('?')); }

engineio::ServerConfig engine_config(const socketio::ServerOptions& o) {
  engineio::ServerConfig c;
  c.ping_interval = o.ping_interval;
  c.ping_timeout = o.ping_timeout;
  c.upgrade_timeout = o.upgrade_timeout;
  c.max_http_buffer_size = o.max_http_buffer_size;
  return c;
}

// socket.ts RECOVERABLE_DISCONNECT_REASONS (L39-46).
bool recoverable(std::string_view reason) {
  for (const std::string_view r : {"transport error", "transport close", "forced close",
                                   "ping timeout", "server shutting down", "forced server close"}) {
    if (reason == r) return true;
  }
  return false;
}

}  // namespace

// One TCP connection: HTTP requests until a WebSocket upgrade, then the WebSocket.
class ServerConnection final : public tcp::StreamListener {
 public:
  ServerConnection(Server& server, std::uint64_t generation)
      : server_(server), generation_(generation) {}

  void on_stream_data(tcp::ByteStream& stream, std::string_view bytes) override;
  void on_stream_peer_closed(tcp::ByteStream& stream) override;
  void on_stream_closed(tcp::ByteStream& stream, tcp::TcpEvent::Kind why) override;

  void write(const engineio::Packet& packet) {
    if (ws_) ws_->write(packet);
  }
  bool writable() const { return ws_ && ws_->writable(); }
  void close() {
    if (ws_) ws_->close();
  }
  void detach() {
    session_ = nullptr;
    if (stream_ != nullptr) stream_->set_listener(nullptr);
  }
  void set_stream(tcp::ByteStream* stream) { stream_ = stream; }

 private:
  void on_request(const http::Request& request, sim::Time now);
  void respond(int status, std::string_view content_type, std::string body, bool keep_alive);
  void on_ws_bytes(std::string_view bytes, sim::Time now);
  void ws_gone(sim::Time now, bool error);

  Server& server_;
  std::uint64_t generation_;
  tcp::ByteStream* stream_ = nullptr;
  http::RequestParser http_;
  std::unique_ptr<WsLink> ws_;
  ServerSession* session_ = nullptr;
  std::vector<engineio::Packet> packets_;  // reused
};

// One Engine.IO session and the Socket.IO client on it (socket.io lib/client.ts).
class ServerSession {
 public:
  ServerSession(Server& server, ServerConnection& transport, sim::Time now)
      : server_(server),
        transport_(&transport),
        engine_(now, server.new_sid(), {}, engine_config(server.spec_.options)),
        connect_deadline_(now + server.spec_.options.connect_timeout) {
    server_.timeline_->add(now, server_.spec_.name, "eio-open", engine_.sid());
    pump(now);
  }

  void on_packet(sim::Time now, const engineio::Packet& packet) {
    engine_.on_packet(now, packet);
    pump(now);
  }
  void on_transport_close(sim::Time now, bool error) {
    transport_ = nullptr;
    engine_.on_transport_close(now, error);
    pump(now);
  }
  void send(sim::Time now, const socketio::Packet& packet, bool is_volatile) {
    send_encoded(now, socketio::encode(packet), is_volatile);
  }
  void send_encoded(sim::Time now, const std::string& data, bool is_volatile) {
    // socket.io client.ts `writeToEngine`: a volatile packet is dropped unless the transport
    // is writable; nothing is written once the engine is not open (`_packet`).
    if (is_volatile && (transport_ == nullptr || !transport_->writable())) {
      ++server_.volatile_dropped_;
      return;
    }
    engine_.send(engineio::Packet{engineio::PacketType::Message, data});
    pump(now);
  }
  bool open() const { return engine_.ready_state() == engineio::ServerSocket::ReadyState::Open; }
  const std::string& sid() const { return engine_.sid(); }
  void kill() {
    dead_ = true;
    transport_ = nullptr;
    sockets_.clear();
  }
  std::map<std::string, ServerSocket*>& sockets() { return sockets_; }

 private:
  void pump(sim::Time now);
  void on_message(sim::Time now, const std::string& data);
  void on_timer(sim::Time scheduled);
  void arm();

  Server& server_;
  ServerConnection* transport_;
  engineio::ServerSocket engine_;
  std::optional<sim::Time> connect_deadline_;     // until the first namespace is joined
  std::map<std::string, ServerSocket*> sockets_;  // by namespace
  std::optional<sim::Time> armed_at_;
  bool dead_ = false;
  bool closed_ = false;
};

// --- Connection --------------------------------------------------------------------------------

void ServerConnection::on_stream_data(tcp::ByteStream& stream, std::string_view bytes) {
  stream_ = &stream;
  const sim::Time now = server_.simulator_.now();
  if (ws_) {
    on_ws_bytes(bytes, now);
    return;
  }
  http_.feed(bytes);
  while (std::optional<http::Request> request = http_.next()) {
    on_request(*request, now);
    if (ws_) {
      on_ws_bytes(http_.take_rest(), now);
      return;
    }
  }
  if (http_.failed()) {
    respond(400, "text/plain", std::string(http::to_string(http_.error())), false);
  }
}

void ServerConnection::on_request(const http::Request& request, sim::Time now) {
  const ServerSpec& spec = server_.spec_;
  const std::string_view path = target_path(request.target);
  if (request.method == "GET" && path == spec.path + "socket.io.js") {
    respond(200, "application/javascript", std::string(spec.client_script_bytes, 'j'), true);
    return;
  }
  if (path != spec.path) {
    respond(404, "text/plain", "Not Found", true);
    return;
  }
  // engine.io server.ts `verify`: EIO=4 and a known transport, else HTTP 400 with the
  // engine.io error body.
  const auto eio = query_value(request.target, "EIO");
  const auto transport = query_value(request.target, "transport");
  if (!eio || *eio != "4" || !transport || *transport != "websocket") {
    respond(400, "application/json", R"({"code":0,"message":"Transport unknown"})", false);
    return;
  }
  if (query_value(request.target, "sid")) {
    // An upgrade of a polling session; polling is not modelled yet: "Session ID unknown".
    respond(400, "application/json", R"({"code":1,"message":"Session ID unknown"})", false);
    return;
  }
  const websocket::UpgradeDecision decision = websocket::accept_upgrade(request);
  std::string out;
  http::append(decision.response, out);
  stream_->write(out);
  if (!decision.accepted()) {
    stream_->close();
    return;
  }
  ws_ = std::make_unique<WsLink>(*stream_, false, sim::Rng(0));
  server_.timeline_->add(now, spec.name, "ws-open", request.target);
  session_ = &server_.open_session(*this, now);
}

void ServerConnection::respond(int status, std::string_view content_type, std::string body,
                               bool keep_alive) {
  http::Response r;
  r.status = status;
  r.reason = std::string(http::reason_phrase(status));
  r.headers = {{"Content-Type", std::string(content_type)},
               {"Content-Length", std::to_string(body.size())},
               {"Connection", keep_alive ? "keep-alive" : "close"}};
  r.body = std::move(body);
  std::string out;
  http::append(r, out);
  stream_->write(out);
  if (!keep_alive) stream_->close();
}

void ServerConnection::on_ws_bytes(std::string_view bytes, sim::Time now) {
  packets_.clear();
  const bool open = ws_->on_bytes(bytes, packets_);
  for (const engineio::Packet& p : packets_) {
    if (session_ == nullptr) break;
    session_->on_packet(now, p);
  }
  if (!open) ws_gone(now, false);
}

void ServerConnection::on_stream_peer_closed(tcp::ByteStream& stream) {
  stream_ = &stream;
  // The client will send nothing more: an orderly WebSocket close has ended, or the client
  // went away without one (RFC 6455 §7.1.5: then the close is abnormal, 1006).
  stream.close();
  ws_gone(server_.simulator_.now(), false);
}

void ServerConnection::on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind why) {
  ws_gone(server_.simulator_.now(), why != tcp::TcpEvent::Kind::Closed);
}

void ServerConnection::ws_gone(sim::Time now, bool error) {
  if (ws_) ws_->on_transport_closed();
  if (ServerSession* s = session_) {
    session_ = nullptr;
    s->on_transport_close(now, error);
  }
}

// --- Session -----------------------------------------------------------------------------------

void ServerSession::pump(sim::Time now) {
  if (dead_) return;
  for (engineio::Packet& p : engine_.outbox()) {
    if (p.type == engineio::PacketType::Ping)
      server_.timeline_->add(now, server_.spec_.name, "ping", sid());
    if (transport_ != nullptr) transport_->write(p);
  }
  engine_.outbox().clear();
  std::vector<engineio::ServerSocketEvent> events;
  events.swap(engine_.events());
  for (const engineio::ServerSocketEvent& e : events) {
    if (e.kind == engineio::ServerSocketEvent::Kind::Message) {
      on_message(now, e.data);
    } else if (!closed_) {
      closed_ = true;
      server_.on_session_closed(*this, e.reason, now);
    }
  }
  if (!engine_.outbox().empty()) {
    pump(now);
    return;
  }
  if (engine_.transport_close_requested() && transport_ != nullptr) {
    ServerConnection* t = transport_;
    transport_ = nullptr;
    t->detach();
    t->close();
  }
  arm();
}

void ServerSession::on_message(sim::Time now, const std::string& data) {
  const std::optional<socketio::Packet> packet = socketio::decode(data);
  if (!packet) {
    // socket.io client.ts `ondecoded` error → `onclose("parse error")`.
    engine_.close(now);
    return;
  }
  switch (packet->type) {
    case socketio::PacketType::Connect:
      if (sockets_.count(packet->nsp) > 0) return;
      connect_deadline_.reset();
      server_.on_connect(*this, packet->nsp, packet->data, now);
      break;
    case socketio::PacketType::Event: {
      const auto it = sockets_.find(packet->nsp);
      if (it == sockets_.end()) return;
      const std::optional<socketio::EventPayload> event =
          socketio::parse_event_payload(packet->data);
      if (!event) return;
      server_.dispatch(*it->second, event->name,
                       event->args.empty() ? std::string_view() : event->args[0], packet->id, now);
      break;
    }
    case socketio::PacketType::Disconnect: {
      const auto it = sockets_.find(packet->nsp);
      if (it == sockets_.end()) return;
      ServerSocket& s = *it->second;
      sockets_.erase(it);
      server_.on_socket_closed(s, "client namespace disconnect", now);
      break;
    }
    case socketio::PacketType::Ack:
    case socketio::PacketType::ConnectError:
    case socketio::PacketType::BinaryEvent:
    case socketio::PacketType::BinaryAck:
      break;
  }
}

void ServerSession::arm() {
  std::optional<sim::Time> deadline = engine_.next_deadline();
  if (connect_deadline_ && (!deadline || *connect_deadline_ < *deadline))
    deadline = connect_deadline_;
  if (!deadline || dead_) return;
  if (armed_at_ && *armed_at_ <= *deadline) return;  // an earlier event re-arms
  sim::Simulator& sim = server_.simulator_;
  const sim::Time at = std::max(*deadline, sim.now());
  armed_at_ = at;
  sim.schedule_at(at, [this, at] { on_timer(at); });
}

void ServerSession::on_timer(sim::Time scheduled) {
  if (armed_at_ == scheduled) armed_at_.reset();
  if (dead_) return;
  const sim::Time now = server_.simulator_.now();
  if (connect_deadline_ && *connect_deadline_ <= now) {
    // client.ts: no namespace joined within connectTimeout → close the engine.
    connect_deadline_.reset();
    engine_.close(now);
  }
  engine_.on_timer(now);
  pump(now);
}

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
  ServerConnection& c =
      *connections_.emplace_back(std::make_unique<ServerConnection>(*this, generation_));
  tcp::ByteStream& stream = streams_.accept(socket, &c);
  c.set_stream(&stream);
  return &stream;
}

ServerSession& Server::open_session(ServerConnection& connection, sim::Time now) {
  return *sessions_.emplace_back(std::make_unique<ServerSession>(*this, connection, now));
}

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
      if (offset) restored = recovery_->restore(now, *pid, *offset, &why);
      recovery_attempts_.push_back({now, *pid, restored.has_value(), why, offset.has_value(),
                                    restored ? restored->missed.size() : 0});
      timeline_->add(now, spec_.name, restored ? "recovery" : "recovery-failed",
                     restored  ? std::to_string(restored->missed.size()) + " missed packets"
                     : !offset ? std::string("no offset")
                               : std::string(socketio::to_string(why)));
    }
  }
  auto created = std::make_unique<ServerSocket>();
  ServerSocket& s = *sockets_.emplace_back(std::move(created));
  s.nsp = nsp;
  s.connected_at = now;
  s.session = &session;
  if (restored) {
    // socket.ts constructor with a previous session: same id, pid and rooms; the missed
    // packets are written right away, before the CONNECT ack of `_onconnect`.
    s.id = restored->session.id;
    s.pid = restored->session.pid;
    s.rooms.insert(restored->session.rooms.begin(), restored->session.rooms.end());
    s.recovered = true;
    for (const socketio::StoredPacket* p : restored->missed)
      session.send_encoded(now, p->data, false);
  } else {
    s.id = new_socket_id();
    if (recovery_) s.pid = new_socket_id();
  }
  // socket.ts `_onconnect`: join the own room, send the CONNECT ack, then the `connection`
  // handler runs (namespace.ts `_doConnect`).
  s.rooms.insert(s.id);
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
}

void Server::on_socket_closed(ServerSocket& socket, const std::string& reason, sim::Time now) {
  // socket.ts `_onclose`: with recovery, a recoverable reason persists the session (with the
  // rooms it was in), then the socket leaves all rooms.
  socket.connected = false;
  auto& list = namespaces_[socket.nsp];
  list.erase(std::remove(list.begin(), list.end(), &socket), list.end());
  if (recovery_ && recoverable(reason)) {
    recovery_->persist(
        now, socketio::PersistedSession{
                 socket.id, socket.pid,
                 std::vector<std::string>(socket.rooms.begin(), socket.rooms.end()), now});
  }
  timeline_->add(now, spec_.name, "disconnect", socket.id + " " + reason);
  if (app_ != nullptr) app_->on_disconnect(*this, socket, reason, now);
}

std::size_t Server::emit(const Audience& audience, const std::string& event,
                         std::size_t payload_bytes, bool is_volatile, bool ack) {
  const auto it = namespaces_.find(audience.nsp);
  if (it == namespaces_.end()) return 0;
  const sim::Time now = simulator_.now();
  const std::uint64_t id = events_->emitted(now, spec_.name, event, payload_bytes);
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
  const auto in_any = [](const ServerSocket& s, const std::vector<std::string>& rooms) {
    return std::any_of(rooms.begin(), rooms.end(),
                       [&s](const std::string& r) { return s.rooms.count(r) > 0; });
  };
  std::size_t sent = 0;
  const std::vector<ServerSocket*> targets = it->second;  // a handler may change the list
  for (ServerSocket* s : targets) {
    if (!audience.rooms.empty() && !in_any(*s, audience.rooms)) continue;
    if (in_any(*s, audience.except)) continue;
    if (s->session == nullptr || !s->session->open()) continue;
    s->session->send_encoded(now, encoded, is_volatile);
    ++sent;
  }
  return sent;
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
  const int listeners = socket.listeners.count(event, now);
  const int any = socket.listeners.count_any(now);
  if (listeners == 0) ++unhandled_;
  if (known) events_->received({id, now, spec_.name, listeners, any});
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

void Server::crash() {
  ++generation_;
  for (auto& c : connections_) c->detach();
  for (auto& s : sessions_) s->kill();
  namespaces_.clear();
  if (recovery_) recovery_->clear();  // the in-memory adapter dies with the process
  timeline_->add(simulator_.now(), spec_.name, "crash");
}

}  // namespace netsim::realtime
