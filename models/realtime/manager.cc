#include "models/realtime/manager.h"

#include <algorithm>

#include "models/realtime/client.h"
#include "sim/assert.h"

namespace netsim::realtime {

Manager::Manager(sim::Simulator& simulator, tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
                 net::Ipv4Address server, sim::Rng rng, ClientSpec spec, Timeline* timeline,
                 socketio::DecodeCache* decode_cache)
    : simulator_(simulator),
      tcp_(tcp),
      streams_(streams),
      server_(server),
      rng_(rng),
      timeline_(timeline),
      decode_cache_(decode_cache),
      spec_(std::move(spec)),
      backoff_(spec_.options.reconnection_delay.ns() / 1'000'000,
               spec_.options.reconnection_delay_max.ns() / 1'000'000, 2,
               spec_.options.randomization_factor) {
  if (decode_cache_ == nullptr) {
    own_decode_cache_ = std::make_unique<socketio::DecodeCache>();
    decode_cache_ = own_decode_cache_.get();
  }
}

void Manager::add(Client& socket) {
  // lookup.ts: a second io() on a namespace the Manager has gets a Manager of its own.
  NETSIM_ASSERT(std::none_of(members_.begin(), members_.end(),
                             [&socket](const Client* other) {
                               return other->spec().nsp == socket.spec().nsp;
                             }),
                "two sockets of one Manager on the same namespace");
  members_.push_back(&socket);
}

void Manager::remove(Client& socket) {
  members_.erase(std::remove(members_.begin(), members_.end(), &socket), members_.end());
  sockets_.erase(std::remove(sockets_.begin(), sockets_.end(), &socket), sockets_.end());
}

void Manager::subscribe(Client& socket, sim::Time now) {
  if (std::find(sockets_.begin(), sockets_.end(), &socket) == sockets_.end()) {
    sockets_.push_back(&socket);
  }
  if (!reconnecting_ && state_ == ManagerState::Closed) {
    // manager.ts `open()`: a no-op unless closed; it clears skipReconnect. The page loads the
    // library once, before its first connection.
    skip_reconnect_ = false;
    if (spec_.fetch_script && !script_loaded_) {
      if (script_stream_ == nullptr) fetch_script(now);
      return;
    }
    open(now);
    return;
  }
  if (state_ == ManagerState::Open) socket.on_open(now);
}

void Manager::unsubscribe(Client& socket, sim::Time now) {
  sockets_.erase(std::remove(sockets_.begin(), sockets_.end(), &socket), sockets_.end());
  if (!sockets_.empty()) return;
  // manager.ts `_close`: no reconnection (a pending one is cancelled); the engine closes.
  skip_reconnect_ = true;
  reconnecting_ = false;
  reconnect_at_.reset();
  if (engine_) {
    engine_->close(now);
    pump(now);
  } else if (state_ == ManagerState::Opening) {
    // An attempt waiting for its timeout after its engine closed cleanly (on_open_lost):
    // manager.ts `onclose("forced close")` clears the timer all the same.
    state_ = ManagerState::Closed;
    open_deadline_.reset();
    timeline_->add(now, spec_.name, "eio-close", "forced close");
    arm();
  }
}

void Manager::fetch_script(sim::Time now) {
  timeline_->add(now, spec_.name, "script-fetch", spec_.path + "socket.io.js");
  script_stream_ = &streams_.connect(tcp_, server_, spec_.port, spec_.tcp, this);
}

void Manager::open(sim::Time now) {
  // manager.ts `open()`: a no-op while opening or open; else a new engine (a new Engine.IO
  // sid) on a new transport, with the `timeout` timer.
  if (state_ != ManagerState::Closed) return;
  state_ = ManagerState::Opening;
  engine_.emplace();
  retire_transport();
  transport_ = std::make_unique<ClientTransport>(tcp_, streams_, server_, spec_,
                                                 sim::Rng(rng_.next_u64()), *this);
  open_deadline_ = now + spec_.options.timeout;
  timeline_->add(now, spec_.name, "open");
  transport_->open(now);
  arm();
}

void Manager::on_stream_open(tcp::ByteStream& stream) {
  if (&stream != script_stream_) return;
  http::Request request;
  request.method = "GET";
  request.target = spec_.path + "socket.io.js";
  request.headers = {{"Host", spec_.host},
                     {"Connection", "keep-alive"},
                     {"User-Agent", spec_.user_agent},
                     {"Accept", "*/*"}};
  if (!spec_.accept_encoding.empty()) {
    request.headers.push_back({"Accept-Encoding", spec_.accept_encoding});
  }
  std::string out;
  http::append(request, out);
  stream.write(out);
}

void Manager::on_stream_data(tcp::ByteStream& stream, std::string_view bytes) {
  if (&stream != script_stream_) return;
  const sim::Time now = simulator_.now();
  script_http_.feed(bytes);
  if (std::optional<http::Response> r = script_http_.next()) {
    // The body as it came (its transfer coding removed): compressed if the server chose to.
    std::string detail = std::to_string(r->status) + " " + std::to_string(r->body.size()) + " B";
    if (const std::string* coding = http::find_header(r->headers, "Content-Encoding")) {
      detail += " " + *coding;
    }
    timeline_->add(now, spec_.name, "script-loaded", detail);
    script_loaded_ = true;
    // The page's sockets were created while the script loaded; none left: nothing to open.
    if (!sockets_.empty() && state_ == ManagerState::Closed) open(now);
  }
}

void Manager::on_stream_peer_closed(tcp::ByteStream& stream) {
  // The server closed the idle connection the script came on (keepAliveTimeout): the browser
  // closes its side too.
  stream.close();
}

void Manager::on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind) {}

void Manager::on_transport_packet(engineio::Packet packet, sim::Time now) {
  if (!engine_) return;
  if (packet.type == engineio::PacketType::Ping) timeline_->add(now, spec_.name, "ping");
  engine_->on_packet(now, std::move(packet));
  pump(now);
}

void Manager::on_transport_lost(bool error, sim::Time now) {
  if (!engine_) return;
  if (state_ == ManagerState::Opening &&
      engine_->ready_state() != engineio::ClientSocket::ReadyState::Open) {
    on_open_lost(error, now);
    return;
  }
  engine_->on_transport_close(now, error);
  pump(now);
}

void Manager::on_transport_drain(sim::Time now) { pump(now); }

void Manager::on_transport_note(std::string_view what, std::string detail, sim::Time now) {
  timeline_->add(now, spec_.name, what, std::move(detail));
}

void Manager::retire_transport(std::vector<engineio::Packet> unsent) {
  // A transport may be the caller of the code that replaces it: keep it until the next one.
  // engine.io-client closes its transport (an open WebSocket starts its closing handshake);
  // nothing more is read from it.
  if (transport_) {
    transport_->close(std::move(unsent));
    retired_ = std::move(transport_);
  }
}

void Manager::pump(sim::Time now) {
  if (!engine_) return;
  if (transport_) transport_->flush(engine_->outbox(), now);
  // The engine's events are taken out (pump may run again from inside).
  engineio::ClientSocketEventList events;
  events.swap(engine_->events());
  for (engineio::ClientSocketEvent& e : events) {
    switch (e.kind) {
      case engineio::ClientSocketEvent::Kind::Open:
        on_engine_open(now);
        break;
      case engineio::ClientSocketEvent::Kind::Message:
        on_message(e.data, now);
        if (transport_) transport_->recycle(std::move(e.data));
        break;
      case engineio::ClientSocketEvent::Kind::Close:
        on_engine_close(e.reason, now);
        return;  // the engine is gone
    }
    if (!engine_) return;  // a socket's handler closed it
  }
  if (engine_ && transport_ && !engine_->outbox().empty())
    transport_->flush(engine_->outbox(), now);
  arm();
}

void Manager::on_engine_open(sim::Time now) {
  // manager.ts `onopen`: clear the open timeout, emit "open": each subscribed socket sends its
  // CONNECT (socket.ts `onopen`).
  state_ = ManagerState::Open;
  open_deadline_.reset();
  timeline_->add(now, spec_.name, "eio-open", engine_->handshake().sid);
  transport_->on_handshake(engine_->handshake(), now);
  for (Client* socket : sockets_now()) {
    if (!engine_) return;
    socket->on_open(now);
  }
  if (reconnecting_) {
    // manager.ts `onreconnect`, after "open" (the `open()` callback of `reconnect()`): reset
    // the backoff, emit "reconnect" with the attempt that made it (backoff.attempts).
    const int attempt = backoff_.attempts();
    reconnecting_ = false;
    backoff_.reset();
    ++reconnections_;
    timeline_->add(now, spec_.name, "reconnect", std::to_string(attempt));
  }
}

void Manager::list_receive_state(net::ReceiveState& state) const {
  state.add_span(this, &spec_);
  for (const Client* socket : members_) socket->list_receive_state(state);
}

void Manager::on_message(const std::string& data, sim::Time now) {
  // manager.ts `ondecoded` emits "packet"; each socket takes those of its namespace
  // (socket.ts `onpacket`: `packet.nsp === this.nsp`). A broadcast's text was most likely
  // decoded for the client before this one: the run's cache holds it.
  const socketio::DecodeCache::Use decoded(*decode_cache_, data);
  if (!decoded->packet) return;
  for (Client* socket : sockets_) {
    if (socket->spec().nsp != decoded->packet->nsp) continue;
    socket->on_packet(*decoded->packet, decoded->event, now);
    break;
  }
}

bool Manager::writable() const {
  return transport_ && transport_->writable() && engine_ &&
         engine_->ready_state() == engineio::ClientSocket::ReadyState::Open;
}

bool Manager::heartbeat_alive(sim::Time now) const {
  return engine_ && !engine_->ping_expired(now);
}

void Manager::check_heartbeat(sim::Time now) {
  if (!engine_ || !engine_->ping_expired(now)) return;
  engine_->on_timer(now);
  pump(now);
}

void Manager::send(const std::string& encoded, sim::Time now) {
  if (!engine_) return;
  engine_->send(now, engineio::Packet{engineio::PacketType::Message, encoded});
  pump(now);
}

void Manager::on_engine_close(const std::string& reason, sim::Time now) {
  // An engine that fails while opening is an open error; one the Manager closes itself
  // (`_close`: "forced close") is not, opening or not.
  if (state_ == ManagerState::Opening && reason != "forced close") {
    on_open_lost(reason == "transport error", now);
    return;
  }
  // The engine is gone: its unsent packets with it (engine writeBuffer emptied, PROTOCOLS §7.5)
  // — unless the Manager closed it ("forced close"): socket.ts `close()` waits for the write
  // buffer to drain, so what the transport could not take yet (a POST in flight) still goes.
  std::vector<engineio::Packet> unsent;
  if (reason == "forced close") unsent.swap(engine_->outbox());
  retire_transport(std::move(unsent));
  engine_.reset();
  state_ = ManagerState::Closed;
  open_deadline_.reset();
  timeline_->add(now, spec_.name, "eio-close", reason);
  // manager.ts `onclose`: emit "close" (socket.ts `onclose` on each subscribed socket), reset
  // the backoff, then reconnect unless told not to.
  for (Client* socket : sockets_now()) socket->on_close(reason, now);
  backoff_.reset();
  if (spec_.options.reconnection && !skip_reconnect_) reconnect(now);
  arm();
}

void Manager::on_open_lost(bool error, sim::Time now) {
  // manager.ts `open()` hears only the engine's "error" until the engine opens. A transport
  // error is one (socket.ts `_onError`), and the attempt's error is the transport's: the
  // handshake GET's (polling-xhr.ts `onError("xhr poll error")`: no POST is made before the
  // open) or the WebSocket's (websocket.ts `onerror`: "websocket error"). A transport that
  // closes cleanly before the open packet (the server's close packet, a WebSocket closed after
  // its 101) makes the engine emit "close", which nothing hears yet: the attempt waits for its
  // `timeout`.
  if (error) {
    on_open_failed(transport_ && transport_->on_websocket() ? "websocket error" : "xhr poll error",
                   now);
    return;
  }
  retire_transport();
  engine_.reset();
  arm();
}

void Manager::on_open_failed(const std::string& why, sim::Time now) {
  // manager.ts `open()` error or `timeout`: the engine is closed; during reconnection this is
  // "reconnect_error" and the next attempt is scheduled (attempts keep growing).
  retire_transport();
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

void Manager::reconnect(sim::Time now) {
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

void Manager::arm() {
  std::optional<sim::Time> deadline = sim::earliest(open_deadline_, reconnect_at_);
  if (engine_) deadline = sim::earliest(deadline, engine_->next_deadline());
  for (const Client* socket : members_) deadline = sim::earliest(deadline, socket->next_deadline());
  alarm_.arm_exactly<&Manager::on_timer>(simulator_, deadline, this);
}

void Manager::on_timer(sim::Time scheduled) {
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
  for (Client* socket : members_) socket->expire_acks(now);
  if (engine_) {
    engine_->on_timer(now);
    pump(now);
    return;
  }
  arm();
}

}  // namespace netsim::realtime
