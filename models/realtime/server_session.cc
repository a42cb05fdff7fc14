#include "models/realtime/server_session.h"

#include <algorithm>
#include <array>

#include "models/http/content_coding.h"
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

bool offers(const socketio::ServerOptions& o, socketio::Transport t) {
  return std::find(o.transports.begin(), o.transports.end(), t) != o.transports.end();
}

// engine.io server.ts Server.errorMessages, with their codes.
constexpr EngineError kTransportUnknown{R"({"code":0,"message":"Transport unknown"})",
                                        "Transport unknown"};
constexpr EngineError kSessionUnknown{R"({"code":1,"message":"Session ID unknown"})",
                                      "Session ID unknown"};
constexpr EngineError kBadHandshakeMethod{R"({"code":2,"message":"Bad handshake method"})",
                                          "Bad handshake method"};
constexpr EngineError kBadRequest{R"({"code":3,"message":"Bad request"})", "Bad request"};
constexpr EngineError kUnsupportedProtocol{R"({"code":5,"message":"Unsupported protocol version"})",
                                           "Unsupported protocol version"};

// socket.io index.ts `serve`: the client file's ETag is its version, quoted.
constexpr std::string_view kClientVersionTag = R"("4.8.3")";
// Node.js _http_server.js HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER.
constexpr sim::Duration kKeepAliveTimeoutBuffer = sim::sec(1);

}  // namespace

// --- ServerConnection ------------------------------------------------------------------------

void ServerConnection::on_stream_data(tcp::ByteStream&, std::string_view bytes) {
  const sim::Time now = server_.simulator_.now();
  if (body_refused_) {
    // More of the body of a POST answered 413: the socket's timeout, set when the 413 was
    // written, restarts with each byte (Node.js `socket.setTimeout` is an idle timeout).
    arm_idle_close();
  } else {
    // A request is coming: the keep-alive wait is over (Node.js clears the socket's timeout).
    idle_close_at_.reset();
  }
  if (ws_) {
    on_ws_bytes(bytes, now);
    return;
  }
  http_.feed(bytes);
  do {
    while (std::optional<http::Request> request = http_.next()) {
      if (body_refused_) {
        body_refused_ = false;  // the POST answered 413 has ended; its body was dropped
        continue;
      }
      idle_close_at_.reset();  // a request clears the wait (_http_server.js parserOnIncoming)
      on_request(*request, now);
      if (ws_) {
        on_ws_bytes(http_.take_rest(), now);
        return;
      }
      if (!keep_alive_) return;
    }
  } while (refuse_body_over_limit());
  if (http_.failed()) {
    // Node.js's http server answers a request it cannot parse with these exact bytes and
    // closes the connection (_http_server.js socketOnError: `badRequestResponse`).
    stream_.write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
    shut();
  }
}

ServerConnection::Route ServerConnection::route(const http::Request& request) const {
  const ServerSpec& spec = server_.spec_;
  const std::string_view path = target_path(request.target);
  if (request.method == "GET" && path == spec.path + "socket.io.js") {
    return {Route::Kind::ClientFile};
  }
  // Not Socket.IO's: the application's own handler.
  if (path != spec.path) return {Route::Kind::NotFound};
  // engine.io server.ts `verify`, in its order: a transport the server runs, then a known sid
  // on that transport, then (a handshake) GET and, in `handshake`, EIO=4.
  const auto transport = query_value(request.target, "transport");
  const bool polling = transport == "polling" && offers(spec.options, socketio::Transport::Polling);
  const bool websocket =
      transport == "websocket" && offers(spec.options, socketio::Transport::WebSocket);
  const bool upgrade = http::switches_protocol(request);
  const auto refused = [upgrade](const EngineError& error) {
    return Route{Route::Kind::Refused, &error, upgrade};
  };
  if (!polling && !websocket) return refused(kTransportUnknown);
  const std::string_view sid = query_value(request.target, "sid").value_or("");
  ServerSession* session = sid.empty() ? nullptr : server_.find_session(sid);
  if (!sid.empty()) {
    if (session == nullptr) return refused(kSessionUnknown);
    // "unexpected transport without upgrade": only the WebSocket probe may name another one;
    // "unexpected protocol version": every request of a v4 session says EIO=4
    // (computeProtocolRevision: anything else is v3).
    const bool same = (session->transport() == ServerSession::Transport::Polling) == polling;
    if ((!upgrade && !same) || query_value(request.target, "EIO") != "4") {
      return refused(kBadRequest);
    }
  } else {
    if (request.method != "GET") return refused(kBadHandshakeMethod);
    if (websocket && !upgrade) return refused(kBadRequest);  // TRANSPORT_HANDSHAKE_ERROR
    // `handshake`: over WebSocket only once ws has completed the upgrade (on_websocket).
    if (!websocket && query_value(request.target, "EIO") != "4") {
      return refused(kUnsupportedProtocol);
    }
  }
  return {polling ? Route::Kind::Polling : Route::Kind::WebSocket, nullptr, false, session};
}

void ServerConnection::on_request(const http::Request& request, sim::Time now) {
  const Route r = route(request);
  switch (r.kind) {
    case Route::Kind::ClientFile:
      serve_client_file(request);
      return;
    case Route::Kind::NotFound:
      respond(404, {{"Content-Type", "text/plain"}, {"Content-Length", "9"}}, "Not Found");
      return;
    case Route::Kind::Refused:
      refuse(*r.error, r.upgrade);
      return;
    case Route::Kind::Polling:
      on_polling(request, r.session, now);
      return;
    case Route::Kind::WebSocket:
      on_websocket(request, r.session, now);
      return;
  }
}

void ServerConnection::serve_client_file(const http::Request& request) {
  // socket.io index.ts `serve`, then `sendFile`: the client file streamed (no Content-Length:
  // chunked), compressed in the coding the request ranks first of br, gzip and deflate (RFC
  // 9110 §12.5.3, as negotiator reads Accept-Encoding), which `writeHead` names last.
  static constexpr std::array kOffered = {http::ContentCoding::Br, http::ContentCoding::Gzip,
                                          http::ContentCoding::Deflate};
  const http::ContentCoding coding =
      http::negotiate_coding(http::accept_encoding(request.headers), kOffered);
  std::vector<http::Header> fields = {{"Cache-Control", "public, max-age=0"},
                                      {"Content-Type", "application/javascript; charset=utf-8"},
                                      {"ETag", std::string(kClientVersionTag)}};
  if (coding != http::ContentCoding::Identity) {
    fields.push_back({"content-encoding", std::string(http::coding_name(coding))});
  }
  const ClientScript& script = server_.spec_.client_script;
  respond(200, std::move(fields), std::string(script.size(coding), 'j'), script.chunks(coding));
}

void ServerConnection::on_polling(const http::Request& request, ServerSession* session,
                                  sim::Time now) {
  if (session == nullptr) {
    server_.open_session(ServerSession::Transport::Polling, *this, now);
    return;
  }
  // Only a polling request carrying Upgrade fields gets here for a WebSocket session.
  if (session->transport() != ServerSession::Transport::Polling) {
    refuse(kBadRequest, false);
    return;
  }
  if (request.method == "GET") {
    session->on_poll(*this, now);
    return;
  }
  if (request.body.size() > max_body_bytes()) {
    respond_too_large();  // came whole in one delivery: the same answer, nothing handled
    return;
  }
  // polling.ts `onDataRequest`: the body's packets are handled, then `ok` is answered — also
  // when one does not decode: the packets before it count, and the session closes with
  // "parse error" (engine.io-parser decodePayload stops at an error packet; socket.ts onPacket).
  const engineio::PayloadDecoding decoded = engineio::decode_payload_until_error(request.body);
  session->on_post(decoded.packets, now);
  if (decoded.error) session->on_parse_error(now);
  respond_polling("text/html", "ok");
}

std::uint64_t ServerConnection::max_body_bytes() const {
  return static_cast<std::uint64_t>(server_.spec_.options.max_http_buffer_size);
}

void ServerConnection::respond_too_large() {
  // engine.io 6.6.12 polling.ts `onDataRequest` `onData`: `if (contentLength >
  // this.maxHttpBufferSize) { res.writeHead(413).end(); cleanup(); }` — the session stays open.
  respond(413, {}, "");
}

bool ServerConnection::refuse_body_over_limit() {
  // Only a POST of a polling session gets there (verify passed; a handshake must be a GET).
  // The route is taken when the limit is passed, not when the head came (a session that closed
  // in between gets no 413: the whole request then meets "Session ID unknown").
  const http::Request* head = http_.partial();
  if (head == nullptr || body_refused_ || head->method != "POST" ||
      http_.partial_body_bytes() <= max_body_bytes()) {
    return false;
  }
  const Route r = route(*head);
  if (r.kind != Route::Kind::Polling || r.session == nullptr ||
      r.session->transport() != ServerSession::Transport::Polling) {
    return false;
  }
  body_refused_ = true;
  respond_too_large();
  http_.discard_body();  // `cleanup()` stops reading it into a buffer; Node.js dumps the rest
  return true;
}

void ServerConnection::on_websocket(const http::Request& request, ServerSession* session,
                                    sim::Time now) {
  // A probe for a session already on WebSocket completes its handshake and is closed
  // (server.ts onWebSocket: "upgraded" → websocket.close()).
  const websocket::UpgradeDecision decision = websocket::accept_upgrade(request);
  std::string out;
  http::append(decision.response, out);
  stream_.write(out);
  if (!decision.accepted()) {
    shut();
    return;
  }
  if (session == nullptr && query_value(request.target, "EIO") != "4") {
    // server.ts `handshake` runs after ws's 101: its error goes, as raw HTTP, on the upgraded
    // connection (tests/data/http_golden.tsv: ws-protocol-unsupported).
    abort_upgrade(kUnsupportedProtocol.message);
    return;
  }
  // server.ts `init`: `new WebSocketServer({maxPayload: this.opts.maxHttpBufferSize, ...})`.
  ws_.emplace(stream_, false, sim::Rng(0), websocket::EndpointConfig{max_body_bytes()});
  server_.timeline_->add(now, server_.spec_.name, "ws-open", request.target);
  if (session == nullptr) {
    session_ = &server_.open_session(ServerSession::Transport::WebSocket, *this, now);
  } else if (session->on_probe(*this, now)) {
    session_ = session;
  } else {
    close_websocket();
  }
}

void ServerConnection::on_ws_bytes(std::string_view bytes, sim::Time now) {
  PacketList packets;
  const bool open = ws_->on_bytes(bytes, packets);
  for (const engineio::Packet& p : packets) {
    if (session_ == nullptr) break;
    if (session_->transport() == ServerSession::Transport::Polling) {
      session_->on_probe_packet(*this, p, now);
    } else {
      session_->on_packet(now, p);
    }
  }
  // ws: a protocol error (a frame over maxPayload among them) is an "error" event before the
  // close, which engine.io's transport reports as a transport error; a close frame is not.
  if (!open) gone(now, ws_->failed());
}

void ServerConnection::write(const engineio::Packet& packet) {
  if (ws_) ws_->write(packet);
}

void ServerConnection::close_websocket() {
  if (ws_) ws_->close();
}

void ServerConnection::respond(int status, std::vector<http::Header> fields, std::string_view body,
                               std::span<const std::size_t> chunks) {
  // Node.js _http_outgoing.js `_storeHeader`: the handler's fields, then Date, Connection and
  // Keep-Alive (keepAliveTimeout 5 s), then Transfer-Encoding: chunked without a length.
  const bool has_length = http::find_header(fields, "Content-Length") != nullptr;
  http::Response r;
  r.status = status;
  r.reason = std::string(http::reason_phrase(status));
  r.headers = std::move(fields);
  const std::int64_t unix_ms =
      server_.spec_.epoch_unix_ms + server_.simulator_.now().ns() / 1'000'000;
  r.headers.push_back({"Date", http::imf_fixdate(unix_ms / 1000)});
  r.headers.push_back({"Connection", "keep-alive"});
  // `Keep-Alive: timeout=<keepAliveTimeout in whole seconds>`, only when there is a timeout.
  const sim::Duration keep_alive = server_.spec_.keep_alive_timeout;
  if (keep_alive > sim::Duration::zero()) {
    r.headers.push_back(
        {"Keep-Alive", "timeout=" + std::to_string(keep_alive.ns() / 1'000'000'000)});
  }
  if (has_length) {
    r.body = body;
  } else {
    r.headers.push_back({"Transfer-Encoding", "chunked"});
    // `res.end(body)` writes the body in one piece; a streamed file comes in its stream's.
    const std::size_t whole[] = {body.size()};
    r.body = http::chunked_body(body, chunks.empty() ? std::span(whole) : chunks);
  }
  std::string out;
  http::append(r, out);
  stream_.write(out);
  poll_session_ = nullptr;
  arm_idle_close();
}

void ServerConnection::arm_idle_close() {
  // Node.js _http_server.js `resOnFinish`: once the response is written, the connection waits
  // for the next request keepAliveTimeout plus HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER (1 s more
  // than it advertises, "to reduce the likelihood of ECONNRESET errors"; 6 s by default, as
  // measured on Node.js 20.20), then is destroyed: FIN.
  const sim::Duration keep_alive = server_.spec_.keep_alive_timeout;
  if (keep_alive_ && keep_alive > sim::Duration::zero()) {
    idle_close_at_ = server_.simulator_.now() + keep_alive + kKeepAliveTimeoutBuffer;
    idle_alarm_.arm<&ServerConnection::on_idle_timer>(server_.simulator_, idle_close_at_, this);
  }
}

void ServerConnection::on_idle_timer(sim::Time scheduled) {
  idle_alarm_.fired(scheduled);
  const sim::Time now = server_.simulator_.now();
  if (!idle_close_at_) return;
  if (*idle_close_at_ > now) {
    idle_alarm_.arm<&ServerConnection::on_idle_timer>(server_.simulator_, idle_close_at_, this);
    return;
  }
  shut();
}

void ServerConnection::respond_polling(std::string_view content_type, std::string_view body) {
  respond(200,
          {{"Content-Type", std::string(content_type)},
           {"Content-Length", std::to_string(body.size())},
           {"cache-control", "no-store"}},
          body);
}

void ServerConnection::refuse(const EngineError& error, bool upgrade) {
  if (upgrade) {
    abort_upgrade(error.message);
  } else {
    // server.ts `abortRequest`: `writeHead(400, {"Content-Type": ...})` then `end(json)`.
    respond(400, {{"Content-Type", "application/json"}}, error.json);
  }
}

void ServerConnection::abort_upgrade(std::string_view message) {
  // server.ts `abortUpgrade`: these bytes written on the socket, which is then destroyed.
  std::string out = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-type: text/html\r\n";
  out += "Content-Length: " + std::to_string(message.size()) + "\r\n\r\n";
  out += message;
  stream_.write(out);
  shut();
}

void ServerConnection::shut() {
  keep_alive_ = false;
  idle_close_at_.reset();
  idle_alarm_.cancel(server_.simulator_);
  detach();
  stream_.set_listener(nullptr);
  stream_.close();
}

void ServerConnection::on_stream_peer_closed(tcp::ByteStream& stream) {
  // The client will send nothing more: an orderly WebSocket close has ended, or the client
  // went away without one (RFC 6455 §7.1.5: then the close is abnormal, 1006).
  stream.close();
  gone(server_.simulator_.now(), false);
}

void ServerConnection::on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind why) {
  gone(server_.simulator_.now(), why != tcp::TcpEvent::Kind::Closed);
}

void ServerConnection::gone(sim::Time now, bool error) {
  if (ws_) ws_->on_transport_closed();
  ServerSession* s = session_ != nullptr ? session_ : poll_session_;
  detach();
  if (s != nullptr) s->on_connection_lost(*this, error, now);
}

// --- ServerSession ---------------------------------------------------------------------------

ServerSession::ServerSession(Server& server, Transport transport, ServerConnection& connection,
                             sim::Time now)
    : server_(server),
      transport_(transport),
      // EIO-SPEC "Handshake": polling offers the upgrade to websocket (when allowed), a
      // WebSocket-only session offers none.
      engine_(now, server.new_sid(),
              transport == Transport::Polling && server.spec_.options.allow_upgrades &&
                      offers(server.spec_.options, socketio::Transport::WebSocket)
                  ? std::vector<std::string>{"websocket"}
                  : std::vector<std::string>{},
              engine_config(server.spec_.options)),
      connect_deadline_(now + server.spec_.options.connect_timeout) {
  server_.timeline_->add(
      now, server_.spec_.name, "eio-open",
      engine_.sid() + (transport == Transport::Polling ? " polling" : " websocket"));
  if (transport == Transport::Polling) {
    get_ = &connection;  // the handshake GET is answered with the open packet
    connection.set_poll_session(this);
  } else {
    ws_ = &connection;
  }
}

void ServerSession::on_packet(sim::Time now, const engineio::Packet& packet) {
  engine_.on_packet(now, packet);
  pump(now);
}

void ServerSession::on_poll(ServerConnection& connection, sim::Time now) {
  if (get_ != nullptr) {
    // polling.ts `onPollRequest`: a second GET is an error ("overlap from client").
    connection.respond(400, {}, "");  // `res.writeHead(400); res.end()`
    engine_.on_transport_close(now, true);
    pump(now);
    return;
  }
  get_ = &connection;
  connection.set_poll_session(this);
  flush(now);
}

void ServerSession::on_post(const std::vector<engineio::Packet>& packets, sim::Time now) {
  for (const engineio::Packet& p : packets) {
    engine_.on_packet(now, p);
    if (!open()) break;
  }
  pump(now);
}

void ServerSession::on_parse_error(sim::Time now) {
  engine_.on_parse_error(now);
  pump(now);
}

bool ServerSession::on_probe(ServerConnection& connection, sim::Time now) {
  // socket.ts `_maybeUpgrade`: one probe at a time; upgradeTimeout from now.
  if (transport_ != Transport::Polling || probe_ != nullptr || !open()) return false;
  probe_ = &connection;
  probe_confirmed_ = false;
  upgrade_deadline_ = now + server_.spec_.options.upgrade_timeout;
  arm();
  return true;
}

void ServerSession::on_probe_packet(ServerConnection& connection, const engineio::Packet& packet,
                                    sim::Time now) {
  if (&connection != probe_) return;
  if (packet.type == engineio::PacketType::Ping && packet.data == "probe") {
    // `_maybeUpgrade` onPacket: answer `3probe`, then check every 100 ms for a GET to release.
    connection.write(engineio::Packet{engineio::PacketType::Pong, "probe"});
    probe_confirmed_ = true;
    noop_at_ = now + sim::ms(100);
    server_.timeline_->add(now, server_.spec_.name, "upgrading", sid());
    arm();
  } else if (packet.type == engineio::PacketType::Upgrade && probe_confirmed_) {
    // `5`: the WebSocket becomes the transport; polling is discarded; the buffer is flushed.
    transport_ = Transport::WebSocket;
    ws_ = probe_;
    probe_ = nullptr;
    noop_at_.reset();
    upgrade_deadline_.reset();
    if (get_ != nullptr) {
      get_->respond_polling(
          "text/plain; charset=UTF-8",
          engineio::encode_payload(std::vector{engineio::Packet{engineio::PacketType::Noop, {}}}));
      get_ = nullptr;
    }
    server_.timeline_->add(now, server_.spec_.name, "upgrade", sid());
    pump(now);
  }
}

void ServerSession::on_connection_lost(ServerConnection& connection, bool error, sim::Time now) {
  if (&connection == probe_) {
    probe_ = nullptr;
    noop_at_.reset();
    upgrade_deadline_.reset();
    return;
  }
  if (&connection == ws_ || &connection == get_) {
    if (&connection == ws_) ws_ = nullptr;
    if (&connection == get_) get_ = nullptr;
    // A pending GET closed by the client is "poll connection closed prematurely".
    engine_.on_transport_close(now, error || transport_ == Transport::Polling);
    pump(now);
  }
}

void ServerSession::send(sim::Time now, const socketio::Packet& packet, bool is_volatile) {
  send_encoded(now, socketio::encode(packet), is_volatile);
}

bool ServerSession::send_encoded(sim::Time now, const std::string& data, bool is_volatile) {
  // socket.io client.ts `writeToEngine`: a volatile packet is dropped unless the transport
  // is writable; nothing is written once the engine is not open (`_packet`).
  if (is_volatile && !writable()) {
    ++server_.volatile_dropped_;
    return false;
  }
  engine_.send(engineio::Packet{engineio::PacketType::Message, data});
  pump(now);
  return true;
}

bool ServerSession::send_broadcast(sim::Time now, const std::string& data, std::string_view frame,
                                   bool is_volatile) {
  if (transport_ == Transport::WebSocket && ws_ != nullptr && open() && engine_.outbox().empty() &&
      (!is_volatile || writable())) {
    ws_->write_frame(frame);  // the bytes WsLink::write would produce for this packet
    return true;
  }
  return send_encoded(now, data, is_volatile);
}

void ServerSession::prefetch_write_path(int step) const {
  switch (step) {
    case 0:
      __builtin_prefetch(this);
      __builtin_prefetch(&engine_);
      break;
    case 1:
      if (ws_ != nullptr) ws_->prefetch();
      break;
    case 2:
      if (ws_ != nullptr) __builtin_prefetch(&ws_->stream());
      break;
    default:
      if (ws_ != nullptr) ws_->stream().prefetch_write();
      break;
  }
}

bool ServerSession::writable() const {
  // websocket.ts: not writable while a send is in progress; polling.ts: only while a GET is
  // pending.
  if (transport_ == Transport::WebSocket) return ws_ != nullptr && ws_->writable();
  return get_ != nullptr;
}

void ServerSession::kill() {
  dead_ = true;
  ws_ = get_ = probe_ = nullptr;
  sockets_.clear();
}

void ServerSession::flush(sim::Time now) {
  std::vector<engineio::Packet>& out = engine_.outbox();
  if (out.empty()) return;
  if (transport_ == Transport::WebSocket) {
    if (ws_ == nullptr) return;
    for (const engineio::Packet& p : out) {
      if (p.type == engineio::PacketType::Ping)
        server_.timeline_->add(now, server_.spec_.name, "ping", sid());
      ws_->write(p);
    }
    out.clear();
    return;
  }
  if (get_ == nullptr) return;
  for (const engineio::Packet& p : out) {
    if (p.type == engineio::PacketType::Ping)
      server_.timeline_->add(now, server_.spec_.name, "ping", sid());
  }
  ServerConnection* get = get_;
  get_ = nullptr;
  get->respond_polling("text/plain; charset=UTF-8", engineio::encode_payload(out));
  out.clear();
}

void ServerSession::pump(sim::Time now) {
  if (dead_) return;
  flush(now);
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
  flush(now);
  if (engine_.transport_close_requested()) close_transports();
  arm();
}

void ServerSession::close_transports() {
  // socket.ts `onClose` → transport.close(): a WebSocket starts its closing handshake; a
  // pending GET gets the close packet (polling.ts `doClose`); a probe is closed.
  if (ws_ != nullptr) {
    ServerConnection* c = ws_;
    ws_ = nullptr;
    c->detach();
    c->close_websocket();
  }
  if (get_ != nullptr) {
    ServerConnection* c = get_;
    get_ = nullptr;
    std::vector<engineio::Packet> last = engine_.outbox();
    last.push_back(engineio::Packet{engineio::PacketType::Close, {}});
    engine_.outbox().clear();
    c->respond_polling("text/plain; charset=UTF-8", engineio::encode_payload(last));
  }
  if (probe_ != nullptr) {
    ServerConnection* c = probe_;
    probe_ = nullptr;
    c->detach();
    c->close_websocket();
  }
  noop_at_.reset();
  upgrade_deadline_.reset();
  server_.forget_session(*this);
}

void ServerSession::on_message(sim::Time now, const std::string& data) {
  socketio::EventPayload event;
  const std::optional<socketio::Packet> packet =
      socketio::decode(data, socketio::kMaxAttachments, &event);
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
      server_.dispatch(*it->second, event.name,
                       event.args.empty() ? std::string_view() : event.args[0], packet->id, now);
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
  if (dead_) return;
  const std::optional<sim::Time> deadline =
      sim::earliest(sim::earliest(engine_.next_deadline(), connect_deadline_),
                    sim::earliest(noop_at_, upgrade_deadline_));
  alarm_.arm_exactly<&ServerSession::on_timer>(server_.simulator_, deadline, this);
}

void ServerSession::on_timer(sim::Time scheduled) {
  alarm_.fired(scheduled);
  if (dead_) return;
  const sim::Time now = server_.simulator_.now();
  if (connect_deadline_ && *connect_deadline_ <= now) {
    // client.ts: no namespace joined within connectTimeout → close the engine.
    connect_deadline_.reset();
    engine_.close(now);
  }
  if (noop_at_ && *noop_at_ <= now) {
    // `_maybeUpgrade` check(): release a pending GET with a noop, every 100 ms.
    noop_at_ = now + sim::ms(100);
    if (transport_ == Transport::Polling && get_ != nullptr) {
      ServerConnection* get = get_;
      get_ = nullptr;
      get->respond_polling(
          "text/plain; charset=UTF-8",
          engineio::encode_payload(std::vector{engineio::Packet{engineio::PacketType::Noop, {}}}));
    }
  }
  if (upgrade_deadline_ && *upgrade_deadline_ <= now) {
    // `_maybeUpgrade` timeout: the probe is closed; the session stays on polling.
    upgrade_deadline_.reset();
    noop_at_.reset();
    if (probe_ != nullptr) {
      ServerConnection* c = probe_;
      probe_ = nullptr;
      c->detach();
      c->close_websocket();
    }
    server_.timeline_->add(now, server_.spec_.name, "upgrade-timeout", sid());
  }
  engine_.on_timer(now);
  pump(now);
}

}  // namespace netsim::realtime
