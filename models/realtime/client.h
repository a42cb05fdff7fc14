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
#include <string>
#include <vector>

#include "models/engineio/client_socket.h"
#include "models/http/parser.h"
#include "models/realtime/event_log.h"
#include "models/realtime/listeners.h"
#include "models/realtime/server.h"
#include "models/realtime/timeline.h"
#include "models/realtime/ws_link.h"
#include "models/socketio/backoff.h"
#include "models/tcp/byte_stream.h"
#include "sim/random.h"
#include "sim/simulator.h"

namespace netsim::realtime {

struct ClientSpec {
  std::string name = "client";
  std::uint16_t port = 80;
  std::string host = "server";
  std::string path = "/socket.io/";
  std::string nsp = "/";
  // Fetch {path}socket.io.js over HTTP/1.1 before connecting (the page loading the library), on
  // its own keep-alive connection as a browser would.
  bool fetch_script = false;
  // Manager options (socket.io-client manager.ts L172-181; PROTOCOLS §11.1).
  bool reconnection = true;
  std::optional<std::uint64_t> reconnection_attempts;  // unset: Infinity
  sim::Duration reconnection_delay = sim::ms(1000);
  sim::Duration reconnection_delay_max = sim::ms(5000);
  double randomization_factor = 0.5;
  sim::Duration timeout = sim::ms(20000);  // per engine open
  // Browsers (Chromium's TCPClientSocket) and Node's ws client disable Nagle's algorithm.
  tcp::TcpConfig tcp = ServerSpec::no_delay();
};

class Client;

// What the client application does on connect and disconnect.
class ClientApp {
 public:
  virtual ~ClientApp() = default;
  virtual void on_connect(Client&, sim::Time) {}
  virtual void on_disconnect(Client&, std::string_view /*reason*/, sim::Time) {}
};

class Client final : public tcp::StreamListener {
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
  void emit(const std::string& event, std::size_t payload_bytes, bool is_volatile = false);

  Listeners& listeners() { return listeners_; }
  const ClientSpec& spec() const { return spec_; }
  bool connected() const { return connected_; }
  const std::string& id() const { return id_; }  // Socket.IO id, empty while disconnected
  std::uint64_t reconnections() const { return reconnections_; }
  std::uint64_t unhandled_events() const { return unhandled_; }
  std::size_t send_buffer_size() const { return send_buffer_.size(); }
  // The delays the backoff drew, in order (for tests and reports).
  const std::vector<sim::Duration>& reconnect_delays() const { return reconnect_delays_; }

  // tcp::StreamListener
  void on_stream_open(tcp::ByteStream& stream) override;
  void on_stream_data(tcp::ByteStream& stream, std::string_view bytes) override;
  void on_stream_peer_closed(tcp::ByteStream& stream) override;
  void on_stream_closed(tcp::ByteStream& stream, tcp::TcpEvent::Kind why) override;

 private:
  enum class ManagerState : std::uint8_t { Closed, Opening, Open };

  void open(sim::Time now);
  void fetch_script(sim::Time now);
  void on_ws_bytes(std::string_view bytes, sim::Time now);
  void pump(sim::Time now);
  void on_engine_open(sim::Time now);
  void on_engine_close(const std::string& reason, sim::Time now);
  void on_open_failed(const std::string& why, sim::Time now);
  void on_message(const std::string& data, sim::Time now);
  void on_connect_ack(const std::string& sid, sim::Time now);
  void on_event(const std::string& event, std::string_view payload, sim::Time now);
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
  tcp::ByteStream* stream_ = nullptr;
  http::ResponseParser http_;
  http::Request ws_request_;  // the Upgrade request sent, to check the 101 against
  std::unique_ptr<WsLink> ws_;
  std::unique_ptr<engineio::ClientSocket> engine_;
  std::vector<engineio::Packet> packets_;  // reused

  // Socket (one namespace).
  bool connected_ = false;
  std::string id_;
  std::vector<std::string> send_buffer_;  // encoded packets, unbounded (socket.ts sendBuffer)
  // Events that arrived before the CONNECT ack (name, first argument), dispatched on connect.
  std::vector<std::pair<std::string, std::string>> receive_buffer_;
  std::uint64_t unhandled_ = 0;

  std::optional<sim::Time> armed_at_;
};

}  // namespace netsim::realtime
