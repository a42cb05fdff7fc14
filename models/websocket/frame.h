// WebSocket frames (RFC 6455 §5.2): the encoder and an incremental parser.
//
//   byte 0: FIN RSV1 RSV2 RSV3 opcode(4)      byte 1: MASK payload-len(7)
//   [extended length: 2 bytes if payload-len is 126, 8 bytes if 127]
//   [masking key: 4 bytes if MASK]            payload
//
// The encoder writes any frame it is given, including ones the RFC forbids (tests build bad
// frames with it). The parser enforces the framing rules a receiver checks before looking at
// messages: reserved bits (§5.2), reserved opcodes (§5.2), control-frame limits (§5.5), the
// 64-bit length's high bit (§5.2), masking by role (§5.1), and a maximum payload size (§10.4).
// A violation is a ProtocolError carrying the close status code to fail the connection with.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace netsim::websocket {

// RFC 6455 §5.2, §11.8. Values 0x3-0x7 and 0xB-0xF are reserved; a parser reports them.
enum class Opcode : std::uint8_t {
  Continuation = 0x0,
  Text = 0x1,
  Binary = 0x2,
  Close = 0x8,
  Ping = 0x9,
  Pong = 0xA,
};

// "text", "binary", ..., "reserved"
std::string_view to_string(Opcode opcode);

// §5.5: control frames have opcodes with the most significant bit set.
constexpr bool is_control(Opcode opcode) { return (static_cast<std::uint8_t>(opcode) & 0x8) != 0; }

// Which end of the connection: a client masks what it sends, a server never does (§5.1).
enum class Role : std::uint8_t { Client, Server };

using MaskKey = std::array<std::uint8_t, 4>;

struct Frame {
  bool fin = true;
  std::uint8_t rsv = 0;  // RSV1 RSV2 RSV3 as bits 2..0 (RSV1 = 0b100)
  Opcode opcode = Opcode::Text;
  bool masked = false;
  MaskKey mask_key{};   // meaningful when masked
  std::string payload;  // application data, unmasked
  bool operator==(const Frame&) const = default;
};

// §5.5: control frames carry at most 125 bytes.
inline constexpr std::size_t kMaxControlPayload = 125;

// Header bytes for a payload of this length: 2, 4 (126-65535) or 10 (≥ 65536), plus 4 for the
// masking key (§5.2: the minimal length encoding MUST be used).
constexpr std::size_t frame_header_size(std::uint64_t payload_length, bool masked) {
  const std::size_t length_bytes = payload_length < 126 ? 2 : payload_length <= 0xFFFF ? 4 : 10;
  return length_bytes + (masked ? 4 : 0);
}

// §5.3: octet i of the data is XORed with octet i mod 4 of the key. Masking and unmasking are
// the same operation.
void apply_mask(char* data, std::size_t length, const MaskKey& key);

// Appends the frame's bytes (minimal length encoding; the payload masked if frame.masked).
void append_frame(const Frame& frame, std::string& out);

// Why the peer's bytes are not acceptable: the status code to send in our Close frame (§7.4.1)
// and a short static description for reports.
struct ProtocolError {
  std::uint16_t close_code;
  std::string_view reason;
  bool operator==(const ProtocolError&) const = default;
};

// Reassembles frames from a TCP byte stream, for one role.
class FrameParser {
 public:
  // ws's default maxPayload (lib/websocket-server.js): 100 MiB.
  static constexpr std::uint64_t kDefaultMaxPayload = 100 * 1024 * 1024;

  // `negotiated_rsv` holds the RSV bits an extension gave meaning to (§5.2); none by default.
  explicit FrameParser(Role role, std::uint64_t max_payload = kDefaultMaxPayload,
                       std::uint8_t negotiated_rsv = 0)
      : role_(role), max_payload_(max_payload), negotiated_rsv_(negotiated_rsv) {}

  // Bytes from the peer, in any pieces. Ignored after an error.
  void feed(std::string_view bytes);

  // The next complete frame, payload unmasked; nothing if more bytes are needed or the stream
  // is in error. A bad header is reported as soon as its bytes are in, before the payload.
  std::optional<Frame> next();

  // feed() and next() in one: calls `on_frame(Frame)` for each complete frame of `bytes` (after
  // any already buffered) until it returns false; what is left is buffered, as feed() would.
  // While nothing is buffered, frames are parsed straight out of `bytes`, without the copy
  // into the buffer (the usual case: a TCP segment holds whole frames).
  template <typename OnFrame>
  void parse(std::string_view bytes, OnFrame&& on_frame);

  const std::optional<ProtocolError>& error() const { return error_; }

  // Bytes received but not yet returned as frames.
  std::size_t buffered() const { return buffer_.size() - pos_; }

  // A payload the application is done with: its buffer holds the next frame's payload, so that
  // a stream of messages (one per delivery in a broadcast) does not allocate one each. Not a
  // large one: thousands of connections would each keep the largest message they ever got.
  static constexpr std::size_t kMaxRecycled = 4096;
  void recycle(std::string&& payload) {
    if (payload.capacity() <= kMaxRecycled && payload.capacity() > spare_.capacity())
      spare_ = std::move(payload);
  }

 private:
  std::optional<Frame> fail(std::uint16_t code, std::string_view reason);
  // The frame at the start of `in`, and the bytes it took (0 when incomplete or in error).
  std::optional<Frame> parse_one(std::string_view in, std::size_t& used);

  Role role_;                           // ours: a server requires masked frames, a client unmasked
  std::uint64_t max_payload_;           // larger frames fail with 1009
  std::uint8_t negotiated_rsv_;         // RSV bits an extension allows; others fail with 1002
  std::string buffer_;                  // received bytes; [0, pos_) already parsed
  std::size_t pos_ = 0;                 // start of the next frame in buffer_
  std::optional<ProtocolError> error_;  // set once; the stream is dead after it
  std::string spare_;                   // a recycled payload buffer (recycle)
};

template <typename OnFrame>
void FrameParser::parse(std::string_view bytes, OnFrame&& on_frame) {
  if (error_) return;
  if (buffered() > 0) {  // a frame already in pieces: continue in the buffer
    feed(bytes);
    while (std::optional<Frame> frame = next()) {
      if (!on_frame(std::move(*frame))) return;
    }
    return;
  }
  while (!bytes.empty()) {
    std::size_t used = 0;
    std::optional<Frame> frame = parse_one(bytes, used);
    if (!frame) {
      if (!error_) feed(bytes);  // an incomplete frame waits for its remaining bytes
      return;
    }
    bytes.remove_prefix(used);
    if (!on_frame(std::move(*frame))) {
      feed(bytes);
      return;
    }
  }
}

}  // namespace netsim::websocket
