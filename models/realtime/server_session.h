// The server's inside (private to server.cc and server_session.cc): one TCP connection serving
// HTTP requests or a WebSocket, and one Engine.IO session with its transports.
//
// Transports (engine.io 6.6 lib/transports/polling.ts, websocket.ts, socket.ts):
// - polling: the client keeps one GET pending; the server answers it with every buffered packet
//   (\x1e-joined) as soon as there is one; a POST carries client packets and is answered `ok`;
//   a second GET while one is pending is a protocol error that closes the session; a POST body
//   over maxHttpBufferSize is answered 413 as soon as it passes the limit (engine.io 6.6.12:
//   the session stays open);
// - websocket: one packet per frame; a message over maxHttpBufferSize (ws `maxPayload`) fails
//   the connection with 1009, a transport error;
// - upgrade (socket.ts `_maybeUpgrade`): a WebSocket opened with the session's sid is a probe;
//   on `2probe` the server answers `3probe` and then, every 100 ms, releases a pending GET with a
//   `6` noop; on `5` the WebSocket becomes the transport and the write buffer is flushed on it;
//   without `5` within upgradeTimeout the probe is closed.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/engineio/server_socket.h"
#include "models/http/parser.h"
#include "models/realtime/server.h"
#include "models/realtime/ws_link.h"
#include "models/socketio/packet.h"
#include "sim/alarm.h"

namespace netsim::realtime {

// An engine.io server error (server.ts Server.errors): the JSON a plain request gets
// (`abortRequest`) and the message an upgrade request gets (`abortUpgrade`).
struct EngineError {
  std::string_view json;
  std::string_view message;
};

// One TCP connection: HTTP/1.1 requests (keep-alive) until a WebSocket upgrade, then frames.
class ServerConnection final : public tcp::StreamListener {
 public:
  ServerConnection(Server& server, tcp::ByteStream& stream) : server_(server), stream_(stream) {}

  void on_stream_data(tcp::ByteStream& stream, std::string_view bytes) override;
  void on_stream_peer_closed(tcp::ByteStream& stream) override;
  void on_stream_closed(tcp::ByteStream& stream, tcp::TcpEvent::Kind why) override;

  // WebSocket.
  void write(const engineio::Packet& packet);
  void write_frame(std::string_view frame) {
    if (ws_) ws_->write_frame(frame);
  }
  bool writable() const { return ws_ && ws_->writable(); }
  const tcp::ByteStream& stream() const { return stream_; }
  // Its first line (the stream) and the WebSocket link's, for a broadcast coming soon.
  void prefetch() const {
    __builtin_prefetch(this);
    __builtin_prefetch(&ws_);
  }
  void close_websocket();
  // HTTP: answers the request this connection is waiting on, as Node.js's http server does
  // (tests/data/http_golden.tsv). After the handler's fields it adds Date (the simulated clock
  // from ServerSpec::epoch_unix_ms), `Connection: keep-alive` and `Keep-Alive: timeout=<s>`
  // (ServerSpec::keep_alive_timeout, none when it is zero); a body the handler gave no
  // Content-Length goes chunked: in chunks of the sizes given (the pieces a stream pushed), or
  // else in one chunk (`res.end(body)`). Then the connection waits keepAliveTimeout + 1 s for
  // another request.
  void respond(int status, std::vector<http::Header> fields, std::string_view body,
               std::span<const std::size_t> chunks = {});
  // engine.io polling.ts: a polling GET's or POST's answer (Content-Type, Content-Length, and
  // `cache-control: no-store` from `headers()`).
  void respond_polling(std::string_view content_type, std::string_view body);

  // Forgets its session (the session is closing or was upgraded away from this connection).
  void detach() {
    session_ = nullptr;
    poll_session_ = nullptr;
  }
  // The session whose polling GET this connection holds (null once answered).
  void set_poll_session(ServerSession* session) { poll_session_ = session; }
  void shut();  // closes the connection and stops reading

 private:
  // Where a request goes, decided from its head alone (engine.io server.ts `verify` and
  // `handleRequest`, after socket.io's own path for the client file).
  struct Route {
    enum class Kind : std::uint8_t { ClientFile, NotFound, Refused, Polling, WebSocket };
    Kind kind;
    const EngineError* error = nullptr;  // Refused
    bool upgrade = false;                // Refused: answered as `abortUpgrade`
    ServerSession* session = nullptr;    // Polling, WebSocket: the sid's; null for a handshake
  };
  Route route(const http::Request& request) const;
  void on_request(const http::Request& request, sim::Time now);
  void serve_client_file(const http::Request& request);
  // polling.ts `onDataRequest`: a POST body over maxHttpBufferSize is answered 413 as soon as
  // the bytes received pass it; the rest of the body is read and dropped. True if it answered.
  bool refuse_body_over_limit();
  void respond_too_large();
  // maxHttpBufferSize: the largest POST body, and WebSocket message (ws `maxPayload`).
  std::uint64_t max_body_bytes() const;
  // `session`: the one the request names (sid), or null for a handshake.
  void on_polling(const http::Request& request, ServerSession* session, sim::Time now);
  void on_websocket(const http::Request& request, ServerSession* session, sim::Time now);
  void on_ws_bytes(std::string_view bytes, sim::Time now);
  void gone(sim::Time now, bool error);
  void on_idle_timer(sim::Time scheduled);
  void arm_idle_close();
  // An engine.io error: a plain request gets its JSON (chunked: `abortRequest` calls writeHead
  // then end), an upgrade request its message as text/html, and the connection closes
  // (`abortUpgrade`).
  void refuse(const EngineError& error, bool upgrade);
  void abort_upgrade(std::string_view message);

  Server& server_;
  tcp::ByteStream& stream_;
  http::RequestParser http_;
  std::optional<WsLink> ws_;  // in place: the broadcast path reaches it without a pointer hop
  ServerSession* session_ = nullptr;       // the session whose WebSocket (or probe) this is
  ServerSession* poll_session_ = nullptr;  // the session whose GET this connection holds
  bool keep_alive_ = true;
  bool body_refused_ = false;               // the request still arriving was answered 413
  std::optional<sim::Time> idle_close_at_;  // keepAliveTimeout + 1 s after the last response
  sim::Alarm idle_alarm_;
};

// One Engine.IO session and the Socket.IO client on it (socket.io lib/client.ts).
class ServerSession {
 public:
  using Transport = ServerSessionTransport;

  ServerSession(Server& server, Transport transport, ServerConnection& connection, sim::Time now);

  // Sends the open packet.
  void start(sim::Time now) { pump(now); }

  // --- transports ---------------------------------------------------------------------------
  void on_packet(sim::Time now, const engineio::Packet& packet);
  // A polling GET: answered now if packets wait, else held (long-polling).
  void on_poll(ServerConnection& connection, sim::Time now);
  // A polling POST's packets.
  void on_post(const std::vector<engineio::Packet>& packets, sim::Time now);
  // A POST's body did not decode (socket.ts onPacket "error" → onClose("parse error")).
  void on_parse_error(sim::Time now);
  // A WebSocket for this sid opened (an upgrade probe); false if one is not acceptable now.
  bool on_probe(ServerConnection& connection, sim::Time now);
  void on_probe_packet(ServerConnection& connection, const engineio::Packet& packet, sim::Time now);
  // The connection carrying the transport (or the probe, or a pending GET) went away.
  void on_connection_lost(ServerConnection& connection, bool error, sim::Time now);

  // --- Socket.IO ----------------------------------------------------------------------------
  void send(sim::Time now, const socketio::Packet& packet, bool is_volatile);
  // False if dropped (volatile, and the transport not writable).
  bool send_encoded(sim::Time now, const std::string& data, bool is_volatile);
  // A broadcast: `data` is the Socket.IO packet, `frame` the WebSocket frame carrying it as
  // an Engine.IO message (written as is when nothing is queued before it).
  bool send_broadcast(sim::Time now, const std::string& data, std::string_view frame,
                      bool is_volatile);
  bool open() const { return engine_.ready_state() == engineio::ServerSocket::ReadyState::Open; }
  const std::string& sid() const { return engine_.sid(); }
  Transport transport() const { return transport_; }
  void kill();
  std::map<std::string, ServerSocket*>& sockets() { return sockets_; }
  // A broadcast warms its recipients' write paths a few recipients ahead, one link of the
  // chain per step (Server::emit): 0, this session; 1, its WebSocket connection; 2, that
  // connection's stream; 3, the stream's buffer and TCP socket. Step k reads only what step
  // k − 1 fetched.
  void prefetch_write_path(int step) const;

 private:
  void pump(sim::Time now);
  void flush(sim::Time now);
  void close_transports();
  void on_message(sim::Time now, const std::string& data);
  void on_timer(sim::Time scheduled);
  void arm();
  bool writable() const;

  Server& server_;
  Transport transport_;
  ServerConnection* ws_ = nullptr;     // WebSocket transport
  ServerConnection* get_ = nullptr;    // pending polling GET
  ServerConnection* probe_ = nullptr;  // upgrade probe
  bool probe_confirmed_ = false;       // `2probe` answered: noops run
  std::optional<sim::Time> noop_at_;   // next noop check while upgrading
  std::optional<sim::Time> upgrade_deadline_;
  engineio::ServerSocket engine_;
  std::optional<sim::Time> connect_deadline_;     // until the first namespace is joined
  std::map<std::string, ServerSocket*> sockets_;  // by namespace
  sim::Alarm alarm_;                              // at the earliest deadline (arm())
  bool dead_ = false;
  bool closed_ = false;
};

}  // namespace netsim::realtime
