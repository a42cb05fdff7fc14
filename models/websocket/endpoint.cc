// RFC 6455 §5.1 and §5.3 (client masking), §5.4 (fragmentation), §5.5 (control frames),
// §7.1 (closing the connection), §7.4 (status codes).
#include "models/websocket/endpoint.h"

#include <utility>

#include "models/websocket/utf8.h"
#include "sim/assert.h"

namespace netsim::websocket {

std::string_view to_string(ReadyState state) {
  switch (state) {
    case ReadyState::Open:
      return "OPEN";
    case ReadyState::Closing:
      return "CLOSING";
    case ReadyState::Closed:
      return "CLOSED";
  }
  return "UNKNOWN";
}

std::string_view to_string(SendResult result) {
  switch (result) {
    case SendResult::Sent:
      return "sent";
    case SendResult::NotOpen:
      return "not open";
    case SendResult::ControlPayloadTooLarge:
      return "control payload over 125 bytes";
    case SendResult::InvalidCloseCode:
      return "invalid close code";
    case SendResult::InvalidCloseReason:
      return "invalid close reason";
    case SendResult::InvalidArgument:
      return "invalid argument";
  }
  return "unknown";
}

Event Event::message(Opcode opcode, std::string payload) {
  Event e{Kind::Message};
  e.opcode = opcode;
  e.payload = std::move(payload);
  return e;
}

Event Event::ping(std::string payload) {
  Event e{Kind::Ping};
  e.opcode = Opcode::Ping;
  e.payload = std::move(payload);
  return e;
}

Event Event::pong(std::string payload) {
  Event e{Kind::Pong};
  e.opcode = Opcode::Pong;
  e.payload = std::move(payload);
  return e;
}

Event Event::close_received(std::uint16_t code, std::string reason) {
  Event e{Kind::CloseReceived};
  e.code = code;
  e.reason = std::move(reason);
  return e;
}

Event Event::closed(std::uint16_t code, std::string reason, bool was_clean) {
  Event e{Kind::Closed};
  e.code = code;
  e.reason = std::move(reason);
  e.was_clean = was_clean;
  return e;
}

Event Event::failed(std::uint16_t code, std::string reason) {
  Event e{Kind::Failed};
  e.code = code;
  e.reason = std::move(reason);
  return e;
}

Endpoint Endpoint::client(sim::Rng rng, EndpointConfig config) {
  return Endpoint(Role::Client, rng, config);
}

Endpoint Endpoint::server(EndpointConfig config) {
  return Endpoint(Role::Server, std::nullopt, config);
}

Endpoint::Endpoint(Role role, std::optional<sim::Rng> rng, EndpointConfig config)
    : role_(role), rng_(rng), parser_(role, config.max_payload), assembler_(config.max_payload) {}

void Endpoint::set_state(ReadyState state) {
  NETSIM_ASSERT(state_ != ReadyState::Closed, "a CLOSED WebSocket endpoint changes no more");
  state_ = state;
}

// --- the transport ---------------------------------------------------------------------------

void Endpoint::on_bytes(std::string_view bytes) {
  stats_.bytes_received += bytes.size();
  // §1.4: "after receiving a control frame indicating the connection should be closed, a peer
  // discards any further data received"; §7.1.7: after failing, "MUST NOT continue to attempt
  // to process data (including a responding Close frame) from the remote endpoint".
  if (state_ == ReadyState::Closed || close_received_ || failed_) return;
  parser_.parse(bytes, [this](Frame frame) {
    handle_frame(std::move(frame));
    return !close_received_ && !failed_;
  });
  if (!close_received_ && !failed_ && parser_.error()) fail(*parser_.error());
}

void Endpoint::on_transport_closed() {
  if (state_ == ReadyState::Closed) return;
  // §7.1.5: the close code is the one in the first Close frame received, 1005 if it had none,
  // and 1006 if none arrived. wasClean: both Close frames went through (the WebSocket API).
  if (close_received_) {
    events_.push_back(Event::closed(peer_close_.code, peer_close_.reason, close_sent_));
  } else {
    events_.push_back(Event::closed(kAbnormalClosure, {}, false));
  }
  set_state(ReadyState::Closed);
}

bool Endpoint::should_close_transport() const {
  return state_ != ReadyState::Closed && role_ == Role::Server && close_sent_ &&
         (close_received_ || failed_);
}

void Endpoint::handle_frame(Frame frame) {
  ++stats_.frames_received[static_cast<std::uint8_t>(frame.opcode)];
  switch (frame.opcode) {
    case Opcode::Ping:
      // §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response,
      // unless it already received a Close frame." Like ws, none once we have sent Close either.
      if (state_ == ReadyState::Open) send_frame(Opcode::Pong, frame.payload);
      events_.push_back(Event::ping(std::move(frame.payload)));
      return;
    case Opcode::Pong:
      events_.push_back(Event::pong(std::move(frame.payload)));
      return;
    case Opcode::Close:
      handle_close(frame.payload);
      return;
    case Opcode::Continuation:
    case Opcode::Text:
    case Opcode::Binary:
      break;
  }
  std::optional<Message> message = assembler_.add(std::move(frame));
  if (assembler_.error()) {
    fail(*assembler_.error());
  } else if (message) {
    ++stats_.messages_received;
    events_.push_back(Event::message(message->opcode, std::move(message->payload)));
  }
}

void Endpoint::handle_close(std::string_view payload) {
  auto parsed = parse_close_payload(payload);
  if (const ProtocolError* error = std::get_if<ProtocolError>(&parsed)) {
    fail(*error);
    return;
  }
  peer_close_ = std::get<CloseBody>(std::move(parsed));
  close_received_ = true;
  events_.push_back(Event::close_received(peer_close_.code, peer_close_.reason));
  // §5.5.1: "If an endpoint receives a Close frame and did not previously send a Close frame,
  // the endpoint MUST send a Close frame in response. ... it typically echos the status code
  // it received." An empty Close is answered with an empty one, as ws does.
  if (!close_sent_) {
    send_close(
        peer_close_.code == kNoStatusReceived ? std::nullopt : std::optional(peer_close_.code), {});
  }
  set_state(ReadyState::Closing);
}

void Endpoint::fail(const ProtocolError& error) {
  failed_ = true;
  events_.push_back(Event::failed(error.close_code, std::string(error.reason)));
  // §7.1.7: "the endpoint SHOULD send a Close frame with an appropriate status code"; the code
  // alone, as ws sends it.
  if (!close_sent_) send_close(error.close_code, {});
  set_state(ReadyState::Closing);
}

// --- the application -------------------------------------------------------------------------

SendResult Endpoint::send_text(std::string_view text) {
  return send_fragmented(Opcode::Text, text, text.size() + 1);
}

SendResult Endpoint::send_binary(std::string_view data) {
  return send_fragmented(Opcode::Binary, data, data.size() + 1);
}

SendResult Endpoint::send_fragmented(Opcode opcode, std::string_view payload,
                                     std::size_t fragment_size) {
  if ((opcode != Opcode::Text && opcode != Opcode::Binary) || fragment_size == 0) {
    return SendResult::InvalidArgument;
  }
  // §5.5.1: "after sending a Close frame, the endpoint MUST NOT send any further data frames".
  if (state_ != ReadyState::Open) return SendResult::NotOpen;
  Opcode frame_opcode = opcode;
  std::size_t offset = 0;
  do {
    const std::string_view fragment = payload.substr(offset, fragment_size);
    offset += fragment.size();
    send_frame(frame_opcode, fragment, offset == payload.size());
    frame_opcode = Opcode::Continuation;  // §5.4: later fragments are continuation frames
  } while (offset < payload.size());
  ++stats_.messages_sent;
  return SendResult::Sent;
}

SendResult Endpoint::ping(std::string_view payload) {
  if (payload.size() > kMaxControlPayload) return SendResult::ControlPayloadTooLarge;
  if (state_ != ReadyState::Open) return SendResult::NotOpen;
  send_frame(Opcode::Ping, payload);
  return SendResult::Sent;
}

SendResult Endpoint::pong(std::string_view payload) {
  if (payload.size() > kMaxControlPayload) return SendResult::ControlPayloadTooLarge;
  if (state_ != ReadyState::Open) return SendResult::NotOpen;
  send_frame(Opcode::Pong, payload);
  return SendResult::Sent;
}

SendResult Endpoint::close(std::optional<std::uint16_t> code, std::string_view reason) {
  if (code && !is_valid_close_code(*code)) return SendResult::InvalidCloseCode;
  // §5.5.1: a reason follows a code, fits the 125-byte control payload, and is UTF-8.
  if ((!code && !reason.empty()) || reason.size() > kMaxCloseReason || !is_valid_utf8(reason)) {
    return SendResult::InvalidCloseReason;
  }
  if (state_ != ReadyState::Open) return SendResult::NotOpen;
  send_close(code, reason);
  set_state(ReadyState::Closing);
  return SendResult::Sent;
}

void Endpoint::send_close(std::optional<std::uint16_t> code, std::string_view reason) {
  send_frame(Opcode::Close, close_payload(code, reason));
  close_sent_ = true;
}

void Endpoint::send_frame(Opcode opcode, std::string_view payload, bool fin) {
  Frame frame;
  frame.fin = fin;
  frame.opcode = opcode;
  frame.payload = payload;
  if (role_ == Role::Client) {
    // §5.3: "The masking key is a 32-bit value chosen at random by the client ... a fresh
    // masking key for each frame".
    frame.masked = true;
    std::uint64_t bits = rng_->next_u64();
    for (std::uint8_t& b : frame.mask_key) {
      b = static_cast<std::uint8_t>(bits);
      bits >>= 8;
    }
  }
  const std::size_t before = outbox_.size();
  append_frame(frame, outbox_);
  stats_.bytes_sent += outbox_.size() - before;
  ++stats_.frames_sent[static_cast<std::uint8_t>(opcode)];
}

}  // namespace netsim::websocket
