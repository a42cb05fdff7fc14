// One Engine.IO v4 session on the client, as a sans-IO state machine (EIO-SPEC; engine.io-client
// 6.6 `lib/socket.ts`). Packets for the server accumulate in outbox(), events in events(), and
// next_deadline() says when on_timer() must run.
//
// Heartbeat (EIO-SPEC "Heartbeat"; socket.ts `_resetPingTimeout`, `onPacket` "ping"): the
// client answers each ping with a pong at once, and if no ping arrives within pingInterval +
// pingTimeout of the handshake or of the last ping it closes with "ping timeout". Since
// engine.io-client 6.6.1 other packets do not reset that timer, and a packet is not sent on an
// expired connection (`_hasPingExpired`, socket.io #5134).
#pragma once

#include <boost/container/small_vector.hpp>
#include <optional>
#include <string>
#include <vector>

#include "models/engineio/open_packet.h"
#include "models/engineio/packet.h"
#include "sim/time.h"

namespace netsim::engineio {

struct ClientSocketEvent {
  enum class Kind : std::uint8_t { Open, Message, Close };
  Kind kind;
  std::string data;     // Message
  bool binary = false;  // Message
  std::string
      reason;  // Close: "ping timeout", "transport close", "transport error", "forced close"
};

// Events since the owner last took them: usually one, held in place (a heap buffer per
// connection was one more cache miss per message in a broadcast to many clients).
using ClientSocketEventList = boost::container::small_vector<ClientSocketEvent, 2>;

class ClientSocket {
 public:
  enum class ReadyState : std::uint8_t { Opening, Open, Closing, Closed };

  ClientSocket() = default;

  // --- the transport and the clock ---------------------------------------------------------
  void on_packet(sim::Time now, Packet packet);
  void on_transport_close(sim::Time now, bool error);
  void on_timer(sim::Time now);
  std::optional<sim::Time> next_deadline() const;

  // --- the layer above ---------------------------------------------------------------------
  // Queues a packet; false (and nothing queued) unless open and the heartbeat has not expired.
  bool send(sim::Time now, const Packet& packet);
  // `socket.close()`: closes the transport; reason "forced close".
  void close(sim::Time now);
  // socket.ts `_hasPingExpired`: the heartbeat deadline has passed (timers may not have run).
  bool ping_expired(sim::Time now) const { return ping_deadline_ && now > *ping_deadline_; }

  std::vector<Packet>& outbox() { return outbox_; }
  ClientSocketEventList& events() { return events_; }
  bool transport_close_requested() const { return close_transport_; }

  ReadyState ready_state() const { return state_; }
  const Handshake& handshake() const { return handshake_; }
  std::uint64_t pings_received() const { return pings_received_; }

 private:
  void on_close(std::string reason);

  ReadyState state_ = ReadyState::Opening;
  Handshake handshake_;
  std::optional<sim::Time> ping_deadline_;  // pingTimeoutTimer: pingInterval + pingTimeout
  std::vector<Packet> outbox_;
  ClientSocketEventList events_;
  bool close_transport_ = false;
  std::uint64_t pings_received_ = 0;
};

}  // namespace netsim::engineio
