// A Socket.IO server (socket.io 4.8 on engine.io 6.6) on a simulated node: HTTP/1.1 on a TCP
// port, the client library served as a file, WebSocket upgrades (RFC 6455 §4.2), one Engine.IO
// session per handshake (engineio::ServerSocket, which owns the heartbeat), and the Socket.IO
// layer above it: namespaces joined with CONNECT (SIO-SPEC v5), sockets with ids and rooms,
// events dispatched to the application's listeners, broadcasts (socket.io-adapter `apply`).
//
// Transports: WebSocket-only sessions (client `transports: ["websocket"]`; EIO-SPEC "Handshake /
// WebSocket-only session": HTTP 101, then the open packet as the first frame, `upgrades: []`).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/engineio/ids.h"
#include "models/engineio/server_socket.h"
#include "models/http/parser.h"
#include "models/realtime/client_script.h"
#include "models/realtime/event_log.h"
#include "models/realtime/listeners.h"
#include "models/realtime/timeline.h"
#include "models/realtime/ws_link.h"
#include "models/socketio/options.h"
#include "models/socketio/recovery_store.h"
#include "models/tcp/byte_stream.h"
#include "sim/random.h"
#include "sim/simulator.h"
#include "sim/spare.h"

namespace netsim::realtime {

struct ServerSpec {
  std::string name = "server";
  std::uint16_t port = 80;
  std::string path = "/socket.io/";  // socket.io's default `path`
  socketio::ServerOptions options;   // the reference defaults
  // Application behaviour (the mitigations of PROTOCOLS §9.4): handle each client event id at
  // most once (a UNIQUE constraint), and keep every emitted event to replay, in the
  // `connection` handler, those after the `lastEventId` a reconnecting client sends.
  bool dedup = false;
  bool replay_missed = false;
  // Wall-clock time of simulated time 0, for recovery offsets (yeast reads Date.now()).
  std::int64_t epoch_unix_ms = socketio::kDefaultEpochUnixMs;
  // The client file GET {path}socket.io.js returns, in each coding it can be sent in.
  ClientScript client_script;
  // Node.js http.Server `keepAliveTimeout`: each response says `Keep-Alive: timeout=<s>`, and
  // an HTTP connection idle for this plus 1 s (Node's margin) after its last response is closed
  // by the server. Zero keeps idle connections open and drops the field, as in Node.js.
  sim::Duration keep_alive_timeout = sim::sec(5);
  // ws sets TCP_NODELAY on every WebSocket (websocket.js `setSocket`: socket.setNoDelay()), and
  // Node's HTTP server does too (`noDelay` defaults to true since Node 18).
  tcp::TcpConfig tcp = no_delay();

  static tcp::TcpConfig no_delay() {
    tcp::TcpConfig c;
    c.nagle = false;
    return c;
  }
};

class Server;
class ServerConnection;
class ServerSession;
enum class ServerSessionTransport : std::uint8_t { Polling, WebSocket };

// One Socket.IO socket on the server (socket.io lib/socket.ts).
struct ServerSocket {
  // First, in one cache line, what a broadcast reads of each recipient (Server::emit fetches it
  // ahead): the room index's key, the session to write to and the id for the event log.
  std::uint32_t index = 0;           // position among the server's sockets (the room index's key)
  std::uint32_t log_id = 0;          // `id` in the event log (EventLog::name_id)
  ServerSession* session = nullptr;  // the Engine.IO session it belongs to
  bool connected = true;
  bool recovered = false;  // socket.recovered
  std::string id;          // 20 characters, new on every connection unless recovered
  std::string pid;         // private id, with connection state recovery
  std::string nsp;         // namespace
  Listeners listeners;
  sim::Time connected_at;

  // Includes its own id (socket.ts `_onconnect` joins it).
  const std::set<std::string>& rooms() const { return rooms_; }

 private:
  friend class Server;  // join/leave change rooms_ and the server's room index together
  std::set<std::string> rooms_;
};

// What the server application does when sockets connect and disconnect.
class ServerApp {
 public:
  virtual ~ServerApp() = default;
  // namespace.ts `_doConnect`: the CONNECT ack has already been sent when this runs.
  virtual void on_connection(Server& server, ServerSocket& socket, sim::Time now) = 0;
  virtual void on_disconnect(Server&, ServerSocket&, std::string_view /*reason*/, sim::Time) {}
};

// Who a server emit goes to (socket.io BroadcastOperator: `to`, `except`, the sender excluded by
// `socket.broadcast`/`socket.to`).
struct Audience {
  std::string nsp = "/";
  std::vector<std::string> rooms;   // empty: every socket of the namespace
  std::vector<std::string> except;  // rooms whose sockets are left out
};

// What became of a client's attempt to recover its session (for reports and tests).
struct RecoveryAttempt {
  sim::Time at;
  std::string pid;
  bool recovered;
  socketio::RestoreFailure failure;  // None when recovered, or when there was no offset
  bool had_offset;
  std::size_t replayed;  // missed packets sent before the CONNECT ack
};

class Server final : public tcp::TcpAcceptor {
 public:
  Server(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams, sim::Rng rng,
         ServerSpec spec, ServerApp* app, EventLog* events, Timeline* timeline);
  ~Server() override;
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  tcp::TcpObserver* on_accept(tcp::TcpSocket& socket) override;

  // io.to(...).except(...).emit(event, payload): each matching socket gets the event once.
  // Returns how many sockets it was written to.
  // With `ack`, the packet carries an ack id (one per emit, namespace.ts `_ids++`): clients
  // that handle it acknowledge it, and recovery does not store it.
  std::size_t emit(const Audience& audience, const std::string& event, std::size_t payload_bytes,
                   bool is_volatile = false, bool ack = false);
  // socket.emit(event, payload) to one socket.
  bool emit_to(ServerSocket& socket, const std::string& event, std::size_t payload_bytes,
               bool is_volatile = false);
  // socket.join(room) / socket.leave(room).
  void join(ServerSocket& socket, const std::string& room);
  void leave(ServerSocket& socket, const std::string& room);
  // The server process stops: every connection is reset (nothing is said on the wire by the
  // crashed host; the TCP layer answers later segments with RSTs) and all state is lost.
  void crash();
  // The server process is killed while its host stays up: the kernel closes every connection
  // (a FIN: a WebSocket client sees "transport close", a polling one's held GET fails, a
  // "transport error"), all state is lost, and the port refuses connections (RST to SYNs)
  // until listen().
  void kill();
  void listen();

  const ServerSpec& spec() const { return spec_; }
  sim::Simulator& simulator() { return simulator_; }
  std::size_t connected_sockets() const;
  std::uint64_t unhandled_events() const { return unhandled_; }
  std::uint64_t volatile_dropped() const { return volatile_dropped_; }
  const std::vector<RecoveryAttempt>& recovery_attempts() const { return recovery_attempts_; }
  const socketio::RecoveryStore* recovery() const { return recovery_ ? &*recovery_ : nullptr; }

 private:
  friend class ServerConnection;
  friend class ServerSession;

  ServerSession& open_session(ServerSessionTransport transport, ServerConnection& connection,
                              sim::Time now);
  ServerSession* find_session(std::string_view sid);
  void forget_session(ServerSession& session);
  void on_session_closed(ServerSession& session, const std::string& reason, sim::Time now);
  // namespace.ts `_add` / socket.ts constructor and `_onconnect`.
  void on_connect(ServerSession& session, const std::string& nsp, std::string_view auth,
                  sim::Time now);
  void on_socket_closed(ServerSocket& socket, const std::string& reason, sim::Time now);
  void replay_after(ServerSocket& socket, std::uint64_t last_event_id, sim::Time now);
  void dispatch(ServerSocket& socket, const std::string& event, std::string_view payload,
                std::optional<std::uint64_t> ack_id, sim::Time now);
  std::string new_sid() { return engine_ids_.next(rng_); }
  std::string new_socket_id() { return socket_ids_.next(rng_); }

  sim::Simulator& simulator_;
  tcp::TcpLayer& tcp_;
  tcp::StreamDirectory& streams_;
  sim::Rng rng_;
  engineio::IdGenerator engine_ids_;  // engine.io's base64id counter
  engineio::IdGenerator socket_ids_;  // socket.io's own (socket ids)
  ServerSpec spec_;
  ServerApp* app_;
  EventLog* events_;
  std::uint32_t log_id_;  // spec_.name in the event log
  Timeline* timeline_;
  std::vector<std::unique_ptr<ServerConnection>> connections_;
  std::vector<std::unique_ptr<ServerSession>> sessions_;
  std::vector<std::unique_ptr<ServerSocket>> sockets_;  // every socket ever, for reports
  // Connected sockets by namespace, in connection order (socket.io's Map keeps insertion order).
  std::map<std::string, std::vector<ServerSocket*>> namespaces_;
  // Room → the indexes of the sockets in it, sorted (socket.io-adapter's `rooms` map): an emit
  // looks each of its rooms up once, then tests each socket without touching its own sets.
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> room_members_;
  sim::Spare<std::vector<ServerSocket*>> spare_targets_;  // emit's copy of a namespace's list
  std::optional<socketio::RecoveryStore> recovery_;       // SessionAwareAdapter, when enabled
  std::vector<RecoveryAttempt> recovery_attempts_;
  std::map<std::string, std::uint64_t> ack_ids_;  // per namespace, from 0
  struct Kept {  // an emitted event kept for the application's replay
    std::uint64_t id;
    Audience audience;
    std::string encoded;
  };
  std::vector<Kept> kept_;
  std::set<std::uint64_t> seen_;  // client event ids handled (dedup)
  std::uint64_t unhandled_ = 0;
  std::uint64_t volatile_dropped_ = 0;
  std::map<std::string, ServerSession*> by_sid_;  // open sessions
};

}  // namespace netsim::realtime
