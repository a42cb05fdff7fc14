// Base64 as Engine.IO's reference runs it on Node.js: Buffer#toString("base64") to encode binary
// packets in polling payloads (engine.io-parser 5.2.3 lib/encodePacket.ts) and
// Buffer.from(text, "base64") to decode them (lib/decodePacket.ts).
#pragma once

#include <string>
#include <string_view>

namespace netsim::engineio {

// RFC 4648 §4 base64 with '=' padding, as Node's Buffer#toString("base64").
std::string base64_encode(std::string_view bytes);

// Node's Buffer.from(text, "base64"), which never fails: characters of the standard and of the
// URL-safe alphabet (RFC 4648 §5) are both accepted, any other character is skipped, decoding
// stops at the first '=', and a trailing group of 2 or 3 characters yields 1 or 2 bytes (a lone
// trailing character yields nothing). Checked against Node 20 on 200 000 random strings.
std::string base64_decode_lenient(std::string_view text);

}  // namespace netsim::engineio
