#include "models/realtime/client.h"

#include <algorithm>

#include "models/engineio/json.h"
#include "models/socketio/packet.h"
#include "models/websocket/handshake.h"

namespace netsim::realtime {

Client::Client(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
               net::Ipv4Address server, sim::Rng rng, ClientSpec spec, ClientApp* app,
               EventLog* events, Timeline* timeline)
    : simulator_(simulator),
      tcp_(tcp),
      streams_(streams),
      server_(server),
      rng_(rng),
      spec_(std::move(spec)),
      app_(app),
      events_(events),
      log_id_(events->name_id(spec_.name)),
      server_log_id_(events->name_id(spec_.server_name)),
      timeline_(timeline),
      backoff_(spec_.options.reconnection_delay.ns() / 1'000'000,
               spec_.options.reconnection_delay_max.ns() / 1'000'000, 2,
               spec_.options.randomization_factor) {}

void Client::connect() {
  const sim::Time now = simulator_.now();
  skip_reconnect_ = false;
  if (spec_.fetch_script && script_stream_ == nullptr) {
    fetch_script(now);
    return;
  }
  open(now);
}

void Client::fetch_script(sim::Time now) {
  timeline_->add(now, spec_.name, "script-fetch", spec_.path + "socket.io.js");
  script_stream_ = &streams_.connect(tcp_, server_, spec_.port, spec_.tcp, this);
}

void Client::open(sim::Time now) {
  // manager.ts `open()`: a new engine (a new Engine.IO sid) on a new transport, with the
  // `timeout` timer.
  state_ = ManagerState::Opening;
  engine_ = std::make_unique<engineio::ClientSocket>();
  retire_transport();
  transport_ = std::make_unique<ClientTransport>(tcp_, streams_, server_, spec_,
                                                 sim::Rng(rng_.next_u64()), *this);
  open_deadline_ = now + spec_.options.timeout;
  timeline_->add(now, spec_.name, "open");
  transport_->open(now);
  arm();
}

void Client::on_stream_open(tcp::ByteStream& stream) {
  if (&stream != script_stream_) return;
  http::Request request;
  request.method = "GET";
  request.target = spec_.path + "socket.io.js";
  request.headers = {{"Host", spec_.host},
                     {"Connection", "keep-alive"},
                     {"User-Agent", spec_.user_agent},
                     {"Accept", "*/*"}};
  std::string out;
  http::append(request, out);
  stream.write(out);
}

void Client::on_stream_data(tcp::ByteStream& stream, std::string_view bytes) {
  if (&stream != script_stream_) return;
  const sim::Time now = simulator_.now();
  script_http_.feed(bytes);
  if (std::optional<http::Response> r = script_http_.next()) {
    timeline_->add(now, spec_.name, "script-loaded",
                   std::to_string(r->status) + " " + std::to_string(r->body.size()) + " B");
    open(now);
  }
}

void Client::on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind) {}

void Client::on_transport_packet(engineio::Packet packet, sim::Time now) {
  if (!engine_) return;
  if (packet.type == engineio::PacketType::Ping) timeline_->add(now, spec_.name, "ping");
  engine_->on_packet(now, std::move(packet));
  pump(now);
}

void Client::on_transport_lost(bool error, sim::Time now) {
  if (!engine_) return;
  if (state_ == ManagerState::Opening &&
      engine_->ready_state() != engineio::ClientSocket::ReadyState::Open) {
    on_open_failed(error ? "transport error" : "transport close", now);
    return;
  }
  engine_->on_transport_close(now, error);
  pump(now);
}

void Client::on_transport_drain(sim::Time now) { pump(now); }

void Client::on_transport_note(std::string_view what, std::string detail, sim::Time now) {
  timeline_->add(now, spec_.name, what, std::move(detail));
}

void Client::retire_transport() {
  // A transport may be the caller of the code that replaces it: keep it until the next one.
  if (transport_) {
    transport_->close();
    retired_ = std::move(transport_);
  }
}

void Client::pump(sim::Time now) {
  if (!engine_) return;
  if (transport_) transport_->flush(engine_->outbox(), now);
  // The engine's events are taken out into spare capacity (pump may run again from inside).
  std::vector<engineio::ClientSocketEvent> events = spare_engine_events_.borrow();
  events.swap(engine_->events());
  for (const engineio::ClientSocketEvent& e : events) {
    switch (e.kind) {
      case engineio::ClientSocketEvent::Kind::Open:
        on_engine_open(now);
        break;
      case engineio::ClientSocketEvent::Kind::Message:
        on_message(e.data, now);
        break;
      case engineio::ClientSocketEvent::Kind::Close:
        on_engine_close(e.reason, now);
        return;  // the engine is gone
    }
  }
  spare_engine_events_.give_back(std::move(events));
  if (engine_ && transport_ && !engine_->outbox().empty())
    transport_->flush(engine_->outbox(), now);
  arm();
}

void Client::on_engine_open(sim::Time now) {
  // manager.ts `onopen`: clear the open timeout; the socket sends CONNECT (socket.ts `onopen`
  // → `_sendConnectPacket`: `40` on the main namespace).
  state_ = ManagerState::Open;
  open_deadline_.reset();
  timeline_->add(now, spec_.name, "eio-open", engine_->handshake().sid);
  transport_->on_handshake(engine_->handshake(), now);
  if (reconnecting_) {
    // manager.ts `onreconnect`: reset the backoff, emit "reconnect".
    reconnecting_ = false;
    backoff_.reset();
    ++reconnections_;
    timeline_->add(now, spec_.name, "reconnect", std::to_string(reconnections_));
  }
  // socket.ts `_sendConnectPacket`: with a pid (recovery), {pid, offset} (offset dropped by
  // JSON.stringify when undefined).
  std::string auth = pid_ ? socketio::client_connect_payload(*pid_, last_offset_) : std::string();
  if (spec_.send_last_event_id && last_event_id_) {
    // Object.assign({pid, offset}, auth): the application's own auth keys come after.
    const std::string member =
        "\"lastEventId\":" + engineio::json::quote(std::to_string(*last_event_id_));
    auth = auth.empty() ? "{" + member + "}" : auth.substr(0, auth.size() - 1) + "," + member + "}";
  }
  engine_->send(now, engineio::Packet{engineio::PacketType::Message,
                                      socketio::encode(socketio::Packet{
                                          socketio::PacketType::Connect, spec_.nsp, {}, auth})});
}

void Client::on_message(const std::string& data, sim::Time now) {
  // decoded_ lends its strings (the handlers may pump, and decode, again: they find it empty).
  socketio::EventPayload e;
  std::swap(e, decoded_);
  const std::optional<socketio::Packet> packet =
      socketio::decode(data, socketio::kMaxAttachments, &e);
  if (packet && packet->nsp == spec_.nsp) on_packet(*packet, e, now);
  if (decoded_.args.capacity() < e.args.capacity()) std::swap(e, decoded_);
}

void Client::on_packet(const socketio::Packet& packet, socketio::EventPayload& e, sim::Time now) {
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
        receive_buffer_.push_back({std::move(e.name), std::move(e.args), packet.id});
        return;
      }
      on_event(e.args, e.name, false, packet.id, now);
      break;
    case socketio::PacketType::Ack:
      if (packet.id) on_ack(*packet.id, now);
      break;
    case socketio::PacketType::Disconnect:
      // socket.ts `ondisconnect`: "io server disconnect", and no reconnection.
      skip_reconnect_ = true;
      connected_ = false;
      timeline_->add(now, spec_.name, "disconnect", "io server disconnect");
      if (app_ != nullptr) app_->on_disconnect(*this, "io server disconnect", now);
      if (engine_) engine_->close(now);
      break;
    case socketio::PacketType::ConnectError:
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
    send_packet(b.encoded, now);
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
    events_->received({id, now, log_id_, listeners, any, buffered});
    if (listeners > 0 && (!last_event_id_ || id > *last_event_id_)) last_event_id_ = id;
  }
  if (ack_id && listeners > 0 && engine_) {
    // The listener calls the ack function at once (socket.ts `ack`: an ACK packet, sent once).
    engine_->send(now, engineio::Packet{engineio::PacketType::Message,
                                        socketio::encode(socketio::Packet{
                                            socketio::PacketType::Ack, spec_.nsp, ack_id, "[]"})});
    pump(now);
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
  const bool writable = transport_ && transport_->writable() && engine_ &&
                        engine_->ready_state() == engineio::ClientSocket::ReadyState::Open;
  const bool is_connected = connected_ && engine_ && !engine_->ping_expired(now);
  using Kind = Transmission::Kind;
  if (options.is_volatile && !writable) {
    timeline_->add(now, spec_.name, "volatile-dropped", event);
    events_->transmitted({event_id, now, server_log_id_, Kind::VolatileDropped});
  } else if (is_connected) {
    events_->transmitted({event_id, now, server_log_id_, Kind::Written});
    send_packet(encoded, now);
  } else {
    events_->transmitted({event_id, now, server_log_id_, Kind::Buffered});
    send_buffer_.push_back({encoded, packet.id, event_id});
  }
  if (connected_ && engine_ && engine_->ping_expired(now)) {
    // engine.io-client: an expired heartbeat closes on the next tick with "ping timeout".
    engine_->on_timer(now);
    pump(now);
  }
  arm();
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

void Client::send_packet(const std::string& encoded, sim::Time now) {
  if (!engine_) return;
  engine_->send(now, engineio::Packet{engineio::PacketType::Message, encoded});
  pump(now);
}

void Client::disconnect() {
  const sim::Time now = simulator_.now();
  // socket.ts `disconnect()`: DISCONNECT packet, then "io client disconnect"; manager.ts
  // `_close`: skipReconnect, close the engine.
  skip_reconnect_ = true;
  if (connected_) {
    send_packet(
        socketio::encode(socketio::Packet{socketio::PacketType::Disconnect, spec_.nsp, {}, {}}),
        now);
  }
  connected_ = false;
  reconnect_at_.reset();
  timeline_->add(now, spec_.name, "disconnect", "io client disconnect");
  if (app_ != nullptr) app_->on_disconnect(*this, "io client disconnect", now);
  if (engine_) {
    engine_->close(now);
    pump(now);
  }
}

void Client::on_engine_close(const std::string& reason, sim::Time now) {
  // The engine is gone: its unsent packets with it (engine writeBuffer emptied, PROTOCOLS §7.5).
  drop_transport();
  engine_.reset();
  if (state_ == ManagerState::Opening) {
    on_open_failed(reason, now);
    return;
  }
  state_ = ManagerState::Closed;
  timeline_->add(now, spec_.name, "eio-close", reason);
  if (connected_) {
    // socket.ts `onclose`: not connected, id cleared, "disconnect" with the reason.
    connected_ = false;
    id_.clear();
    timeline_->add(now, spec_.name, "disconnect", reason);
    if (app_ != nullptr) app_->on_disconnect(*this, reason, now);
    clear_acks(now);
  }
  // manager.ts `onclose`: reset the backoff, then reconnect unless told not to.
  backoff_.reset();
  if (spec_.options.reconnection && !skip_reconnect_) reconnect(now);
  arm();
}

void Client::on_open_failed(const std::string& why, sim::Time now) {
  // manager.ts `open()` error or `timeout`: the engine is closed; during reconnection this is
  // "reconnect_error" and the next attempt is scheduled (attempts keep growing).
  drop_transport();
  engine_.reset();
  state_ = ManagerState::Closed;
  open_deadline_.reset();
  timeline_->add(now, spec_.name, reconnecting_ ? "reconnect-error" : "connect-error", why);
  if (spec_.options.reconnection && !skip_reconnect_) {
    reconnecting_ = false;
    reconnect(now);
  }
  arm();
}

void Client::drop_transport() {
  // engine.io-client closes its transport (an open WebSocket starts its closing handshake);
  // nothing more is read from it.
  retire_transport();
}

void Client::reconnect(sim::Time now) {
  // manager.ts `reconnect()`: give up after reconnectionAttempts, else wait backoff.duration().
  if (reconnecting_ || skip_reconnect_) return;
  if (spec_.options.reconnection_attempts &&
      backoff_.attempts() >= *spec_.options.reconnection_attempts) {
    backoff_.reset();
    timeline_->add(now, spec_.name, "reconnect-failed");
    return;
  }
  const sim::Duration delay = backoff_.duration(rng_.uniform());
  reconnect_delays_.push_back(delay);
  reconnecting_ = true;
  reconnect_at_ = now + delay;
  timeline_->add(
      now, spec_.name, "reconnect-scheduled",
      std::to_string(backoff_.attempts()) + " " + std::to_string(delay.ns() / 1'000'000) + " ms");
}

void Client::arm() {
  std::optional<sim::Time> deadline = sim::earliest(open_deadline_, reconnect_at_);
  if (engine_) deadline = sim::earliest(deadline, engine_->next_deadline());
  for (const auto& [ack_id, ack] : acks_) deadline = sim::earliest(deadline, ack.deadline);
  alarm_.arm<&Client::on_timer>(simulator_, deadline, this);
}

void Client::on_timer(sim::Time scheduled) {
  alarm_.fired(scheduled);
  const sim::Time now = simulator_.now();
  if (reconnect_at_ && *reconnect_at_ <= now) {
    reconnect_at_.reset();
    timeline_->add(now, spec_.name, "reconnect-attempt", std::to_string(backoff_.attempts()));
    open(now);
    return;
  }
  if (open_deadline_ && *open_deadline_ <= now) {
    open_deadline_.reset();
    on_open_failed("timeout", now);
    return;
  }
  std::vector<std::uint64_t> expired;
  for (const auto& [ack_id, ack] : acks_)
    if (ack.deadline && *ack.deadline <= now) expired.push_back(ack_id);
  for (const std::uint64_t ack_id : expired) ack_failed(ack_id, "operation has timed out", now);
  if (engine_) {
    engine_->on_timer(now);
    pump(now);
    return;
  }
  arm();
}

}  // namespace netsim::realtime
