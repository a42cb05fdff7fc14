// The Engine.IO open packet's JSON (EIO-SPEC "Handshake"; engine.io 6.6.9 lib/socket.ts onOpen,
// engine.io-client 6.6.6 lib/socket.ts onHandshake). See PROTOCOLS.md §7.2: with a 20-character
// sid, the packet "0" + JSON is 118 bytes when the session may upgrade to WebSocket and 107
// bytes for a WebSocket-only session ("upgrades":[]).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::engineio {

struct Handshake {
  std::string sid;                    // session id (ids.h)
  std::vector<std::string> upgrades;  // transports the session may upgrade to ("websocket")
  // Server defaults: engine.io lib/server.ts (pingInterval 25000, pingTimeout 20000,
  // maxHttpBufferSize 1e6, sent as maxPayload).
  std::int64_t ping_interval_ms = 25000;
  std::int64_t ping_timeout_ms = 20000;
  std::int64_t max_payload = 1000000;

  bool operator==(const Handshake&) const = default;
};

// JSON.stringify({sid, upgrades, pingInterval, pingTimeout, maxPayload}): the open packet's data
// (without the "0" type).
std::string encode_handshake(const Handshake& handshake);

// The client's reading of it (JSON.parse, then the five fields). Keys may come in any order
// with any whitespace; nullopt if the text is not an object, a field is missing, "sid" is not a
// string, "upgrades" not an array of strings, or a number is not an integer.
std::optional<Handshake> parse_handshake(std::string_view json);

}  // namespace netsim::engineio
