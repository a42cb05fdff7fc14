// RFC 6455 §4.1 (client requirements), §4.2.1 (reading the client's handshake, as ws 8.21
// does), §4.2.2 (the server's response), §4.4 (unsupported versions), §1.3 (the accept-key
// example).
#include "models/websocket/handshake.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstddef>

namespace netsim::websocket {
namespace {

constexpr std::string_view kVersion = "13";
constexpr std::size_t kKeyBytes = 16;
constexpr std::size_t kEncodedKeyChars = 24;

std::string base64(const unsigned char* data, std::size_t length) {
  std::string out(4 * ((length + 2) / 3) + 1, '\0');  // EVP_EncodeBlock adds a NUL
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(length));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool is_base64_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// §4.2.1 item 5: "when decoded, is 16 bytes in length". Base64 of 16 bytes is 22 characters
// and "==" (RFC 4648 §4); checked this strictly, as ws does with /^[+/0-9A-Za-z]{22}==$/.
bool is_valid_key(std::string_view key) {
  if (key.size() != kEncodedKeyChars || !key.ends_with("==")) return false;
  if (!std::all_of(key.begin(), key.end() - 2, is_base64_char)) return false;
  std::array<unsigned char, 18> decoded{};  // EVP_DecodeBlock counts the padding as bytes
  return EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(key.data()),
                         static_cast<int>(key.size())) == 18;
}

// §9.1: extension = extension-token *( ";" extension-param ); the token names the extension.
std::string_view extension_name(std::string_view element) {
  element = element.substr(0, element.find(';'));
  while (!element.empty() && (element.back() == ' ' || element.back() == '\t')) {
    element.remove_suffix(1);
  }
  return element;
}

// ws's abortHandshake messages (websocket-server.js handleUpgrade).
std::string_view refusal_body(UpgradeRefusal refusal) {
  switch (refusal) {
    case UpgradeRefusal::None:
      return "";
    case UpgradeRefusal::NotGet:
      return "Invalid HTTP method";
    case UpgradeRefusal::NotWebSocketUpgrade:
      return "Invalid Upgrade header";
    case UpgradeRefusal::MissingConnectionUpgrade:
      return "Invalid Connection header";
    case UpgradeRefusal::BadKey:
      return "Missing or invalid Sec-WebSocket-Key header";
    case UpgradeRefusal::UnsupportedVersion:
      return "Missing or invalid Sec-WebSocket-Version header";
  }
  return "";
}

// Like ws's abortHandshake: Connection: close, Content-Type: text/html, Content-Length, the
// message as the body; 405 for a method other than GET, else 400. A version ws does not speak
// gets 400 with `Sec-WebSocket-Version: 13, 8` (RFC 6455 §4.4 asks for 426; ws answers 400, and
// the reference wins: tests/data/http_golden.tsv).
UpgradeDecision refuse(UpgradeRefusal refusal) {
  UpgradeDecision decision;
  decision.refusal = refusal;
  http::Response& r = decision.response;
  r.status = refusal == UpgradeRefusal::NotGet ? 405 : 400;
  r.reason = http::reason_phrase(r.status);
  r.body = refusal_body(refusal);
  r.headers = {{"Connection", "close"},
               {"Content-Type", "text/html"},
               {"Content-Length", std::to_string(r.body.size())}};
  if (refusal == UpgradeRefusal::UnsupportedVersion) {
    r.headers.push_back({"Sec-WebSocket-Version", "13, 8"});
  }
  return decision;
}

// ws accepts Sec-WebSocket-Version 13 and 8 (`+header`: a decimal number, blanks around it
// ignored); the RFC's version is 13, and 8 is draft hybi-08's, which ws still takes.
bool is_supported_version(const std::string* version) {
  if (version == nullptr) return false;
  const std::string_view v = http::trim_ows(*version);
  return v == kVersion || v == "8";
}

UpgradeRefusal check_request(const http::Request& request) {
  // §4.2.1 as ws checks it (websocket-server.js handleUpgrade), in its order: the method, the
  // Upgrade value (the whole value, case-insensitively), the key, the version. Like ws it does
  // not check the HTTP version or Host (§4.2.1 items 1-2). The Connection check is Node.js's:
  // only a request whose Connection lists "upgrade" is an upgrade at all.
  if (request.method != "GET") return UpgradeRefusal::NotGet;
  const std::string* upgrade = http::find_header(request.headers, "Upgrade");
  if (upgrade == nullptr || !http::equals_ignore_case(*upgrade, "websocket")) {
    return UpgradeRefusal::NotWebSocketUpgrade;
  }
  if (!http::header_has_token(request.headers, "Connection", "Upgrade")) {
    return UpgradeRefusal::MissingConnectionUpgrade;
  }
  const std::string* key = http::find_header(request.headers, "Sec-WebSocket-Key");
  if (key == nullptr || !is_valid_key(*key)) return UpgradeRefusal::BadKey;
  if (!is_supported_version(http::find_header(request.headers, "Sec-WebSocket-Version"))) {
    return UpgradeRefusal::UnsupportedVersion;
  }
  return UpgradeRefusal::None;
}

// Does the request's Sec-WebSocket-Extensions offer an extension of this name?
bool offers_extension(const http::Request& request, std::string_view name) {
  for (const http::Header& h : request.headers) {
    if (!http::equals_ignore_case(h.name, "Sec-WebSocket-Extensions")) continue;
    for (const std::string_view element : http::split_list(h.value)) {
      if (http::equals_ignore_case(extension_name(element), name)) return true;
    }
  }
  return false;
}

}  // namespace

std::string accept_key(std::string_view sec_websocket_key) {
  std::string text(sec_websocket_key);
  text += kWebSocketGuid;
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  return base64(digest.data(), digest.size());
}

std::string make_key(sim::Rng& rng) {
  std::array<unsigned char, kKeyBytes> nonce{};
  for (std::size_t i = 0; i < nonce.size(); i += 8) {
    std::uint64_t word = rng.next_u64();
    for (std::size_t j = 0; j < 8; ++j, word >>= 8) nonce[i + j] = static_cast<unsigned char>(word);
  }
  return base64(nonce.data(), nonce.size());
}

http::Request upgrade_request(std::string_view target, std::string_view host, std::string_view key,
                              std::vector<http::Header> extra) {
  http::Request request;
  request.method = "GET";
  request.target = target;
  request.headers = {{"Host", std::string(host)},
                     {"Upgrade", "websocket"},
                     {"Connection", "Upgrade"},
                     {"Sec-WebSocket-Key", std::string(key)},
                     {"Sec-WebSocket-Version", std::string(kVersion)}};
  for (http::Header& h : extra) request.headers.push_back(std::move(h));
  return request;
}

std::string_view to_string(UpgradeRefusal refusal) {
  switch (refusal) {
    case UpgradeRefusal::None:
      return "accepted";
    case UpgradeRefusal::NotGet:
      return "method is not GET";
    case UpgradeRefusal::NotWebSocketUpgrade:
      return "Upgrade is not websocket";
    case UpgradeRefusal::MissingConnectionUpgrade:
      return "Connection does not list Upgrade";
    case UpgradeRefusal::BadKey:
      return "missing or invalid Sec-WebSocket-Key";
    case UpgradeRefusal::UnsupportedVersion:
      return "Sec-WebSocket-Version missing, or neither 13 nor 8";
  }
  return "unknown refusal";
}

UpgradeDecision accept_upgrade(const http::Request& request) {
  const UpgradeRefusal refusal = check_request(request);
  if (refusal != UpgradeRefusal::None) return refuse(refusal);
  // §4.2.2 step 5; the header list and order of ws's completeUpgrade.
  UpgradeDecision decision;
  http::Response& r = decision.response;
  r.status = 101;
  r.reason = http::reason_phrase(101);
  r.headers = {{"Upgrade", "websocket"},
               {"Connection", "Upgrade"},
               {"Sec-WebSocket-Accept",
                accept_key(*http::find_header(request.headers, "Sec-WebSocket-Key"))}};
  // ws without a handleProtocols callback selects the first subprotocol the client offers.
  if (const std::string* offered = http::find_header(request.headers, "Sec-WebSocket-Protocol")) {
    const std::vector<std::string_view> protocols = http::split_list(*offered);
    if (!protocols.empty()) {
      r.headers.push_back({"Sec-WebSocket-Protocol", std::string(protocols.front())});
    }
  }
  return decision;
}

std::string_view to_string(HandshakeError error) {
  switch (error) {
    case HandshakeError::None:
      return "valid";
    case HandshakeError::NotSwitchingProtocols:
      return "status is not 101";
    case HandshakeError::NotWebSocketUpgrade:
      return "Upgrade is not websocket";
    case HandshakeError::MissingConnectionUpgrade:
      return "Connection does not list Upgrade";
    case HandshakeError::AcceptMismatch:
      return "Sec-WebSocket-Accept does not match the key";
    case HandshakeError::UnrequestedExtension:
      return "extension not offered";
    case HandshakeError::UnrequestedProtocol:
      return "subprotocol not offered";
  }
  return "unknown handshake error";
}

HandshakeError check_upgrade_response(const http::Request& request,
                                      const http::Response& response) {
  // §4.1, "the client MUST validate the server's response as follows", items 1-6.
  if (response.status != 101) return HandshakeError::NotSwitchingProtocols;
  const std::string* upgrade = http::find_header(response.headers, "Upgrade");
  if (upgrade == nullptr || !http::equals_ignore_case(*upgrade, "websocket")) {
    return HandshakeError::NotWebSocketUpgrade;
  }
  if (!http::header_has_token(response.headers, "Connection", "Upgrade")) {
    return HandshakeError::MissingConnectionUpgrade;
  }
  const std::string* key = http::find_header(request.headers, "Sec-WebSocket-Key");
  const std::string* accept = http::find_header(response.headers, "Sec-WebSocket-Accept");
  if (key == nullptr || accept == nullptr || *accept != accept_key(*key)) {
    return HandshakeError::AcceptMismatch;
  }
  for (const http::Header& h : response.headers) {
    if (!http::equals_ignore_case(h.name, "Sec-WebSocket-Extensions")) continue;
    for (const std::string_view element : http::split_list(h.value)) {
      if (!offers_extension(request, extension_name(element))) {
        return HandshakeError::UnrequestedExtension;
      }
    }
  }
  if (const std::string* protocol = http::find_header(response.headers, "Sec-WebSocket-Protocol")) {
    if (!http::header_has_token(request.headers, "Sec-WebSocket-Protocol", *protocol)) {
      return HandshakeError::UnrequestedProtocol;
    }
  }
  return HandshakeError::None;
}

}  // namespace netsim::websocket
