// One end of a WebSocket connection after the opening handshake (RFC 6455 §5-§7), as a sans-IO
// state machine. It reads no clock (the protocol has no timers of its own) and does no I/O:
// the adapter hands it the bytes TCP delivered (on_bytes) and the end of the TCP connection
// (on_transport_closed), writes outbox() to TCP, and closes TCP when should_close_transport()
// says so. Events for the application collect in events(). Tests drive it directly.
//
// Implemented: masking of client frames with a fresh key per frame (§5.3); fragmentation on
// send and reassembly on receipt (§5.4); automatic Pong for each Ping (§5.5.2); the closing
// handshake (§5.5.1, §7.1.2-§7.1.4), the server closing TCP first (§7.1.1); failing the
// connection on protocol errors with the RFC's status codes (§7.1.7, §7.4.1); the close code
// and wasClean reported at the end (§7.1.5, §7.1.6, the WebSocket API's CloseEvent).
//
// Ready states are the WebSocket API's (readyState): CONNECTING is the opening handshake,
// which is not this class's job, so an endpoint starts OPEN.
#pragma once

#include <array>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/websocket/close_status.h"
#include "models/websocket/frame.h"
#include "models/websocket/message.h"
#include "sim/random.h"

namespace netsim::websocket {

enum class ReadyState : std::uint8_t {
  Open,     // data flows both ways
  Closing,  // a Close was sent or received (or the connection failed); TCP still up
  Closed,   // TCP is gone
};

// "OPEN", "CLOSING", "CLOSED"
std::string_view to_string(ReadyState state);

struct Event {
  enum class Kind : std::uint8_t {
    Message,        // a complete message: opcode (Text or Binary) and payload
    Ping,           // a Ping arrived (already answered if we were OPEN): payload
    Pong,           // a Pong arrived: payload
    CloseReceived,  // the peer's Close: code (1005 if it had none) and reason
    Closed,         // TCP closed: the connection's close code, reason, was_clean (§7.1.5)
    Failed,         // the peer broke the protocol; we sent Close with `code` (§7.1.7); reason
  };
  Kind kind;
  Opcode opcode = Opcode::Text;  // Message (Text or Binary), Ping, Pong
  std::string payload{};         // Message, Ping, Pong
  std::uint16_t code = 0;        // CloseReceived, Closed, Failed
  std::string reason{};          // CloseReceived, Closed, Failed
  bool was_clean = false;        // Closed
  bool operator==(const Event&) const = default;

  static Event message(Opcode opcode, std::string payload);
  static Event ping(std::string payload);
  static Event pong(std::string payload);
  static Event close_received(std::uint16_t code, std::string reason = {});
  static Event closed(std::uint16_t code, std::string reason, bool was_clean);
  static Event failed(std::uint16_t code, std::string reason);
};

// Events since the application last took them: usually one, held in place (a heap buffer per
// endpoint was one more cache miss per message in a broadcast to many connections).
using EventList = boost::container::small_vector<Event, 2>;

// What became of an application call. Anything but Sent is API misuse; nothing was sent.
enum class SendResult : std::uint8_t {
  Sent,
  NotOpen,                 // a Close was sent or received (§5.5.1), or the connection failed
  ControlPayloadTooLarge,  // ping/pong payload over 125 bytes (§5.5)
  InvalidCloseCode,        // not a code that may be sent (§7.4)
  InvalidCloseReason,      // reason over 123 bytes or not UTF-8 (§5.5.1)
  InvalidArgument,         // send_fragmented: not Text/Binary, or a fragment size of 0
};

std::string_view to_string(SendResult result);

struct EndpointConfig {
  // Largest frame payload and message accepted; over it the connection fails with 1009.
  std::uint64_t max_payload = FrameParser::kDefaultMaxPayload;
};

struct EndpointStats {
  std::uint64_t bytes_sent = 0;      // frame bytes put in the outbox
  std::uint64_t bytes_received = 0;  // bytes given to on_bytes(), including ignored ones
  std::uint64_t messages_sent = 0;
  std::uint64_t messages_received = 0;
  std::array<std::uint64_t, 16> frames_sent{};      // indexed by opcode value
  std::array<std::uint64_t, 16> frames_received{};  // indexed by opcode value

  std::uint64_t sent(Opcode opcode) const { return frames_sent[static_cast<std::uint8_t>(opcode)]; }
  std::uint64_t received(Opcode opcode) const {
    return frames_received[static_cast<std::uint8_t>(opcode)];
  }
};

class Endpoint {
 public:
  // A client masks every frame with a key drawn from `rng` (§5.3).
  static Endpoint client(sim::Rng rng, EndpointConfig config = {});
  static Endpoint server(EndpointConfig config = {});

  Role role() const { return role_; }
  ReadyState state() const { return state_; }

  // --- the transport -------------------------------------------------------------------------
  void on_bytes(std::string_view bytes);  // TCP delivered these bytes
  void on_transport_closed();             // the TCP connection is gone → CLOSED

  // True when the adapter should close TCP now. §7.1.1: the server closes first, once it has
  // sent Close and received one (or failed the connection); a client waits for the server and
  // never asks (an adapter may give up after a timeout of its own, as ws does after 30 s).
  bool should_close_transport() const;

  // --- the application -----------------------------------------------------------------------
  SendResult send_text(std::string_view text);  // the caller passes UTF-8 (§5.6)
  SendResult send_binary(std::string_view data);
  // One message as fragments of at most `fragment_size` bytes (§5.4): the first frame has the
  // opcode, the rest are Continuation, the last has FIN. An empty payload is one empty frame.
  SendResult send_fragmented(Opcode opcode, std::string_view payload, std::size_t fragment_size);
  SendResult ping(std::string_view payload = {});
  SendResult pong(std::string_view payload = {});  // unsolicited: a heartbeat (§5.5.3)
  // Starts the closing handshake (§7.1.2). No code sends an empty Close body (the peer then
  // reports 1005), as the WebSocket API's close() does.
  SendResult close(std::optional<std::uint16_t> code = std::nullopt, std::string_view reason = {});

  // --- outputs -------------------------------------------------------------------------------
  std::string& outbox() { return outbox_; }  // bytes for TCP; the caller clears
  EventList& events() { return events_; }    // for the application; the caller clears

  bool close_sent() const { return close_sent_; }
  bool close_received() const { return close_received_; }
  bool failed() const { return failed_; }
  const EndpointStats& stats() const { return stats_; }
  // A received payload the application is done with (FrameParser::recycle).
  void recycle(std::string&& payload) { parser_.recycle(std::move(payload)); }

 private:
  Endpoint(Role role, std::optional<sim::Rng> rng, EndpointConfig config);

  void set_state(ReadyState state);
  void send_frame(Opcode opcode, std::string_view payload, bool fin = true);
  void send_close(std::optional<std::uint16_t> code, std::string_view reason);
  void handle_frame(Frame frame);
  void handle_close(std::string_view payload);
  void fail(const ProtocolError& error);  // §7.1.7 _Fail the WebSocket Connection_

  Role role_;
  std::optional<sim::Rng> rng_;  // masking keys; a client's only
  ReadyState state_ = ReadyState::Open;
  FrameParser parser_;
  MessageAssembler assembler_;
  bool close_sent_ = false;      // we sent a Close frame
  bool close_received_ = false;  // the peer's Close frame arrived
  bool failed_ = false;          // we failed the connection; its input is ignored
  CloseBody peer_close_;         // the received Close: _The WebSocket Connection Close Code_
  std::string outbox_;
  EventList events_;
  EndpointStats stats_;
};

}  // namespace netsim::websocket
