#include "models/realtime/client_transport.h"

#include <algorithm>

#include "models/realtime/client_spec.h"
#include "models/websocket/handshake.h"

namespace netsim::realtime {

namespace {

// engine.io-client util.ts `randomString()`: Date.now() in base 36 without its first three
// digits, then three random base-36 digits (the `t` cache-buster of polling requests).
std::string random_string(sim::Rng& rng, sim::Time now, std::int64_t epoch_unix_ms) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::int64_t ms = epoch_unix_ms + now.ns() / 1'000'000;
  std::string time;
  while (ms > 0) {
    time.insert(time.begin(), kDigits[ms % 36]);
    ms /= 36;
  }
  std::string s = time.size() > 3 ? time.substr(3) : time;
  for (int i = 0; i < 3; ++i) s += kDigits[rng.below(36)];
  return s;
}

}  // namespace

ClientTransport::ClientTransport(tcp::TcpLayer& tcp, tcp::StreamDirectory& streams,
                                 net::Ipv4Address server, const ClientSpec& spec, sim::Rng rng,
                                 Owner& owner)
    : tcp_(tcp), streams_(streams), server_(server), spec_(spec), rng_(rng), owner_(owner) {}

ClientTransport::~ClientTransport() {
  // Destruction sends nothing (the simulation may be over): the streams just stop reporting.
  for (tcp::ByteStream* s : {ws_stream_, get_.stream, post_.stream}) {
    if (s != nullptr) s->set_listener(nullptr);
  }
}

void ClientTransport::open(sim::Time now) {
  const auto& transports = spec_.options.transports;
  kind_ = transports.empty() ? socketio::Transport::Polling : transports.front();
  if (kind_ == socketio::Transport::Polling) {
    poll(now);  // the handshake is the first GET
  } else {
    open_websocket(false, now);
  }
}

std::string ClientTransport::query(socketio::Transport transport) const {
  // socket.ts `createTransport`: EIO, transport, then sid; polling.ts `uri()` appends `t`
  // unless timestampRequests is false (websocket.ts only when it is set: not by default).
  std::string q = spec_.path + "?EIO=4&transport=";
  q += transport == socketio::Transport::Polling ? "polling" : "websocket";
  if (sid_) q += "&sid=" + *sid_;
  return q;
}

http::Request ClientTransport::base_request(std::string method, socketio::Transport transport) {
  http::Request r;
  r.method = std::move(method);
  r.target = query(transport);
  if (transport == socketio::Transport::Polling && spec_.options.timestamp_requests) {
    r.target += "&t=" + random_string(rng_, tcp_.simulator().now(), spec_.epoch_unix_ms);
  }
  // A representative browser header set (not byte-identical to any one browser).
  r.headers = {{"Host", spec_.host},
               {"Connection", "keep-alive"},
               {"User-Agent", spec_.user_agent},
               {"Accept", "*/*"},
               {"Origin", "http://" + spec_.host}};
  return r;
}

void ClientTransport::poll(sim::Time now) {
  // polling.ts `_poll` → `doPoll`: one GET, answered when the server has packets.
  if (closed_ || get_.in_flight || upgrading_) return;
  send_request(get_, base_request("GET", socketio::Transport::Polling), now);
}

void ClientTransport::post(std::vector<engineio::Packet>& buffer, sim::Time now) {
  // socket.ts `_getWritablePackets`: as many packets as fit in maxPayload (at least one).
  const std::size_t n = engineio::writable_packet_count(buffer, max_payload_);
  std::string body = engineio::encode_payload(std::span(buffer.data(), n));
  buffer.erase(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n));
  http::Request r = base_request("POST", socketio::Transport::Polling);
  r.headers.push_back({"Content-Type", "text/plain;charset=UTF-8"});
  r.headers.push_back({"Content-Length", std::to_string(body.size())});
  r.body = std::move(body);
  posted_ = n;
  send_request(post_, std::move(r), now);
}

void ClientTransport::send_request(HttpChannel& channel, http::Request request, sim::Time) {
  std::string bytes;
  http::append(request, bytes);
  send_request_bytes(channel, std::move(bytes));
}

void ClientTransport::send_request_bytes(HttpChannel& channel, std::string bytes) {
  channel.in_flight = true;
  channel.answering = false;
  channel.request = std::move(bytes);  // kept until answered, to send again (keep-alive race)
  if (channel.stream == nullptr) {
    channel.parser = http::ResponseParser();
    channel.open = false;
    channel.answered = 0;
    channel.pending = channel.request;
    channel.stream = &streams_.connect(tcp_, server_, spec_.port, spec_.tcp, this);
  } else if (!channel.open) {
    channel.pending += channel.request;
  } else {
    channel.stream->write(channel.request);
  }
}

void ClientTransport::on_handshake(const engineio::Handshake& handshake, sim::Time now) {
  sid_ = handshake.sid;
  max_payload_ = handshake.max_payload;
  const auto& transports = spec_.options.transports;
  const bool offered = std::find(handshake.upgrades.begin(), handshake.upgrades.end(),
                                 "websocket") != handshake.upgrades.end();
  const bool allowed = std::find(transports.begin(), transports.end(),
                                 socketio::Transport::WebSocket) != transports.end();
  // socket.ts `onOpen`: probe each upgrade the server offers and the client allows.
  if (kind_ == socketio::Transport::Polling && spec_.options.upgrade && offered && allowed) {
    open_websocket(true, now);
  }
}

void ClientTransport::flush(std::vector<engineio::Packet>& buffer, sim::Time now) {
  if (closed_ || buffer.empty()) return;
  if (kind_ == socketio::Transport::WebSocket) {
    if (!ws_ || probing_) return;
    for (const engineio::Packet& p : buffer) ws_->write(p);
    buffer.clear();
    return;
  }
  if (upgrading_ || post_.in_flight || !sid_) return;
  post(buffer, now);
}

bool ClientTransport::writable() const {
  if (closed_) return false;
  if (kind_ == socketio::Transport::WebSocket) return ws_ && !probing_ && ws_->writable();
  return sid_.has_value() && !post_.in_flight;
}

void ClientTransport::open_websocket(bool probe, sim::Time) {
  probing_ = probe;
  ws_http_ = http::ResponseParser();
  ws_.reset();
  ws_stream_ = &streams_.connect(tcp_, server_, spec_.port, spec_.tcp, this);
}

void ClientTransport::on_stream_open(tcp::ByteStream& stream) {
  if (closed_) return;
  const sim::Time now = tcp_.simulator().now();
  if (&stream == ws_stream_) {
    // RFC 6455 §4.1: the opening handshake with a fresh 16-byte nonce.
    http::Request r = base_request("GET", socketio::Transport::WebSocket);
    ws_request_ = websocket::upgrade_request(
        r.target, spec_.host, websocket::make_key(rng_),
        {{"Origin", "http://" + spec_.host}, {"User-Agent", spec_.user_agent}});
    std::string bytes;
    http::append(ws_request_, bytes);
    stream.write(bytes);
    return;
  }
  for (HttpChannel* c : {&get_, &post_}) {
    if (c->stream == &stream) {
      c->open = true;
      if (!c->pending.empty()) stream.write(c->pending);
      c->pending.clear();
    }
  }
  (void)now;
}

void ClientTransport::on_stream_data(tcp::ByteStream& stream, std::string_view bytes) {
  if (closed_) {
    for (HttpChannel* c : {&get_, &post_}) {
      if (&stream == c->stream) on_closing_data(*c, bytes);
    }
    return;
  }
  const sim::Time now = tcp_.simulator().now();
  if (&stream == ws_stream_) {
    if (ws_) {
      on_ws_bytes(bytes, now);
      return;
    }
    ws_http_.feed(bytes);
    const std::optional<http::Response> response = ws_http_.next();
    if (!response && !ws_http_.failed()) return;
    if (!response || websocket::check_upgrade_response(ws_request_, *response) !=
                         websocket::HandshakeError::None) {
      if (probing_) {
        // socket.ts `_probe` onerror: the probe is abandoned; polling goes on.
        owner_.on_transport_note("probe-error",
                                 response ? std::to_string(response->status) : "bad response", now);
        probing_ = false;
        ws_stream_->set_listener(nullptr);
        ws_stream_->close();
        ws_stream_ = nullptr;
        return;
      }
      lost(true, now);
      return;
    }
    ws_.emplace(stream, true, sim::Rng(rng_.next_u64()));
    // What every message reads from here on: the transport's fields up to ws_http_ (WsLink
    // among them), then the owner's.
    net::ReceiveState& state = stream.socket().receive_state();
    state.add_span(this, &ws_http_);
    owner_.list_receive_state(state);
    owner_.on_transport_note("ws-open", probing_ ? "probe" : "", now);
    if (probing_) {
      ws_->write(engineio::Packet{engineio::PacketType::Ping, "probe"});  // `2probe`
    }
    on_ws_bytes(ws_http_.take_rest(), now);
    return;
  }
  HttpChannel* channel = &stream == get_.stream    ? &get_
                         : &stream == post_.stream ? &post_
                                                   : nullptr;
  if (channel == nullptr) return;
  channel->answering = true;
  channel->parser.feed(bytes);
  while (std::optional<http::Response> response = channel->parser.next()) {
    channel->in_flight = false;
    channel->answering = false;
    ++channel->answered;
    if (channel == &get_) {
      on_poll_response(*response, now);
    } else {
      on_post_response(*response, now);
    }
    if (closed_) return;
  }
  if (channel->parser.failed()) lost(true, now);
}

void ClientTransport::on_poll_response(const http::Response& response, sim::Time now) {
  if (response.status != 200) {
    lost(true, now);  // polling.ts: a failed request is a transport error
    return;
  }
  std::optional<std::vector<engineio::Packet>> packets = engineio::decode_payload(response.body);
  if (!packets) {
    lost(true, now);
    return;
  }
  for (engineio::Packet& p : *packets) {
    if (p.type == engineio::PacketType::Close) {
      lost(false, now);  // polling.ts `onData`: "transport closed by the server"
      return;
    }
    owner_.on_transport_packet(std::move(p), now);
    if (closed_) return;
  }
  // polling.ts `onData`: poll again, unless pausing for the upgrade.
  if (upgrading_) {
    maybe_finish_upgrade(now);
  } else if (kind_ == socketio::Transport::Polling) {
    poll(now);
  }
}

void ClientTransport::on_post_response(const http::Response& response, sim::Time now) {
  if (response.status != 200) {
    lost(true, now);
    return;
  }
  posted_ = 0;
  if (upgrading_) {
    maybe_finish_upgrade(now);
    return;
  }
  owner_.on_transport_drain(now);
}

void ClientTransport::on_ws_bytes(std::string_view bytes, sim::Time now) {
  PacketList packets;
  const bool open = ws_->on_bytes(bytes, packets);
  for (engineio::Packet& p : packets) {
    if (probing_) {
      // socket.ts `_probe`: the first packet must be the `3probe` pong.
      if (p.type == engineio::PacketType::Pong && p.data == "probe" && !upgrading_) {
        upgrading_ = true;
        owner_.on_transport_note("upgrading", "", now);
        maybe_finish_upgrade(now);
      }
      continue;
    }
    owner_.on_transport_packet(std::move(p), now);
    if (closed_) return;
  }
  if (!open && !closed_) {
    if (probing_) {
      owner_.on_transport_note("probe-error", "websocket closed", now);
      probing_ = false;
      upgrading_ = false;
      ws_.reset();
      ws_stream_ = nullptr;
      if (kind_ == socketio::Transport::Polling) poll(now);
    } else {
      // websocket.ts: `onerror` (a WebSocket failed on a protocol error) is a transport error;
      // `onclose` alone, a close.
      lost(ws_ && ws_->failed(), now);
    }
  }
}

void ClientTransport::maybe_finish_upgrade(sim::Time now) {
  // polling.ts `pause`: wait for the pending GET ("pollComplete") and POST ("drain").
  if (!upgrading_ || get_.in_flight || post_.in_flight) return;
  kind_ = socketio::Transport::WebSocket;
  probing_ = false;
  upgrading_ = false;
  ws_->write(engineio::Packet{engineio::PacketType::Upgrade, {}});  // `5`
  owner_.on_transport_note("upgrade", "websocket", now);
  // The polling connections are no longer used: they stay in the browser's pool, idle, until the
  // server closes them (keepAliveTimeout; the stream answers that FIN with its own).
  for (HttpChannel* c : {&get_, &post_}) {
    if (c->stream != nullptr) {
      c->stream->set_listener(nullptr);
      c->stream = nullptr;
    }
  }
  owner_.on_transport_drain(now);
}

void ClientTransport::on_stream_peer_closed(tcp::ByteStream& stream) {
  stream.close();
  on_stream_closed(stream, tcp::TcpEvent::Kind::Closed);
}

void ClientTransport::on_stream_closed(tcp::ByteStream& stream, tcp::TcpEvent::Kind why) {
  if (closed_) return;
  const sim::Time now = tcp_.simulator().now();
  const bool error = why != tcp::TcpEvent::Kind::Closed;
  if (why == tcp::TcpEvent::Kind::AddressUnavailable) {
    // The browser's connect failed: the page sees a transport error.
    owner_.on_transport_note("tcp-error", "EADDRNOTAVAIL: no free local port", now);
  }
  if (&stream == ws_stream_) {
    ws_stream_ = nullptr;
    if (probing_) {
      owner_.on_transport_note("probe-error", "transport closed", now);
      probing_ = false;
      upgrading_ = false;
      ws_.reset();
      if (kind_ == socketio::Transport::Polling) poll(now);
      return;
    }
    // Before the 101, a closed connection fails the upgrade request (Node's "socket hang up",
    // a browser's failed handshake): ws emits "error", an error like a reset. After it, a close
    // without an error is a close (ws `socketOnClose`: "close" only, code 1006).
    if (ws_) ws_->on_transport_closed();
    lost(error || !ws_, now);
    return;
  }
  for (HttpChannel* c : {&get_, &post_}) {
    if (c->stream != &stream) continue;
    c->stream = nullptr;
    // An idle keep-alive connection may close (the server's keepAliveTimeout): the next request
    // opens another. One that closes under a request it was reused for, before any of the
    // answer came, is the keep-alive race: the browser sends the request again on a new
    // connection (Chromium HttpNetworkTransaction::ShouldResendRequest). Any other request in
    // flight fails with its connection.
    const bool race = why == tcp::TcpEvent::Kind::Closed || why == tcp::TcpEvent::Kind::Reset;
    if (c->in_flight && c->open && c->answered > 0 && !c->answering && race) {
      owner_.on_transport_note("http-resend", c == &get_ ? "GET" : "POST", now);
      send_request_bytes(*c, std::move(c->request));
    } else if (c->in_flight || !c->open) {
      c->in_flight = false;
      lost(true, now);
    }
    return;
  }
}

void ClientTransport::lost(bool error, sim::Time now) {
  if (closed_) return;
  if (error) {
    // socket.ts `_onError` → `_onClose("transport error")` → `transport.close()`: an error
    // leaves the transport open, so a polling one still writes its close packet (`doClose`),
    // which the server reads as a close. A close (the server's close packet, a closed
    // WebSocket) leaves it closed, and nothing more is written.
    close({});
  } else {
    shut();
  }
  owner_.on_transport_lost(error, now);
}

void ClientTransport::close(std::vector<engineio::Packet> unsent) {
  // Once: a transport error closed it already (lost), and the Manager retiring it must not
  // close the connections its close packet and the held poll still use.
  if (closed_) return;
  // polling.ts `doClose`: an open polling transport writes a close packet (`1`) in a POST,
  // after the POST in flight (socket.ts `close()` waits for its "drain"; on a transport error
  // the reference writes it at once, which may overlap a POST in flight, and the model waits
  // for that one too); the server ends the session when it reads it, and answers the poll in
  // flight (left pending, not aborted).
  if (kind_ == socketio::Transport::Polling && sid_ && !upgrading_) {
    close_packet_ = true;
    unsent_ = std::move(unsent);
  }
  shut();
  if (close_packet_ && !post_.in_flight) send_close_packet();
}

void ClientTransport::send_close_packet() {
  // The write buffer drains first (socket.ts `close()` waits for "drain").
  if (!unsent_.empty()) {
    post(unsent_, tcp_.simulator().now());
    return;
  }
  close_packet_ = false;
  std::vector<engineio::Packet> close{engineio::Packet{engineio::PacketType::Close, {}}};
  post(close, tcp_.simulator().now());
}

void ClientTransport::on_closing_data(HttpChannel& channel, std::string_view bytes) {
  channel.parser.feed(bytes);
  if (!channel.parser.next() && !channel.parser.failed()) return;
  channel.in_flight = false;
  if (&channel == &post_ && close_packet_) {
    send_close_packet();  // the POST in flight is answered: now the close packet
    return;
  }
  channel.stream->set_listener(nullptr);
  channel.stream->close();
  channel.stream = nullptr;
}

void ClientTransport::shut() {
  if (closed_ && ws_stream_ == nullptr && get_.stream == nullptr && post_.stream == nullptr) return;
  closed_ = true;
  // engine.io-client closes its transport: an open WebSocket starts the closing handshake
  // (RFC 6455 §7.1.2; the server then closes TCP, §7.1.1); HTTP connections are closed.
  if (ws_stream_ != nullptr) {
    ws_stream_->set_listener(nullptr);
    if (ws_ && ws_->open()) ws_->close();
    ws_stream_->close();
    ws_stream_ = nullptr;
  }
  for (HttpChannel* c : {&get_, &post_}) {
    // With the close packet to send, the requests in flight are left to complete, and the POST
    // connection stays for it.
    if (close_packet_ && (c->in_flight || c == &post_)) continue;
    if (c->stream != nullptr) {
      c->stream->set_listener(nullptr);
      c->stream->close();
      c->stream = nullptr;
    }
  }
  ws_.reset();
}

}  // namespace netsim::realtime
