#include "models/engineio/client_socket.h"

namespace netsim::engineio {

void ClientSocket::on_packet(sim::Time now, Packet packet) {
  if (state_ == ReadyState::Closed) return;
  switch (packet.type) {
    case PacketType::Open: {
      if (state_ != ReadyState::Opening) return;
      // socket.ts `onHandshake`: read the parameters, open, start the heartbeat deadline.
      const std::optional<Handshake> h = parse_handshake(packet.data);
      if (!h) {
        on_close("parse error");
        return;
      }
      handshake_ = *h;
      state_ = ReadyState::Open;
      ping_deadline_ = now + sim::ms(handshake_.ping_interval_ms + handshake_.ping_timeout_ms);
      events_.push_back({ClientSocketEvent::Kind::Open, {}, false, {}});
      break;
    }
    case PacketType::Ping:
      if (state_ != ReadyState::Open) return;
      // socket.ts "ping": reset the deadline and answer with a pong at once.
      ++pings_received_;
      ping_deadline_ = now + sim::ms(handshake_.ping_interval_ms + handshake_.ping_timeout_ms);
      outbox_.push_back(Packet{PacketType::Pong, {}});
      break;
    case PacketType::Message:
      if (state_ != ReadyState::Open) return;
      events_.push_back(
          {ClientSocketEvent::Kind::Message, std::move(packet.data), packet.binary, {}});
      break;
    case PacketType::Close:
      // transport.ts `onPacket`: a close packet closes the transport.
      on_close("transport close");
      break;
    case PacketType::Pong:
    case PacketType::Upgrade:
    case PacketType::Noop:
      break;  // pongs only answer probes; upgrade and noop belong to the transport switch
  }
}

void ClientSocket::on_transport_close(sim::Time, bool error) {
  on_close(error ? "transport error" : "transport close");
}

void ClientSocket::on_timer(sim::Time now) {
  if (state_ == ReadyState::Open && ping_deadline_ && *ping_deadline_ <= now) {
    on_close("ping timeout");
  }
}

std::optional<sim::Time> ClientSocket::next_deadline() const {
  if (state_ != ReadyState::Open) return std::nullopt;
  return ping_deadline_;
}

bool ClientSocket::send(sim::Time now, const Packet& packet) {
  if (state_ != ReadyState::Open || ping_expired(now)) return false;
  outbox_.push_back(packet);
  return true;
}

void ClientSocket::close(sim::Time) {
  if (state_ == ReadyState::Closed) return;
  // socket.ts `close()` with an open transport: flush, then close; reason "forced close".
  state_ = ReadyState::Closing;
  on_close("forced close");
}

void ClientSocket::on_close(std::string reason) {
  if (state_ == ReadyState::Closed) return;
  // socket.ts `_onClose`: the write buffer is emptied (not moved back to Socket.IO's buffer).
  if (reason != "forced close") outbox_.clear();
  state_ = ReadyState::Closed;
  ping_deadline_.reset();
  close_transport_ = true;
  events_.push_back({ClientSocketEvent::Kind::Close, {}, false, std::move(reason)});
}

}  // namespace netsim::engineio
