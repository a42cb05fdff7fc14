// Messages from frames (RFC 6455 §5.4 fragmentation, §5.6 data frames).
//
// A message is one Text or Binary frame with FIN set, or such a frame without FIN followed by
// Continuation frames, the last with FIN. Control frames may come between fragments (§5.4) and
// never reach the assembler. Sequence errors fail the connection with 1002; a text message that
// is not UTF-8 with 1007 (§8.1), as soon as a fragment shows it; a message larger than the
// maximum with 1009.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/websocket/frame.h"
#include "models/websocket/utf8.h"

namespace netsim::websocket {

struct Message {
  Opcode opcode = Opcode::Text;  // Text or Binary
  std::string payload;
  bool operator==(const Message&) const = default;
};

class MessageAssembler {
 public:
  explicit MessageAssembler(std::uint64_t max_message_size = FrameParser::kDefaultMaxPayload)
      : max_message_size_(max_message_size) {}

  // Adds a data frame (Text, Binary or Continuation). Returns the message it completes, if any.
  // After an error, error() is set and further frames are ignored.
  std::optional<Message> add(Frame frame);

  const std::optional<ProtocolError>& error() const { return error_; }

  // A fragmented message has started and not finished.
  bool in_message() const { return in_message_; }

 private:
  std::optional<Message> fail(std::uint16_t code, std::string_view reason);

  std::uint64_t max_message_size_;
  bool in_message_ = false;
  Message current_;
  Utf8Validator utf8_;  // over current_.payload when it is text
  std::optional<ProtocolError> error_;
};

}  // namespace netsim::websocket
