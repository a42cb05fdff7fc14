// The WebSocket opening handshake (RFC 6455 §4): the client's Upgrade request, the server's
// check and answer, the client's check of that answer.
//
// The server's 101 response is byte for byte the one the `ws` library sends (websocket-server.js
// completeUpgrade): the status line, Upgrade, Connection, Sec-WebSocket-Accept, and
// Sec-WebSocket-Protocol only if the client offered subprotocols (ws picks the first).
// No extension is negotiated (engine.io's perMessageDeflate is off by default).
// Requests are checked as ws 8.21 checks them (which is less than §4.2.1 asks: no Host or
// HTTP-version check, versions 13 and 8 both taken). Refusals are ws's abortHandshake:
// Connection: close, Content-Type: text/html, Content-Length and a one-line body.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "models/http/message.h"
#include "sim/random.h"

namespace netsim::websocket {

// §1.3, §4.2.2 step 5.4: "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
inline constexpr std::string_view kWebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

// §4.2.2: base64(SHA-1(key + GUID)); the key is used as text, not decoded. 28 characters.
std::string accept_key(std::string_view sec_websocket_key);

// §4.1: a nonce of 16 random bytes, base64-encoded: 24 characters ending in "==".
std::string make_key(sim::Rng& rng);

// §4.1: GET target HTTP/1.1 with Host, Upgrade: websocket, Connection: Upgrade,
// Sec-WebSocket-Key, Sec-WebSocket-Version: 13, then `extra` in order (Origin,
// Sec-WebSocket-Protocol, cookies...).
http::Request upgrade_request(std::string_view target, std::string_view host, std::string_view key,
                              std::vector<http::Header> extra = {});

// Why a server refused an opening handshake (§4.2.1), for reports.
enum class UpgradeRefusal : std::uint8_t {
  None,
  NotGet,                    // method is not GET (405)
  NotWebSocketUpgrade,       // Upgrade is not "websocket"
  MissingConnectionUpgrade,  // Connection does not list "Upgrade"
  BadKey,                    // Sec-WebSocket-Key missing or not 16 base64-encoded bytes
  UnsupportedVersion,        // Sec-WebSocket-Version missing, or neither 13 nor 8
};

std::string_view to_string(UpgradeRefusal refusal);

struct UpgradeDecision {
  UpgradeRefusal refusal = UpgradeRefusal::None;
  http::Response response;  // the 101, or the refusal (405 for the method, else 400)
  bool accepted() const { return refusal == UpgradeRefusal::None; }
};

// The server's side of §4.2.1 and §4.2.2: checks the request, builds the response to send.
UpgradeDecision accept_upgrade(const http::Request& request);

// Why a client rejects the server's response (§4.1, the checks after "the client MUST
// validate the server's response as follows").
enum class HandshakeError : std::uint8_t {
  None,
  NotSwitchingProtocols,     // status is not 101
  NotWebSocketUpgrade,       // Upgrade is not "websocket"
  MissingConnectionUpgrade,  // Connection does not list "Upgrade"
  AcceptMismatch,            // Sec-WebSocket-Accept is not accept_key(our key)
  UnrequestedExtension,      // Sec-WebSocket-Extensions names one we did not offer
  UnrequestedProtocol,       // Sec-WebSocket-Protocol names one we did not offer
};

std::string_view to_string(HandshakeError error);

// The client's side of §4.1: is `response` a valid answer to the `request` we sent?
HandshakeError check_upgrade_response(const http::Request& request, const http::Response& response);

}  // namespace netsim::websocket
