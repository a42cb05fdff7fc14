// The opening handshake (RFC 6455 §4) on the RFC's §1.2/§1.3 example, the 101 response as ws
// sends it, every refusal (§4.2.1, §4.4), and the client's checks of the response (§4.1).
#include "models/websocket/handshake.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <array>
#include <string>

#include "models/http/parser.h"

namespace netsim::websocket {
namespace {

constexpr std::string_view kRfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr std::string_view kRfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

std::string bytes_of(const http::Request& r) {
  std::string out;
  http::append(r, out);
  return out;
}

std::string bytes_of(const http::Response& r) {
  std::string out;
  http::append(r, out);
  return out;
}

http::Request rfc_request() { return upgrade_request("/chat", "server.example.com", kRfcKey); }

TEST(Handshake, rfc6455_1_3_accept_key) {
  EXPECT_EQ(accept_key(kRfcKey), kRfcAccept);
  // A second key, its answer computed with Node's crypto module.
  EXPECT_EQ(accept_key("x3JJHMbDL1EzLkh9GBhXDw=="), "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
}

TEST(Handshake, rfc6455_1_2_example_request_is_230_bytes) {
  const http::Request r = upgrade_request(
      "/chat", "server.example.com", kRfcKey,
      {{"Origin", "http://example.com"}, {"Sec-WebSocket-Protocol", "chat, superchat"}});
  // Same fields as the RFC's example; Sec-WebSocket-Version comes before the extra fields.
  EXPECT_EQ(bytes_of(r),
            "GET /chat HTTP/1.1\r\n"
            "Host: server.example.com\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            "Origin: http://example.com\r\n"
            "Sec-WebSocket-Protocol: chat, superchat\r\n"
            "\r\n");
  EXPECT_EQ(http::size(r), 230u);
}

TEST(Handshake, rfc6455_4_1_key_is_16_random_bytes_in_base64) {
  sim::Rng rng(42);
  const std::string key = make_key(rng);
  ASSERT_EQ(key.size(), 24u);
  EXPECT_TRUE(key.ends_with("=="));
  std::array<unsigned char, 18> decoded{};
  ASSERT_EQ(EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(key.data()), 24),
            18);
  sim::Rng same(42);  // the nonce is two draws, least significant byte first
  for (std::size_t word = 0; word < 2; ++word) {
    std::uint64_t bits = same.next_u64();
    for (std::size_t i = 0; i < 8; ++i, bits >>= 8) {
      EXPECT_EQ(decoded[word * 8 + i], static_cast<unsigned char>(bits)) << word * 8 + i;
    }
  }
  EXPECT_NE(make_key(rng), key);  // the next key is a fresh nonce
  EXPECT_TRUE(accept_upgrade(upgrade_request("/", "h", key)).accepted());
}

TEST(Handshake, ws_minimal_101_response_is_129_bytes) {
  const UpgradeDecision d = accept_upgrade(rfc_request());
  ASSERT_TRUE(d.accepted());
  EXPECT_EQ(bytes_of(d.response),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "\r\n");
  EXPECT_EQ(http::size(d.response), 129u);
}

TEST(Handshake, rfc6455_1_2_example_response_selects_the_first_subprotocol) {
  const UpgradeDecision d = accept_upgrade(upgrade_request(
      "/chat", "server.example.com", kRfcKey,
      {{"Origin", "http://example.com"}, {"Sec-WebSocket-Protocol", "chat, superchat"}}));
  ASSERT_TRUE(d.accepted());
  EXPECT_EQ(bytes_of(d.response),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "Sec-WebSocket-Protocol: chat\r\n"
            "\r\n");
  EXPECT_EQ(http::size(d.response), 159u);  // PROTOCOLS §6.2
}

TEST(Handshake, rfc6455_4_2_1_header_values_are_case_insensitive) {
  http::Request r = rfc_request();
  r.headers[1] = {"upgrade", "WebSocket"};
  r.headers[2] = {"connection", "keep-alive, upgrade"};  // what Firefox sends
  r.version = "HTTP/2.0";                                // "1.1 or higher"
  EXPECT_TRUE(accept_upgrade(r).accepted());
}

struct Refusal {
  const char* name;
  http::Request request;
  UpgradeRefusal refusal;
  int status;
};

http::Request with(http::Request r, std::string_view name, std::string_view value) {
  for (http::Header& h : r.headers) {
    if (h.name == name) h.value = value;
  }
  return r;
}

http::Request without(http::Request r, std::string_view name) {
  std::erase_if(r.headers, [&](const http::Header& h) { return h.name == name; });
  return r;
}

TEST(Handshake, rfc6455_4_2_1_malformed_requests_are_refused_as_ws_refuses_them) {
  http::Request post = rfc_request();
  post.method = "POST";
  const std::vector<Refusal> cases = {
      {"POST", post, UpgradeRefusal::NotGet, 405},
      {"no Upgrade", without(rfc_request(), "Upgrade"), UpgradeRefusal::NotWebSocketUpgrade, 400},
      {"Upgrade: h2c", with(rfc_request(), "Upgrade", "h2c"), UpgradeRefusal::NotWebSocketUpgrade,
       400},
      // ws compares the whole value, not the tokens of a list.
      {"Upgrade: websocket, h2c", with(rfc_request(), "Upgrade", "websocket, h2c"),
       UpgradeRefusal::NotWebSocketUpgrade, 400},
      {"no Connection", without(rfc_request(), "Connection"),
       UpgradeRefusal::MissingConnectionUpgrade, 400},
      {"Connection: keep-alive", with(rfc_request(), "Connection", "keep-alive"),
       UpgradeRefusal::MissingConnectionUpgrade, 400},
      {"no key", without(rfc_request(), "Sec-WebSocket-Key"), UpgradeRefusal::BadKey, 400},
      {"15-byte key", with(rfc_request(), "Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA"),
       UpgradeRefusal::BadKey, 400},
      {"17-byte key", with(rfc_request(), "Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAAAAA="),
       UpgradeRefusal::BadKey, 400},
      {"key with bad char", with(rfc_request(), "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZ.=="),
       UpgradeRefusal::BadKey, 400},
      {"no version", without(rfc_request(), "Sec-WebSocket-Version"),
       UpgradeRefusal::UnsupportedVersion, 400},
      {"version 7", with(rfc_request(), "Sec-WebSocket-Version", "7"),
       UpgradeRefusal::UnsupportedVersion, 400},
  };
  for (const Refusal& c : cases) {
    const UpgradeDecision d = accept_upgrade(c.request);
    EXPECT_FALSE(d.accepted()) << c.name;
    EXPECT_EQ(d.refusal, c.refusal) << c.name << ": " << to_string(d.refusal);
    EXPECT_EQ(d.response.status, c.status) << c.name;
    EXPECT_EQ(http::find_header(d.response.headers, "Sec-WebSocket-Accept"), nullptr);
  }
}

TEST(Handshake, what_ws_accepts_beyond_the_rfc) {
  // ws 8.21 checks neither Host nor the HTTP version (§4.2.1 items 1-2), and takes version 8
  // (hybi-08) as well as 13 (tests/data/http_golden.tsv: ws-no-host, ws-version-8).
  http::Request http10 = rfc_request();
  http10.version = "HTTP/1.0";
  for (const http::Request& r :
       {without(rfc_request(), "Host"), http10, with(rfc_request(), "Sec-WebSocket-Version", "8"),
        with(rfc_request(), "Sec-WebSocket-Version", " 13 ")}) {
    EXPECT_TRUE(accept_upgrade(r).accepted()) << bytes_of(accept_upgrade(r).response);
  }
}

TEST(Handshake, unsupported_version_gets_ws_400_with_the_versions_it_speaks) {
  // RFC 6455 §4.4 asks for 426 Upgrade Required; ws answers 400 (the reference wins).
  const UpgradeDecision d = accept_upgrade(with(rfc_request(), "Sec-WebSocket-Version", "7"));
  EXPECT_EQ(bytes_of(d.response),
            "HTTP/1.1 400 Bad Request\r\n"
            "Connection: close\r\n"
            "Content-Type: text/html\r\n"
            "Content-Length: 47\r\n"
            "Sec-WebSocket-Version: 13, 8\r\n"
            "\r\n"
            "Missing or invalid Sec-WebSocket-Version header");
}

TEST(Handshake, bad_request_is_shaped_like_ws_abort_handshake) {
  const UpgradeDecision d = accept_upgrade(with(rfc_request(), "Upgrade", "h2c"));
  EXPECT_EQ(bytes_of(d.response),
            "HTTP/1.1 400 Bad Request\r\n"
            "Connection: close\r\n"
            "Content-Type: text/html\r\n"
            "Content-Length: 22\r\n"
            "\r\n"
            "Invalid Upgrade header");
}

http::Response rfc_response() { return accept_upgrade(rfc_request()).response; }

TEST(Handshake, rfc6455_4_1_client_accepts_the_servers_101) {
  EXPECT_EQ(check_upgrade_response(rfc_request(), rfc_response()), HandshakeError::None);
}

TEST(Handshake, rfc6455_4_1_client_rejects_bad_responses) {
  http::Response not101 = rfc_response();
  not101.status = 200;
  http::Response bad_upgrade = rfc_response();
  bad_upgrade.headers[0].value = "websocket2";
  http::Response no_connection = rfc_response();
  no_connection.headers[1].value = "close";
  http::Response bad_accept = rfc_response();
  bad_accept.headers[2].value = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";
  http::Response extension = rfc_response();
  extension.headers.push_back({"Sec-WebSocket-Extensions", "permessage-deflate"});
  http::Response protocol = rfc_response();
  protocol.headers.push_back({"Sec-WebSocket-Protocol", "chat"});

  const http::Request r = rfc_request();
  EXPECT_EQ(check_upgrade_response(r, not101), HandshakeError::NotSwitchingProtocols);
  EXPECT_EQ(check_upgrade_response(r, bad_upgrade), HandshakeError::NotWebSocketUpgrade);
  EXPECT_EQ(check_upgrade_response(r, no_connection), HandshakeError::MissingConnectionUpgrade);
  EXPECT_EQ(check_upgrade_response(r, bad_accept), HandshakeError::AcceptMismatch);
  EXPECT_EQ(check_upgrade_response(r, extension), HandshakeError::UnrequestedExtension);
  EXPECT_EQ(check_upgrade_response(r, protocol), HandshakeError::UnrequestedProtocol);
  EXPECT_EQ(to_string(HandshakeError::AcceptMismatch),
            "Sec-WebSocket-Accept does not match the key");
}

TEST(Handshake, rfc6455_4_1_offered_extension_and_protocol_are_accepted) {
  const http::Request r =
      upgrade_request("/chat", "h", kRfcKey,
                      {{"Sec-WebSocket-Protocol", "chat, superchat"},
                       {"Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"}});
  http::Response response = accept_upgrade(r).response;
  response.headers.push_back(
      {"Sec-WebSocket-Extensions", "permessage-deflate; server_no_context_takeover"});
  EXPECT_EQ(check_upgrade_response(r, response), HandshakeError::None);
}

// Client and server exchange the handshake through the HTTP parsers; the server's first frame
// arrives in the same segment as its 101.
TEST(Handshake, handshake_over_the_parsers_hands_over_the_first_frame) {
  sim::Rng rng(7);
  const http::Request request =
      upgrade_request("/socket.io/?EIO=4&transport=websocket", "localhost:3000", make_key(rng));
  http::RequestParser server_in;
  server_in.feed(bytes_of(request));
  const auto received = server_in.next();
  ASSERT_TRUE(received);
  EXPECT_TRUE(server_in.upgraded());
  EXPECT_EQ(*received, request);

  const UpgradeDecision d = accept_upgrade(*received);
  ASSERT_TRUE(d.accepted());
  http::ResponseParser client_in;
  client_in.feed(bytes_of(d.response) +
                 "\x81\x02"
                 "0{");
  const auto response = client_in.next();
  ASSERT_TRUE(response);
  EXPECT_EQ(check_upgrade_response(request, *response), HandshakeError::None);
  EXPECT_EQ(client_in.take_rest(),
            "\x81\x02"
            "0{");
}

}  // namespace
}  // namespace netsim::websocket
