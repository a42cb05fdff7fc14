// RFC 6455 §5.1 (masking by role), §5.2 (base framing), §5.3 (masking), §5.5 (control frames),
// §7.4.1 (status codes 1002 and 1009).
#include "models/websocket/frame.h"

#include "models/websocket/close_status.h"

namespace netsim::websocket {
namespace {

constexpr std::uint8_t kFin = 0x80;
constexpr std::uint8_t kMask = 0x80;
constexpr std::uint8_t kLength16 = 126;
constexpr std::uint8_t kLength64 = 127;

bool is_defined(std::uint8_t opcode) { return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA); }

std::uint8_t byte_at(std::string_view bytes, std::size_t i) {
  return static_cast<std::uint8_t>(bytes[i]);
}

}  // namespace

std::string_view to_string(Opcode opcode) {
  switch (opcode) {
    case Opcode::Continuation:
      return "continuation";
    case Opcode::Text:
      return "text";
    case Opcode::Binary:
      return "binary";
    case Opcode::Close:
      return "close";
    case Opcode::Ping:
      return "ping";
    case Opcode::Pong:
      return "pong";
  }
  return "reserved";
}

void apply_mask(char* data, std::size_t length, const MaskKey& key) {
  for (std::size_t i = 0; i < length; ++i) {
    data[i] = static_cast<char>(static_cast<std::uint8_t>(data[i]) ^ key[i % 4]);
  }
}

void append_frame(const Frame& frame, std::string& out) {
  const std::uint64_t length = frame.payload.size();
  const std::size_t start = out.size();
  out.reserve(start + frame_header_size(length, frame.masked) + length);
  out += static_cast<char>((frame.fin ? kFin : 0) | ((frame.rsv & 0x7) << 4) |
                           (static_cast<std::uint8_t>(frame.opcode) & 0xF));
  const std::uint8_t mask_bit = frame.masked ? kMask : 0;
  // §5.2: 0-125 in the 7-bit field; 126 + 16-bit length; 127 + 64-bit length, network order.
  int length_bytes = 0;
  if (length < kLength16) {
    out += static_cast<char>(mask_bit | length);
  } else if (length <= 0xFFFF) {
    out += static_cast<char>(mask_bit | kLength16);
    length_bytes = 2;
  } else {
    out += static_cast<char>(mask_bit | kLength64);
    length_bytes = 8;
  }
  for (int i = length_bytes - 1; i >= 0; --i) out += static_cast<char>(length >> (8 * i));
  if (frame.masked) {
    for (const std::uint8_t b : frame.mask_key) out += static_cast<char>(b);
  }
  const std::size_t payload_at = out.size();
  out += frame.payload;
  if (frame.masked) apply_mask(out.data() + payload_at, length, frame.mask_key);
}

void FrameParser::feed(std::string_view bytes) {
  if (error_) return;
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
  } else if (pos_ > 0 && pos_ >= buffer_.size() / 2) {
    buffer_.erase(0, pos_);  // amortised: at most the unread half moves
    pos_ = 0;
  }
  buffer_.append(bytes);
}

std::optional<Frame> FrameParser::fail(std::uint16_t code, std::string_view reason) {
  error_ = ProtocolError{code, reason};
  buffer_.clear();
  pos_ = 0;
  return std::nullopt;
}

std::optional<Frame> FrameParser::next() {
  if (error_) return std::nullopt;
  std::size_t used = 0;
  std::optional<Frame> frame = parse_one(std::string_view(buffer_).substr(pos_), used);
  pos_ += used;
  return frame;
}

std::optional<Frame> FrameParser::parse_one(std::string_view in, std::size_t& used) {
  used = 0;
  if (in.size() < 2) return std::nullopt;
  const std::uint8_t b0 = byte_at(in, 0);
  const std::uint8_t b1 = byte_at(in, 1);
  Frame frame;
  frame.fin = (b0 & kFin) != 0;
  frame.rsv = (b0 >> 4) & 0x7;
  frame.opcode = static_cast<Opcode>(b0 & 0xF);
  frame.masked = (b1 & kMask) != 0;
  const std::uint8_t length7 = b1 & 0x7F;

  // §5.2: "MUST be 0 unless an extension is negotiated that defines meanings for non-zero
  // values. If a nonzero value is received and none of the negotiated extensions defines the
  // meaning of such a nonzero value, the receiving endpoint MUST _Fail the WebSocket
  // Connection_."
  if ((frame.rsv & ~negotiated_rsv_) != 0) {
    return fail(kProtocolError, "reserved bits set without a negotiated extension");
  }
  // §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail_".
  if (!is_defined(b0 & 0xF)) return fail(kProtocolError, "reserved opcode");
  // §5.5: "All control frames MUST have a payload length of 125 bytes or less and MUST NOT be
  // fragmented."
  if (is_control(frame.opcode)) {
    if (!frame.fin) return fail(kProtocolError, "fragmented control frame");
    if (length7 > kMaxControlPayload) {
      return fail(kProtocolError, "control frame payload over 125 bytes");
    }
  }
  // §5.1: "The server MUST close the connection upon receiving a frame that is not masked"; "A
  // client MUST close a connection if it detects a masked frame."
  if (role_ == Role::Server && !frame.masked) return fail(kProtocolError, "unmasked client frame");
  if (role_ == Role::Client && frame.masked) return fail(kProtocolError, "masked server frame");

  const std::size_t length_bytes = length7 == kLength16 ? 2 : length7 == kLength64 ? 8 : 0;
  if (in.size() < 2 + length_bytes) return std::nullopt;
  std::uint64_t length = length7;
  if (length_bytes > 0) {
    length = 0;
    for (std::size_t i = 0; i < length_bytes; ++i) length = (length << 8) | byte_at(in, 2 + i);
  }
  // A non-minimal length encoding is accepted: §5.2's "MUST" binds the sender, and ws does not
  // check it either.
  // §5.2: in the 64-bit form "the most significant bit MUST be 0".
  if (length_bytes == 8 && (length >> 63) != 0) {
    return fail(kProtocolError, "64-bit payload length with the high bit set");
  }
  // §10.4: an implementation limits frame size; §7.4.1: 1009 "message that is too big". Data
  // frames only, as ws (receiver.js `haveLength`: `this._opcode < 0x08`): a control frame is
  // at most 125 bytes whatever the limit.
  if (!is_control(frame.opcode) && length > max_payload_) {
    return fail(kMessageTooBig, "frame payload over the maximum");
  }

  const std::size_t header = 2 + length_bytes + (frame.masked ? 4 : 0);
  if (in.size() < header || in.size() - header < length) return std::nullopt;
  if (frame.masked) {
    for (std::size_t i = 0; i < 4; ++i) frame.mask_key[i] = byte_at(in, 2 + length_bytes + i);
  }
  frame.payload = std::move(spare_);  // its capacity, if one was recycled
  frame.payload.assign(in.substr(header, length));
  if (frame.masked) apply_mask(frame.payload.data(), frame.payload.size(), frame.mask_key);
  used = header + length;
  return frame;
}

}  // namespace netsim::websocket
