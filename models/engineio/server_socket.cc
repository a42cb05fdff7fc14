#include "models/engineio/server_socket.h"

#include <algorithm>

namespace netsim::engineio {

ServerSocket::ServerSocket(sim::Time now, std::string sid, std::vector<std::string> upgrades,
                           const ServerConfig& config)
    : config_(config), sid_(std::move(sid)) {
  // EIO-SPEC "Handshake": the first packet is `open` with the session parameters.
  Handshake h;
  h.sid = sid_;
  h.upgrades = std::move(upgrades);
  h.ping_interval_ms = config_.ping_interval.ns() / 1'000'000;
  h.ping_timeout_ms = config_.ping_timeout.ns() / 1'000'000;
  h.max_payload = config_.max_http_buffer_size;
  outbox_.push_back(Packet{PacketType::Open, encode_handshake(h)});
  state_ = ReadyState::Open;
  // socket.ts `onOpen` → `schedulePing()`: the first ping pingInterval after the handshake.
  ping_at_ = now + config_.ping_interval;
}

void ServerSocket::on_packet(sim::Time now, const Packet& packet) {
  if (state_ != ReadyState::Open) return;  // socket.ts onPacket ignores packets unless open
  if (pong_deadline_ && !ping_timeout_refreshed_ && packet.type != PacketType::Pong) {
    // engine.io 6.6.11 socket.ts `onPacket`: "got packet while waiting for pong - refreshing
    // ping timeout" — the first other packet after a ping restarts pingTimeout from now, once
    // per ping (`hasRefreshedPingTimeout`). A client still talking is not given up on as soon.
    pong_deadline_ = now + config_.ping_timeout;
    ping_timeout_refreshed_ = true;
  }
  switch (packet.type) {
    case PacketType::Pong:
      // socket.ts "pong": clear the timeout, refresh the interval timer from now.
      ++pongs_received_;
      pong_deadline_.reset();
      ping_at_ = now + config_.ping_interval;
      break;
    case PacketType::Ping:
      // v4 reversed the heartbeat; a client ping is rejected (socket.ts "ping" case → onError).
      on_close("transport error");
      break;
    case PacketType::Message:
      events_.push_back({ServerSocketEvent::Kind::Message, packet.data, packet.binary, {}});
      break;
    case PacketType::Close:
      // The client closes the session (socket.ts "close" → onClose("transport close")).
      on_close("transport close");
      break;
    case PacketType::Open:
    case PacketType::Upgrade:
    case PacketType::Noop:
      break;  // upgrade and noop belong to the transport switch, handled by the adapter
  }
}

void ServerSocket::on_transport_close(sim::Time, bool error) {
  on_close(error ? "transport error" : "transport close");
}

void ServerSocket::on_parse_error(sim::Time) {
  if (state_ == ReadyState::Open) on_close("parse error");
}

void ServerSocket::on_timer(sim::Time now) {
  if (state_ != ReadyState::Open) return;
  if (pong_deadline_ && *pong_deadline_ <= now) {
    on_close("ping timeout");
    return;
  }
  if (ping_at_ && *ping_at_ <= now) {
    // socket.ts `schedulePing` callback: send ping, then `resetPingTimeout()`.
    outbox_.push_back(Packet{PacketType::Ping, {}});
    ++pings_sent_;
    ping_at_.reset();
    pong_deadline_ = now + config_.ping_timeout;
    ping_timeout_refreshed_ = false;
  }
}

std::optional<sim::Time> ServerSocket::next_deadline() const {
  if (state_ != ReadyState::Open) return std::nullopt;
  if (ping_at_ && pong_deadline_) return std::min(*ping_at_, *pong_deadline_);
  return ping_at_ ? ping_at_ : pong_deadline_;
}

void ServerSocket::send(const Packet& packet) {
  // socket.ts `sendPacket`: only while opening or open.
  if (state_ == ReadyState::Open || state_ == ReadyState::Opening) outbox_.push_back(packet);
}

void ServerSocket::close(sim::Time) {
  if (state_ != ReadyState::Open) return;
  // socket.ts `close()`: closing; the write buffer is flushed, then the transport closes.
  state_ = ReadyState::Closing;
  on_close("forced close", true);
}

void ServerSocket::on_close(std::string reason, bool flush) {
  if (state_ == ReadyState::Closed) return;
  // socket.ts `onClose`: the write buffer is cleared (nothing more reaches the client), except
  // for a requested close, which flushes it first.
  if (!flush) outbox_.clear();
  state_ = ReadyState::Closed;
  ping_at_.reset();
  pong_deadline_.reset();
  close_transport_ = true;
  events_.push_back({ServerSocketEvent::Kind::Close, {}, false, std::move(reason)});
}

const char* to_string(ServerSocket::ReadyState state) {
  switch (state) {
    case ServerSocket::ReadyState::Opening:
      return "opening";
    case ServerSocket::ReadyState::Open:
      return "open";
    case ServerSocket::ReadyState::Closing:
      return "closing";
    case ServerSocket::ReadyState::Closed:
      return "closed";
  }
  return "?";
}

}  // namespace netsim::engineio
