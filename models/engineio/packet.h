// Engine.IO protocol v4 packets and their two encodings (EIO-SPEC "Protocol" / "Packet
// encoding"; engine.io-parser 5.2.3 lib/commons.ts, encodePacket.ts, decodePacket.ts, index.ts),
// plus the client's rule for how many buffered packets go in one polling POST (engine.io-client
// 6.6.6 lib/socket.ts _getWritablePackets). See PROTOCOLS.md §7.1.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::engineio {

// EIO-SPEC "Packet types": the type is one ASCII digit on the wire.
enum class PacketType : char {
  Open = '0',
  Close = '1',
  Ping = '2',
  Pong = '3',
  Message = '4',
  Upgrade = '5',
  Noop = '6',
};

// The reference's name for the type ("open", "ping", ...), for traces.
std::string_view to_string(PacketType type);

// The type a character stands for, or nullopt ('7', 'x', ...).
std::optional<PacketType> packet_type_from_char(char c);

struct Packet {
  PacketType type = PacketType::Message;
  // Text packets: the UTF-8 text after the type character (empty if none). Binary packets: the
  // raw bytes.
  std::string data;
  // Binary data (an ArrayBuffer/Buffer in JavaScript). Only messages carry binary data: the
  // encodings drop the type of a binary packet and the decoders return it as a message.
  bool binary = false;

  bool operator==(const Packet&) const = default;
};

// Polling payloads separate packets with the ASCII record separator (EIO-SPEC "HTTP
// long-polling"; index.ts SEPARATOR = String.fromCharCode(30)).
inline constexpr char kRecordSeparator = '\x1e';

enum class FrameKind : std::uint8_t { Text, Binary };

// WebSocket: one packet per frame (EIO-SPEC "WebSocket"). A text packet is a text frame
// "<type><data>" ("4hello"); binary data goes as it is in a binary frame, with no type prefix.
FrameKind ws_frame_kind(const Packet& packet);
std::string encode_ws(const Packet& packet);

// decodePacket: a binary frame is a binary message. A text frame is "<type><data>", except that
// a text frame starting with 'b' is base64 binary, as in polling (the reference decoder does not
// know the transport). nullopt where the reference returns its error packet: an empty text frame
// or an unknown type character.
std::optional<Packet> decode_ws(std::string frame, bool binary_frame);

// encodePayload: packets joined with the record separator; binary data as 'b' + base64. The
// reference never escapes a separator inside text data, and neither does this. An empty list
// gives "" (the reference never calls back for an empty list).
std::string encode_payload(std::span<const Packet> packets);

// decodePayload: splits on the record separator and decodes each part as a text frame. The
// base64 after 'b' is decoded as leniently as Node's Buffer.from (see base64.h). nullopt if any
// part is invalid; the reference returns the packets before the bad part followed by an error
// packet, and the engine.io server processes those packets and then closes with "parse error".
std::optional<std::vector<Packet>> decode_payload(std::string_view payload);

// decodePayload as the engine.io server uses it: the packets before the first invalid part,
// and whether there was one (the reference's trailing error packet).
struct PayloadDecoding {
  std::vector<Packet> packets;
  bool error = false;
};
PayloadDecoding decode_payload_until_error(std::string_view payload);

// engine.io-client _getWritablePackets: how many packets from the front of the client's write
// buffer go in the next polling POST so that the body stays within the server's maxPayload.
// The count is the reference's estimate, not the encoded size: 1 byte for the first type,
// then the UTF-8 length of each text data (binary: ceil(1.33·bytes)), then 2 per further packet
// (separator and type). The first packet always goes, even if it alone exceeds maxPayload; with
// max_payload 0 (unknown) or a single packet, everything goes. Polling only: over WebSocket the
// client sends the whole buffer.
std::size_t writable_packet_count(std::span<const Packet> write_buffer, std::int64_t max_payload);

}  // namespace netsim::engineio
