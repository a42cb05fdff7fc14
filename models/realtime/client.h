// A Socket.IO client (socket.io-client 4.8 on engine.io-client 6.6) on a simulated node: the
// Manager (one Engine.IO connection at a time, reconnection with backo2 backoff, the `timeout`
// on opening) and one Socket on a namespace (CONNECT, the send buffer while disconnected,
// volatile emits, events dispatched to the application's listeners, acks).
//
// Transport: WebSocket only (`transports: ["websocket"]`): TCP, the HTTP Upgrade (RFC 6455 §4.1),
// then the Engine.IO open packet as the first frame (EIO-SPEC "WebSocket-only session").
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/engineio/client_socket.h"
#include "models/http/parser.h"
#include "models/realtime/client_transport.h"
#include "models/realtime/event_log.h"
#include "models/realtime/listeners.h"
#include "models/realtime/server.h"
#include "models/realtime/timeline.h"
#include "models/realtime/ws_link.h"
#include "models/socketio/backoff.h"
#include "models/socketio/options.h"
#include "models/socketio/packet.h"
#include "models/socketio/yeast.h"
#include "models/tcp/byte_stream.h"
#include "sim/alarm.h"
#include "sim/random.h"
#include "sim/simulator.h"
#include "sim/spare.h"

namespace netsim::realtime {

struct ClientSpec {
  std::string name = "client";
  std::uint16_t port = 80;
  std::string host = "server";
  std::string server_name = "server";  // the server's name in reports (its ServerSpec::name)
  std::string path = "/socket.io/";
  std::string nsp = "/";
  // Fetch {path}socket.io.js over HTTP/1.1 before connecting (the page loading the library), on
  // its own keep-alive connection as a browser would.
  bool fetch_script = false;
  socketio::ClientOptions options;  // the reference defaults
  // A representative browser User-Agent (its length is what matters: bytes on the wire).
  std::string user_agent =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
      "Safari/537.36";
  // Application behaviour (the mitigations of PROTOCOLS §9.4, §12.3), not Socket.IO options:
  // handle each event id at most once (deduplication: exactly-once with retries), and send the
  // id of the last server event handled in the CONNECT's auth (`lastEventId`), for a server
  // that replays what came after it.
  bool dedup = false;
  bool send_last_event_id = false;
  // Wall-clock time of simulated time 0 (the `t` cache-buster reads Date.now()).
  std::int64_t epoch_unix_ms = socketio::kDefaultEpochUnixMs;
  // Browsers (Chromium's TCPClientSocket) and Node's ws client disable Nagle's algorithm.
  tcp::TcpConfig tcp = ServerSpec::no_delay();
};

class Client;

// socket.emit flags: `socket.volatile`, `socket.timeout(ms)`, and whether a callback (ack) is
// passed.
struct EmitOptions {
  bool is_volatile = false;
  bool ack = false;
  std::optional<sim::Duration> timeout;  // socket.timeout(ms); else the ackTimeout option
};

// What the client application does on connect and disconnect.
class ClientApp {
 public:
  virtual ~ClientApp() = default;
  virtual void on_connect(Client&, sim::Time) {}
  virtual void on_disconnect(Client&, std::string_view /*reason*/, sim::Time) {}
};

class Client final : public tcp::StreamListener, public ClientTransport::Owner {
 public:
  Client(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
         net::Ipv4Address server, sim::Rng rng, ClientSpec spec, ClientApp* app, EventLog* events,
         Timeline* timeline);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // io(url): the Manager opens the engine (autoConnect).
  void connect();
  // socket.disconnect(): "io client disconnect", no reconnection.
  void disconnect();
  // socket.emit(event, payload): sent now if connected, else buffered (sendBuffer) — or, if
  // volatile, dropped when the transport is not writable (socket.ts emit, PROTOCOLS §9.2).
  // With the `retries` option set (and not volatile), the event goes through the retry queue:
  // one packet in flight, resent until acknowledged (socket.ts `_addToQueue`/`_drainQueue`).
  // Returns the event's id in the log.
  std::uint64_t emit(const std::string& event, std::size_t payload_bytes, EmitOptions options = {});

  Listeners& listeners() { return listeners_; }
  const ClientSpec& spec() const { return spec_; }
  bool connected() const { return connected_; }
  bool recovered() const { return recovered_; }  // socket.recovered after the last connect
  const std::string& id() const { return id_; }  // Socket.IO id, empty while disconnected
  std::uint64_t reconnections() const { return reconnections_; }
  std::uint64_t unhandled_events() const { return unhandled_; }
  std::size_t send_buffer_size() const { return send_buffer_.size(); }
  // The delays the backoff drew, in order (for tests and reports).
  const std::vector<sim::Duration>& reconnect_delays() const { return reconnect_delays_; }

  // tcp::StreamListener (the page's script fetch)
  void on_stream_open(tcp::ByteStream& stream) override;
  void on_stream_data(tcp::ByteStream& stream, std::string_view bytes) override;
  void on_stream_closed(tcp::ByteStream& stream, tcp::TcpEvent::Kind why) override;

 private:
  enum class ManagerState : std::uint8_t { Closed, Opening, Open };

  void open(sim::Time now);
  void fetch_script(sim::Time now);
  // ClientTransport::Owner
  void on_transport_packet(engineio::Packet packet, sim::Time now) override;
  void on_transport_lost(bool error, sim::Time now) override;
  void on_transport_drain(sim::Time now) override;
  void on_transport_note(std::string_view what, std::string detail, sim::Time now) override;
  void retire_transport();
  void pump(sim::Time now);
  void on_engine_open(sim::Time now);
  void on_engine_close(const std::string& reason, sim::Time now);
  void on_open_failed(const std::string& why, sim::Time now);
  void on_message(const std::string& data, sim::Time now);
  void on_packet(const socketio::Packet& packet, socketio::EventPayload& e, sim::Time now);
  void on_connect_ack(const std::string& sid, const std::optional<std::string>& pid, sim::Time now);
  void on_event(const std::vector<std::string>& args, const std::string& event, bool buffered,
                std::optional<std::uint64_t> ack_id, sim::Time now);
  void on_ack(std::uint64_t ack_id, sim::Time now);
  // socket.ts `emit` for one packet (also the retry queue's sends).
  void emit_packet(std::uint64_t event_id, const std::string& event, std::size_t payload_bytes,
                   const EmitOptions& options, std::optional<std::size_t> queue_seq, sim::Time now);
  void ack_failed(std::uint64_t ack_id, const std::string& why, sim::Time now);
  void clear_acks(sim::Time now);
  void queue_settled(std::size_t queue_seq, bool ok, sim::Time now);
  void drain_queue(bool force, sim::Time now);
  void send_packet(const std::string& encoded, sim::Time now);
  void drop_transport();
  void reconnect(sim::Time now);
  void arm();
  void on_timer(sim::Time scheduled);

  sim::Simulator& simulator_;
  tcp::TcpLayer& tcp_;
  tcp::StreamDirectory& streams_;
  net::Ipv4Address server_;
  sim::Rng rng_;
  ClientSpec spec_;
  ClientApp* app_;
  EventLog* events_;
  std::uint32_t log_id_;         // spec_.name in the event log
  std::uint32_t server_log_id_;  // spec_.server_name in the event log
  Timeline* timeline_;
  Listeners listeners_;

  // Manager.
  ManagerState state_ = ManagerState::Closed;
  socketio::Backoff backoff_;
  bool skip_reconnect_ = false;
  bool reconnecting_ = false;
  std::optional<sim::Time> open_deadline_;  // `timeout` on the engine open
  std::optional<sim::Time> reconnect_at_;   // the backoff timer
  std::uint64_t reconnections_ = 0;
  std::vector<sim::Duration> reconnect_delays_;

  // The page's script fetch.
  tcp::ByteStream* script_stream_ = nullptr;
  http::ResponseParser script_http_;

  // Engine and its transport.
  std::unique_ptr<engineio::ClientSocket> engine_;
  std::unique_ptr<ClientTransport> transport_;
  std::unique_ptr<ClientTransport> retired_;  // the previous one, possibly still on the stack
  sim::Spare<std::vector<engineio::ClientSocketEvent>> spare_engine_events_;  // for pump()
  socketio::EventPayload decoded_;  // spare strings for on_message's decoding

  // Socket (one namespace).
  bool connected_ = false;
  bool recovered_ = false;
  std::string id_;
  std::optional<std::string> pid_;              // from the CONNECT ack, with recovery enabled
  std::optional<std::string> last_offset_;      // last argument of the last event dispatched
  std::optional<std::uint64_t> last_event_id_;  // application: last server event handled
  // Application: event ids handled (dedup). A set, not a bitmap over all the run's ids: ids are
  // global, so a bitmap per client would grow with every event of the run.
  std::set<std::uint64_t> seen_;
  struct Buffered {
    std::string encoded;
    std::optional<std::uint64_t> ack_id;
    std::uint64_t event_id;
  };
  std::vector<Buffered> send_buffer_;  // unbounded (socket.ts sendBuffer)
  struct PendingAck {
    std::uint64_t event_id;
    std::optional<sim::Time> deadline;  // timeout: the ack callback gets an error
    bool with_error;                    // error-first callback (a timeout was set)
    std::optional<std::size_t> queue_seq;
  };
  std::map<std::uint64_t, PendingAck> acks_;  // by ack id
  std::uint64_t next_ack_id_ = 0;             // socket.ts `ids`, from 0
  struct Queued {
    std::size_t seq;
    std::uint64_t event_id;
    std::string event;
    std::size_t payload_bytes;
    EmitOptions options;
    int try_count = 0;
    bool pending = false;
  };
  std::vector<Queued> queue_;  // socket.ts `_queue`: only the head is in flight
  std::size_t next_queue_seq_ = 0;
  // Events that arrived before the CONNECT ack (their raw arguments), dispatched on connect.
  struct Received {
    std::string event;
    std::vector<std::string> args;
    std::optional<std::uint64_t> ack_id;
  };
  std::vector<Received> receive_buffer_;
  std::uint64_t unhandled_ = 0;

  sim::Alarm alarm_;  // at the earliest of the deadlines above (arm())
};

}  // namespace netsim::realtime
