// One Engine.IO v4 session on the server, as a sans-IO state machine (EIO-SPEC; engine.io 6.6
// `lib/socket.ts`). It never reads a clock: every call takes `now`; packets for the client
// accumulate in outbox() (the adapter writes them on the current transport), events for the
// layer above in events(), and next_deadline() says when on_timer() must run.
//
// Heartbeat (EIO-SPEC "Heartbeat"; engine.io socket.ts `schedulePing`, `resetPingTimeout`, the
// "pong" case of `onPacket`): pingInterval after the open packet the server sends a ping and
// expects a pong within pingTimeout, else it closes with "ping timeout". The next ping goes
// pingInterval after the *pong arrives* (the interval timer is refreshed on pong), not after
// the previous ping. While a pong is awaited, the first other packet restarts pingTimeout from
// its arrival, once per ping (engine.io 6.6.11 and later; 6.6.9 and the spec do not say so).
// A ping from the client is the v3 direction and is an error ("invalid heartbeat direction" →
// "transport error").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/engineio/open_packet.h"
#include "models/engineio/packet.h"
#include "sim/time.h"

namespace netsim::engineio {

struct ServerConfig {
  sim::Duration ping_interval = sim::ms(25000);  // engine.io server.ts defaults
  sim::Duration ping_timeout = sim::ms(20000);
  sim::Duration upgrade_timeout = sim::ms(10000);
  std::int64_t max_http_buffer_size = 1'000'000;  // advertised as maxPayload
};

// What the session tells the layer above (Socket.IO's Client).
struct ServerSocketEvent {
  enum class Kind : std::uint8_t { Message, Close };
  Kind kind;
  std::string data;     // Message
  bool binary = false;  // Message
  std::string
      reason;  // Close: "ping timeout", "transport close", "transport error", "forced close"
};

class ServerSocket {
 public:
  enum class ReadyState : std::uint8_t { Opening, Open, Closing, Closed };

  // The handshake succeeded on a transport: sends the open packet and starts the heartbeat.
  // `upgrades` is what the transport can upgrade to (["websocket"] for polling, [] for a
  // WebSocket-only session, EIO-SPEC "Handshake").
  ServerSocket(sim::Time now, std::string sid, std::vector<std::string> upgrades,
               const ServerConfig& config);

  // --- the transport and the clock ---------------------------------------------------------
  void on_packet(sim::Time now, const Packet& packet);
  // The transport closed (TCP FIN/RST, WebSocket close) or failed.
  void on_transport_close(sim::Time now, bool error);
  // A packet that does not decode (socket.ts onPacket "error" → onClose("parse error")).
  void on_parse_error(sim::Time now);
  void on_timer(sim::Time now);
  std::optional<sim::Time> next_deadline() const;

  // --- the layer above ---------------------------------------------------------------------
  void send(const Packet& packet);
  // Server-initiated close (socket.ts `close()`): what was queued is flushed first, then the
  // transport closes; reason "forced close".
  void close(sim::Time now);

  std::vector<Packet>& outbox() { return outbox_; }
  std::vector<ServerSocketEvent>& events() { return events_; }
  // Set when the transport must be closed (after the outbox is written).
  bool transport_close_requested() const { return close_transport_; }

  const std::string& sid() const { return sid_; }
  ReadyState ready_state() const { return state_; }
  std::uint64_t pings_sent() const { return pings_sent_; }
  std::uint64_t pongs_received() const { return pongs_received_; }

 private:
  void on_close(std::string reason, bool flush = false);

  ServerConfig config_;
  std::string sid_;
  ReadyState state_ = ReadyState::Opening;
  std::optional<sim::Time> ping_at_;        // pingIntervalTimer: when the next ping goes
  std::optional<sim::Time> pong_deadline_;  // pingTimeoutTimer: close unless a pong comes first
  bool ping_timeout_refreshed_ = false;     // hasRefreshedPingTimeout: once per ping
  std::vector<Packet> outbox_;
  std::vector<ServerSocketEvent> events_;
  bool close_transport_ = false;
  std::uint64_t pings_sent_ = 0;
  std::uint64_t pongs_received_ = 0;
};

const char* to_string(ServerSocket::ReadyState state);

}  // namespace netsim::engineio
