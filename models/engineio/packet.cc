#include "models/engineio/packet.h"

#include <cmath>
#include <utility>

#include "models/engineio/base64.h"

namespace netsim::engineio {

std::string_view to_string(PacketType type) {
  switch (type) {
    case PacketType::Open:
      return "open";
    case PacketType::Close:
      return "close";
    case PacketType::Ping:
      return "ping";
    case PacketType::Pong:
      return "pong";
    case PacketType::Message:
      return "message";
    case PacketType::Upgrade:
      return "upgrade";
    case PacketType::Noop:
      return "noop";
  }
  return "?";
}

std::optional<PacketType> packet_type_from_char(char c) {
  if (c < '0' || c > '6') return std::nullopt;
  return static_cast<PacketType>(c);
}

FrameKind ws_frame_kind(const Packet& packet) {
  return packet.binary ? FrameKind::Binary : FrameKind::Text;
}

std::string encode_ws(const Packet& packet) {
  if (packet.binary) return packet.data;  // encodePacket(..., supportsBinary=true): raw bytes
  std::string out;
  out.reserve(1 + packet.data.size());
  out.push_back(static_cast<char>(packet.type));
  out += packet.data;
  return out;
}

namespace {

// decodePacket for a string (a text frame or one part of a polling payload).
std::optional<Packet> decode_text(std::string_view text) {
  if (text.empty()) return std::nullopt;  // charAt(0) is "", not a type
  if (text.front() == 'b') {
    return Packet{PacketType::Message, base64_decode_lenient(text.substr(1)), true};
  }
  const std::optional<PacketType> type = packet_type_from_char(text.front());
  if (!type) return std::nullopt;
  return Packet{*type, std::string(text.substr(1)), false};
}

// engine.io-client lib/util.ts byteLength: the UTF-8 length of a string (computed there from
// UTF-16 units; for well-formed text it is the byte count), and for binary data its base64
// size estimated as ceil(bytes · BASE64_OVERHEAD), BASE64_OVERHEAD = 1.33.
double estimated_length(const Packet& packet) {
  if (!packet.binary) return static_cast<double>(packet.data.size());
  return std::ceil(static_cast<double>(packet.data.size()) * 1.33);
}

}  // namespace

std::optional<Packet> decode_ws(std::string frame, bool binary_frame) {
  if (binary_frame) return Packet{PacketType::Message, std::move(frame), true};
  if (frame.empty() || frame.front() == 'b') return decode_text(frame);
  const std::optional<PacketType> type = packet_type_from_char(frame.front());
  if (!type) return std::nullopt;
  frame.erase(0, 1);  // the data keeps the frame's buffer
  return Packet{*type, std::move(frame), false};
}

std::string encode_payload(std::span<const Packet> packets) {
  std::string out;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i > 0) out.push_back(kRecordSeparator);
    const Packet& packet = packets[i];
    if (packet.binary) {
      // encodePayload forces base64 for binary packets (supportsBinary=false).
      out.push_back('b');
      out += base64_encode(packet.data);
    } else {
      out.push_back(static_cast<char>(packet.type));
      out += packet.data;
    }
  }
  return out;
}

PayloadDecoding decode_payload_until_error(std::string_view payload) {
  PayloadDecoding out;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = payload.find(kRecordSeparator, start);
    const std::string_view part =
        payload.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::optional<Packet> packet = decode_text(part);
    if (!packet) {
      out.error = true;
      return out;
    }
    out.packets.push_back(std::move(*packet));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::optional<std::vector<Packet>> decode_payload(std::string_view payload) {
  PayloadDecoding decoded = decode_payload_until_error(payload);
  if (decoded.error) return std::nullopt;
  return std::move(decoded.packets);
}

std::size_t writable_packet_count(std::span<const Packet> write_buffer, std::int64_t max_payload) {
  // shouldCheckPayloadSize = this._maxPayload && polling && writeBuffer.length > 1
  if (max_payload == 0 || write_buffer.size() <= 1) return write_buffer.size();
  double payload_size = 1;  // first packet type
  for (std::size_t i = 0; i < write_buffer.size(); ++i) {
    payload_size += estimated_length(write_buffer[i]);
    if (i > 0 && payload_size > static_cast<double>(max_payload)) return i;
    payload_size += 2;  // separator + packet type
  }
  return write_buffer.size();
}

}  // namespace netsim::engineio
