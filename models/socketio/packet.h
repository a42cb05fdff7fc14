// Socket.IO protocol v5 packets (SIO-SPEC "Packet encoding"; socket.io-parser 4.2.6
// lib/index.ts Encoder#encodeAsString, Decoder#decodeString, Decoder.isPayloadValid) and the
// payloads socket.io 4.8.3 puts in them. See PROTOCOLS.md §8.1-8.2 and §10.2. Each encoded packet
// travels as the data of one Engine.IO message (hence the "4" in front on the wire).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::socketio {

// SIO-SPEC "Packet types".
enum class PacketType : int {
  Connect = 0,
  Disconnect = 1,
  Event = 2,
  Ack = 3,
  ConnectError = 4,
  BinaryEvent = 5,
  BinaryAck = 6,
};

// "CONNECT", "BINARY_EVENT", ...: the reference's names, for traces.
std::string_view to_string(PacketType type);

struct Packet {
  PacketType type = PacketType::Connect;
  std::string nsp = "/";            // namespace; written only when not "/"
  std::optional<std::uint64_t> id;  // ack id
  std::string data;                 // raw JSON text of the payload, empty if absent
  int attachments = 0;              // binary attachments that follow (BINARY_* only)

  bool operator==(const Packet&) const = default;
};

// Decoder default maxAttachments (lib/index.ts Decoder constructor).
inline constexpr int kMaxAttachments = 10;

// Largest ack id decode() accepts: Number.MAX_SAFE_INTEGER, the largest id JavaScript holds
// exactly.
inline constexpr std::uint64_t kMaxAckId = (std::uint64_t{1} << 53) - 1;

// encodeAsString: <type>[<attachments>-][<nsp>,][<id>][<json>]. The attachment count is written
// for BINARY_EVENT/BINARY_ACK only; an empty nsp is not written either ("obj.nsp && ...").
std::string encode(const Packet& packet);

// Decoder#decodeString followed by isPayloadValid, with the reference's quirks (JavaScript's
// Number() conversions included):
//  - type: the first character; an empty string or a leading whitespace character counts as 0
//    (CONNECT), as Number("") and Number(" ") are 0; '7'..'9' and anything else are rejected.
//  - BINARY_*: everything up to the first '-' is the attachment count, read with Number() (so
//    "" is 0 and "1e0" is 1); it must be an integer in [0, max_attachments] and the '-' must
//    be there.
//  - nsp: if the next character is '/', up to the first ',' (or to the end).
//  - id: if the next character is a digit (or whitespace), the run of digits/whitespace after
//    it, read with Number().
//  - payload: the rest, which JSON.parse must accept, and then: CONNECT an object; DISCONNECT
//    none at all; CONNECT_ERROR a string or an object; EVENT/BINARY_EVENT a non-empty array
//    whose first element is a number or a string that is not a reserved event name (checked on
//    receipt too); ACK/BINARY_ACK an array. No payload at all is accepted for every type.
// The returned type is the one on the wire (BINARY_EVENT stays BINARY_EVENT, with its
// attachment count; the reference's Decoder#add renames it EVENT once the attachments are in).
// data is the payload text without surrounding whitespace.
// One divergence: where the id text does not denote an integer in [0, kMaxAckId] (e.g. "1 2",
// which the reference turns into NaN, or an id so large it rounds), decode() rejects the packet.
struct EventPayload;
// With `event`, an EVENT or BINARY_EVENT packet's name and arguments are filled in instead, from
// the same pass that validates them (its `data` is then left empty). Its strings are reused, so
// decoding into the same EventPayload again does not allocate; after a failed decode it holds
// nothing meaningful.
std::optional<Packet> decode(std::string_view text, int max_attachments = kMaxAttachments,
                             EventPayload* event = nullptr);

// "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"
// (lib/index.ts RESERVED_EVENTS): emit() throws on them, and the decoder rejects events named so.
bool is_reserved_event(std::string_view name);

// ["name",arg1,...]: the EVENT payload of emit(name, ...args); each arg is raw JSON text.
std::string event_payload(std::string_view name, const std::vector<std::string>& json_args);

struct EventPayload {
  std::string name;               // decoded event name
  std::vector<std::string> args;  // raw JSON text of each argument
};

// The inverse of event_payload(); nullopt unless `data` is an array whose first element is a
// string. (A number as first element passes the decoder, but names no event here.)
std::optional<EventPayload> parse_event_payload(std::string_view data);

// Server CONNECT ack data (socket.io lib/socket.ts _onconnect: {sid, pid}; pid, set only with
// connection state recovery, is dropped by JSON.stringify when undefined):
// {"sid":"…"} or {"sid":"…","pid":"…"}.
std::string server_connect_payload(std::string_view sid,
                                   std::optional<std::string_view> pid = std::nullopt);

// Client CONNECT data without auth (socket.io-client lib/socket.ts _sendConnectPacket): none
// ("") before the client has a pid, else {"pid":"…","offset":"…"}, with "offset" dropped while
// the client has received no offset yet (undefined).
std::string client_connect_payload(std::optional<std::string_view> pid,
                                   std::optional<std::string_view> offset);

// CONNECT_ERROR data for a refused connection (socket.io lib/namespace.ts: {message, data}):
// {"message":"…"} or {"message":"…","data":<json_data>}.
std::string connect_error_payload(std::string_view message,
                                  std::optional<std::string_view> json_data = std::nullopt);

// Connection state recovery (PROTOCOLS.md §10.2; socket.io-adapter SessionAwareAdapter#broadcast
// packet.data.push(offset)): the array with the offset string appended as its last element.
// nullopt if `array_json` is not an array.
std::optional<std::string> append_offset(std::string_view array_json, std::string_view offset);

}  // namespace netsim::socketio
