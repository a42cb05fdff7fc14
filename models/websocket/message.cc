// RFC 6455 §5.4 (fragmentation), §5.6 (text is UTF-8), §8.1 (invalid UTF-8 fails with 1007),
// §10.4 (size limits, 1009).
#include "models/websocket/message.h"

#include "models/websocket/close_status.h"
#include "sim/assert.h"

namespace netsim::websocket {

std::optional<Message> MessageAssembler::fail(std::uint16_t code, std::string_view reason) {
  error_ = ProtocolError{code, reason};
  in_message_ = false;
  current_ = Message{};
  return std::nullopt;
}

std::optional<Message> MessageAssembler::add(Frame frame) {
  NETSIM_ASSERT(!is_control(frame.opcode), "control frames do not go to the message assembler");
  if (error_) return std::nullopt;
  if (frame.opcode == Opcode::Continuation) {
    // §5.4: continuation frames only follow a data frame without FIN.
    if (!in_message_) return fail(kProtocolError, "continuation frame outside a message");
  } else {
    // §5.4: "fragments of one message MUST NOT be interleaved between fragments of another".
    if (in_message_) return fail(kProtocolError, "data frame inside a fragmented message");
    in_message_ = true;
    current_ = Message{frame.opcode, {}};
    utf8_ = Utf8Validator{};
  }
  if (frame.payload.size() > max_message_size_ - current_.payload.size()) {
    return fail(kMessageTooBig, "message over the maximum");
  }
  if (current_.opcode == Opcode::Text && !utf8_.feed(frame.payload)) {
    return fail(kInvalidPayloadData, "text message is not UTF-8");
  }
  if (current_.payload.empty()) {
    current_.payload = std::move(frame.payload);
  } else {
    current_.payload += frame.payload;
  }
  if (!frame.fin) return std::nullopt;
  if (current_.opcode == Opcode::Text && !utf8_.complete()) {
    return fail(kInvalidPayloadData, "text message ends inside a UTF-8 sequence");
  }
  in_message_ = false;
  Message message = std::move(current_);
  current_ = Message{};
  return message;
}

}  // namespace netsim::websocket
