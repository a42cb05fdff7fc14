// The client side of Engine.IO's transports for one engine session (engine.io-client 6.6):
// HTTP long-polling (transports/polling.ts: one GET always pending to receive, one POST at a
// time to send, packets batched with \x1e up to maxPayload), WebSocket (transports/websocket.ts:
// one packet per frame), and the upgrade from polling to WebSocket (socket.ts `_probe`):
//   1. right after the handshake, a WebSocket is opened with the session's sid;
//   2. `2probe` is sent on it and `3probe` expected;
//   3. polling is paused: the pending GET (released by the server's noop) and POST complete,
//      and no new request is made — nothing can be lost or reordered;
//   4. the WebSocket becomes the transport, `5` (upgrade) is sent on it, then the write buffer.
// A probe that fails leaves the session on polling.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/engineio/open_packet.h"
#include "models/engineio/packet.h"
#include "models/http/parser.h"
#include "models/net/receive_state.h"
#include "models/realtime/ws_link.h"
#include "models/socketio/options.h"
#include "models/tcp/byte_stream.h"
#include "sim/random.h"

namespace netsim::realtime {

struct ClientSpec;

class ClientTransport final : public tcp::StreamListener {
 public:
  // What the engine above the transport hears.
  class Owner {
   public:
    virtual ~Owner() = default;
    virtual void on_transport_packet(engineio::Packet packet, sim::Time now) = 0;
    // The transport failed or closed (the engine closes with "transport error"/"transport close").
    virtual void on_transport_lost(bool error, sim::Time now) = 0;
    // The transport can take more of the write buffer (a POST completed, an upgrade finished).
    virtual void on_transport_drain(sim::Time now) = 0;
    // For the timeline: "ws-open", "probe", "upgrading", "upgrade", "probe-error", ...
    virtual void on_transport_note(std::string_view what, std::string detail, sim::Time now) = 0;
    // Lists what a message arriving on the WebSocket reads of the owner (and of the sockets
    // above it) in the stream's receive state (net::ReceiveState).
    virtual void list_receive_state(net::ReceiveState& state) const = 0;
  };

  ClientTransport(tcp::TcpLayer& tcp, tcp::StreamDirectory& streams, net::Ipv4Address server,
                  const ClientSpec& spec, sim::Rng rng, Owner& owner);
  ~ClientTransport() override;
  ClientTransport(const ClientTransport&) = delete;
  ClientTransport& operator=(const ClientTransport&) = delete;

  // Opens the first transport of the client's `transports` option.
  void open(sim::Time now);
  // The open packet arrived: polling keeps polling; an upgrade probe starts if the server
  // offers websocket and the client allows it.
  void on_handshake(const engineio::Handshake& handshake, sim::Time now);
  // Hands the transport what it can take now from the engine's write buffer (removed from it):
  // WebSocket everything; polling one POST batch when none is in flight; nothing while paused
  // for the upgrade (socket.ts `flush`: not while `upgrading`).
  void flush(std::vector<engineio::Packet>& buffer, sim::Time now);
  // transport.writable (a volatile packet is dropped when false).
  bool writable() const;
  // Closes everything (the engine is closing): an open WebSocket starts its closing handshake;
  // an open polling transport POSTs `unsent` (what the engine had left to write) and a close
  // packet, after the POST in flight, and its other HTTP connection is closed. Nothing is
  // reported afterwards.
  void close(std::vector<engineio::Packet> unsent = {});

  bool on_websocket() const { return kind_ == socketio::Transport::WebSocket; }
  bool upgrading() const { return upgrading_; }
  // A packet's data the owner is done with: a WebSocket's next frame reuses its buffer.
  void recycle(std::string&& data) {
    if (ws_) ws_->recycle(std::move(data));
  }

  // tcp::StreamListener
  void on_stream_open(tcp::ByteStream& stream) override;
  void on_stream_data(tcp::ByteStream& stream, std::string_view bytes) override;
  void on_stream_peer_closed(tcp::ByteStream& stream) override;
  void on_stream_closed(tcp::ByteStream& stream, tcp::TcpEvent::Kind why) override;

 private:
  // One HTTP/1.1 keep-alive connection for polling requests (GETs on one, POSTs on another,
  // as browsers use two connections for the concurrent requests).
  struct HttpChannel {
    tcp::ByteStream* stream = nullptr;
    http::ResponseParser parser;
    bool open = false;
    bool in_flight = false;
    std::string pending;         // a request written before the connection opened
    std::string request;         // the request in flight, to send again (below)
    std::uint32_t answered = 0;  // responses this connection carried: it is a reused one
    bool answering = false;      // bytes of the response in flight have come
  };

  std::string query(socketio::Transport transport) const;
  void poll(sim::Time now);
  void post(std::vector<engineio::Packet>& buffer, sim::Time now);
  void send_request(HttpChannel& channel, http::Request request, sim::Time now);
  void send_request_bytes(HttpChannel& channel, std::string bytes);
  void on_poll_response(const http::Response& response, sim::Time now);
  void on_post_response(const http::Response& response, sim::Time now);
  void open_websocket(bool probe, sim::Time now);
  void on_ws_bytes(std::string_view bytes, sim::Time now);
  void maybe_finish_upgrade(sim::Time now);
  void lost(bool error, sim::Time now);
  // Stops the transport: nothing more is read, the connections close (not a POST still to
  // carry the close packet).
  void shut();
  void send_close_packet();
  // An HTTP connection after close(): the answer to its request in flight (on the POST one,
  // then to the close packet), then it closes.
  void on_closing_data(HttpChannel& channel, std::string_view bytes);
  http::Request base_request(std::string method, socketio::Transport transport);

  tcp::TcpLayer& tcp_;
  tcp::StreamDirectory& streams_;
  net::Ipv4Address server_;
  const ClientSpec& spec_;
  sim::Rng rng_;
  Owner& owner_;

  socketio::Transport kind_ = socketio::Transport::WebSocket;
  std::optional<std::string> sid_;
  std::int64_t max_payload_ = 1'000'000;
  bool closed_ = false;

  // WebSocket (the transport, or the probe during an upgrade). Up to ws_http_, what each frame
  // reads, together (list_receive_state).
  tcp::ByteStream* ws_stream_ = nullptr;
  std::optional<WsLink> ws_;  // in place: each frame reaches it without a pointer hop
  bool probing_ = false;      // ws_ is the probe, not the transport
  bool upgrading_ = false;    // 3probe received: polling pauses
  http::ResponseParser ws_http_;
  http::Request ws_request_;

  // Polling.
  HttpChannel get_;
  HttpChannel post_;
  std::size_t posted_ = 0;                // packets in the POST in flight
  bool close_packet_ = false;             // close(): the close packet waits for the POST in flight
  std::vector<engineio::Packet> unsent_;  // close(): to POST before the close packet
};

}  // namespace netsim::realtime
