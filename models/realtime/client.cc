#include "models/realtime/client.h"

#include <algorithm>

#include "models/engineio/json.h"
#include "models/socketio/packet.h"
#include "models/websocket/handshake.h"

namespace netsim::realtime {

Client::Client(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
               net::Ipv4Address server, sim::Rng rng, ClientSpec spec, ClientApp* app,
               EventLog* events, Timeline* timeline, socketio::DecodeCache* decode_cache)
    : events_(events),
      log_id_(events->name_id(spec.name)),
      server_log_id_(events->name_id(spec.server_name)),
      spec_(std::move(spec)),
      simulator_(simulator),
      manager_(std::make_shared<Manager>(simulator, tcp, streams, server, rng, spec_, timeline,
                                         decode_cache)),
      app_(app),
      timeline_(timeline) {
  manager_->add(*this);
}

Client::~Client() { manager_->remove(*this); }

Client::Client(Client& page, ClientSpec spec, ClientApp* app)
    : events_(page.events_),
      log_id_(events_->name_id(spec.name)),
      server_log_id_(events_->name_id(spec.server_name)),
      spec_(std::move(spec)),
      simulator_(page.simulator_),
      manager_(page.manager_),
      app_(app),
      timeline_(page.timeline_) {
  manager_->add(*this);
}

void Client::connect() {
  // socket.ts `connect()`.
  if (connected_) return;
  manager_->subscribe(*this, simulator_.now());
}

void Client::on_open(sim::Time now) {
  // socket.ts `onopen` → `_sendConnectPacket`: CONNECT on the socket's namespace; with a pid
  // (recovery), {pid, offset} (offset dropped by JSON.stringify when undefined).
  std::string auth = pid_ ? socketio::client_connect_payload(*pid_, last_offset_) : std::string();
  if (spec_.send_last_event_id && last_event_id_) {
    // Object.assign({pid, offset}, auth): the application's own auth keys come after.
    const std::string member =
        "\"lastEventId\":" + engineio::json::quote(std::to_string(*last_event_id_));
    auth = auth.empty() ? "{" + member + "}" : auth.substr(0, auth.size() - 1) + "," + member + "}";
  }
  manager_->send(
      socketio::encode(socketio::Packet{socketio::PacketType::Connect, spec_.nsp, {}, auth}), now);
}

void Client::list_receive_state(net::ReceiveState& state) const {
  state.add_span(this, &spec_.nsp + 1);
}

void Client::on_packet(const socketio::Packet& packet, const socketio::EventPayload& e,
                       sim::Time now) {
  switch (packet.type) {
    case socketio::PacketType::Connect: {
      if (const auto sid = engineio::json::string_member(packet.data, "sid")) {
        on_connect_ack(*sid, engineio::json::string_member(packet.data, "pid"), now);
      }
      break;
    }
    case socketio::PacketType::Event:
      if (!connected_) {
        // socket.ts `onevent`: not connected yet (recovery replays come before the ack).
        receive_buffer_.push_back({e.name, e.args, packet.id});
        return;
      }
      on_event(e.args, e.name, false, packet.id, now);
      break;
    case socketio::PacketType::Ack:
      if (packet.id) on_ack(*packet.id, now);
      break;
    case socketio::PacketType::Disconnect:
      // socket.ts `ondisconnect`: `destroy()` (no reconnection for this socket), then
      // `onclose("io server disconnect")`.
      manager_->unsubscribe(*this, now);
      on_close("io server disconnect", now);
      break;
    case socketio::PacketType::ConnectError:
      // socket.ts `onpacket` CONNECT_ERROR: `destroy()`, then "connect_error" (the namespace
      // was refused: the socket does not try again by itself).
      manager_->unsubscribe(*this, now);
      timeline_->add(now, spec_.name, "connect-error", packet.data);
      break;
    case socketio::PacketType::BinaryEvent:
    case socketio::PacketType::BinaryAck:
      break;
  }
}

void Client::on_connect_ack(const std::string& sid, const std::optional<std::string>& pid,
                            sim::Time now) {
  // socket.ts `onconnect`: recovered = pid && this._pid === pid; connected; `emitBuffered()`
  // (received events first, then the send buffer); `_drainQueue(true)`; then the `connect`
  // event — listeners added in it miss the buffered events.
  recovered_ = pid.has_value() && pid_ == pid;
  pid_ = pid;
  connected_ = true;
  id_ = sid;
  events_->bind(sid, spec_.name);
  timeline_->add(now, spec_.name, "connect", sid + (recovered_ ? " recovered" : ""));
  std::vector<Received> received;
  received.swap(receive_buffer_);
  for (const Received& r : received) on_event(r.args, r.event, true, r.ack_id, now);
  std::vector<Buffered> buffered;
  buffered.swap(send_buffer_);
  for (const Buffered& b : buffered) {
    events_->transmitted({b.event_id, now, server_log_id_, Transmission::Kind::Written});
    manager_->send(b.encoded, now);
  }
  drain_queue(true, now);
  if (app_ != nullptr) app_->on_connect(*this, now);
}

void Client::on_event(const std::vector<std::string>& args, const std::string& event, bool buffered,
                      std::optional<std::uint64_t> ack_id, sim::Time now) {
  // socket.ts `emitEvent`: onAny listeners, then the listeners for the name (none: dropped
  // silently); then, with a pid, the last string argument becomes the offset.
  int listeners = listeners_.count(event, now);
  const int any = listeners_.count_any(now);
  std::uint64_t id = 0;
  const bool known = !args.empty() && EventLog::parse_payload(args[0], id);
  if (known && spec_.dedup) {
    // The application skips an event id it has handled already.
    if (seen_.count(id) > 0) listeners = 0;
    if (listeners > 0) seen_.insert(id);
  }
  if (listeners == 0) ++unhandled_;
  if (known) {
    events_->received(id, log_id_, now, listeners, any, buffered);
    if (listeners > 0 && (!last_event_id_ || id > *last_event_id_)) last_event_id_ = id;
  }
  if (ack_id && listeners > 0) {
    // The listener calls the ack function at once (socket.ts `ack`: an ACK packet, sent once).
    manager_->send(
        socketio::encode(socketio::Packet{socketio::PacketType::Ack, spec_.nsp, ack_id, "[]"}),
        now);
  }
  if (pid_ && !args.empty()) {
    if (std::optional<std::string> offset = engineio::json::read_string(args.back())) {
      last_offset_ = std::move(offset);
    }
  }
}

void Client::on_ack(std::uint64_t ack_id, sim::Time now) {
  // socket.ts `onack`: an unknown id is ignored ("bad ack").
  const auto it = acks_.find(ack_id);
  if (it == acks_.end()) return;
  const PendingAck ack = it->second;
  acks_.erase(it);
  if (ack.queue_seq) {
    queue_settled(*ack.queue_seq, true, now);
  } else {
    events_->settled({ack.event_id, now, true, {}, 1});
  }
}

std::uint64_t Client::emit(const std::string& event, std::size_t payload_bytes,
                           EmitOptions options) {
  const sim::Time now = simulator_.now();
  const std::uint64_t id = events_->emitted(now, spec_.name, event, payload_bytes);
  if (spec_.options.retries && *spec_.options.retries > 0 && !options.is_volatile) {
    // socket.ts `_addToQueue`: the queue's own ack callback decides retries.
    queue_.push_back({next_queue_seq_++, id, event, payload_bytes, options});
    drain_queue(false, now);
    return id;
  }
  emit_packet(id, event, payload_bytes, options, std::nullopt, now);
  return id;
}

void Client::emit_packet(std::uint64_t event_id, const std::string& event,
                         std::size_t payload_bytes, const EmitOptions& options,
                         std::optional<std::size_t> queue_seq, sim::Time now) {
  socketio::Packet packet{
      socketio::PacketType::Event, spec_.nsp, std::nullopt,
      socketio::event_payload(event, {EventLog::payload(event_id, payload_bytes)})};
  if (options.ack || queue_seq) {
    // `_registerAckCallback`: a timeout (flags or ackTimeout) makes it error-first.
    const std::uint64_t ack_id = next_ack_id_++;
    packet.id = ack_id;
    const std::optional<sim::Duration> timeout =
        options.timeout ? options.timeout : spec_.options.ack_timeout;
    acks_[ack_id] =
        PendingAck{event_id, timeout ? std::optional<sim::Time>(now + *timeout) : std::nullopt,
                   timeout.has_value(), queue_seq};
  }
  const std::string encoded = socketio::encode(packet);
  // socket.ts emit (PROTOCOLS §9.2): volatile and the transport not writable → dropped; else
  // connected (and the heartbeat not expired) → sent; else buffered.
  const bool writable = manager_->writable();
  const bool is_connected = connected_ && manager_->heartbeat_alive(now);
  using Kind = Transmission::Kind;
  if (options.is_volatile && !writable) {
    timeline_->add(now, spec_.name, "volatile-dropped", event);
    events_->transmitted({event_id, now, server_log_id_, Kind::VolatileDropped});
  } else if (is_connected) {
    events_->transmitted({event_id, now, server_log_id_, Kind::Written});
    manager_->send(encoded, now);
  } else {
    events_->transmitted({event_id, now, server_log_id_, Kind::Buffered});
    send_buffer_.push_back({encoded, packet.id, event_id});
  }
  // engine.io-client: an expired heartbeat closes on the next tick with "ping timeout".
  if (connected_) manager_->check_heartbeat(now);
  manager_->arm();
}

void Client::clear_acks(sim::Time now) {
  // socket.ts `_clearAcks` (4.7.5+): no ack can come any more for packets already sent; an
  // error-first callback gets "socket has been disconnected", a plain one is never called.
  std::vector<std::uint64_t> gone;
  for (const auto& [ack_id, ack] : acks_) {
    const bool is_buffered =
        std::any_of(send_buffer_.begin(), send_buffer_.end(),
                    [id = ack_id](const Buffered& b) { return b.ack_id == id; });
    if (!is_buffered) gone.push_back(ack_id);
  }
  for (const std::uint64_t ack_id : gone) {
    const PendingAck ack = acks_.at(ack_id);
    if (ack.with_error) {
      ack_failed(ack_id, "socket has been disconnected", now);
    } else {
      acks_.erase(ack_id);
      if (!ack.queue_seq) events_->settled({ack.event_id, now, false, "never called", 1});
    }
  }
}

void Client::ack_failed(std::uint64_t ack_id, const std::string& why, sim::Time now) {
  const auto it = acks_.find(ack_id);
  if (it == acks_.end()) return;
  const PendingAck ack = it->second;
  acks_.erase(it);
  if (why == "operation has timed out") {
    // The timed-out packet also leaves the send buffer.
    send_buffer_.erase(std::remove_if(send_buffer_.begin(), send_buffer_.end(),
                                      [ack_id](const Buffered& b) { return b.ack_id == ack_id; }),
                       send_buffer_.end());
  }
  if (ack.queue_seq) {
    queue_settled(*ack.queue_seq, false, now);
  } else {
    events_->settled({ack.event_id, now, false, why, 1});
  }
}

void Client::queue_settled(std::size_t queue_seq, bool ok, sim::Time now) {
  // The queue's ack callback: ignored unless for the head; an error discards the packet only
  // after `retries` + 1 tries, otherwise it is sent again.
  if (queue_.empty() || queue_.front().seq != queue_seq) return;
  Queued& head = queue_.front();
  if (ok || head.try_count > *spec_.options.retries) {
    events_->settled({head.event_id, now, ok,
                      ok ? std::string() : std::string("operation has timed out"), head.try_count});
    queue_.erase(queue_.begin());
  } else {
    head.pending = false;
  }
  drain_queue(false, now);
}

void Client::drain_queue(bool force, sim::Time now) {
  // socket.ts `_drainQueue`.
  if (!connected_ || queue_.empty()) return;
  Queued& head = queue_.front();
  if (head.pending && !force) return;
  head.pending = true;
  ++head.try_count;
  if (head.try_count > 1) timeline_->add(now, spec_.name, "retry", std::to_string(head.event_id));
  const Queued copy = head;
  emit_packet(copy.event_id, copy.event, copy.payload_bytes, copy.options, copy.seq, now);
}

void Client::disconnect() {
  // socket.ts `disconnect()`: DISCONNECT if connected, `destroy()` (manager.ts `_destroy`: the
  // connection closes, without reconnection, when no socket of the page is left), then
  // `onclose("io client disconnect")` if it was connected.
  const sim::Time now = simulator_.now();
  if (connected_) {
    manager_->send(
        socketio::encode(socketio::Packet{socketio::PacketType::Disconnect, spec_.nsp, {}, {}}),
        now);
  }
  manager_->unsubscribe(*this, now);
  on_close("io client disconnect", now);
}

void Client::on_close(const std::string& reason, sim::Time now) {
  // socket.ts `onclose`: not connected, id cleared, "disconnect" with the reason, then
  // `_clearAcks`. (The reference also runs it for a socket whose CONNECT was never answered;
  // with no connection there is nothing to report for it.)
  if (!connected_) return;
  connected_ = false;
  id_.clear();
  timeline_->add(now, spec_.name, "disconnect", reason);
  if (app_ != nullptr) app_->on_disconnect(*this, reason, now);
  clear_acks(now);
}

std::optional<sim::Time> Client::next_deadline() const {
  std::optional<sim::Time> deadline;
  for (const auto& [ack_id, ack] : acks_) deadline = sim::earliest(deadline, ack.deadline);
  return deadline;
}

void Client::expire_acks(sim::Time now) {
  std::vector<std::uint64_t> expired;
  for (const auto& [ack_id, ack] : acks_)
    if (ack.deadline && *ack.deadline <= now) expired.push_back(ack_id);
  for (const std::uint64_t ack_id : expired) ack_failed(ack_id, "operation has timed out", now);
}

}  // namespace netsim::realtime
