// HTTP/1.1 message serialisation (RFC 9112 §2.1, §3, §4, §5) and field helpers (RFC 9110 §5.1,
// §5.6.1), on the RFC 6455 §1.2 handshake example.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/http/message.h"

namespace netsim::http {
namespace {

// RFC 6455 §1.2, the client's handshake, headers in the RFC's order.
Request rfc6455_example_request() {
  Request r;
  r.method = "GET";
  r.target = "/chat";
  r.headers = {{"Host", "server.example.com"},   {"Upgrade", "websocket"},
               {"Connection", "Upgrade"},        {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
               {"Origin", "http://example.com"}, {"Sec-WebSocket-Protocol", "chat, superchat"},
               {"Sec-WebSocket-Version", "13"}};
  return r;
}

std::string bytes_of(const Request& r) {
  std::string out;
  append(r, out);
  return out;
}

std::string bytes_of(const Response& r) {
  std::string out;
  append(r, out);
  return out;
}

TEST(HttpMessage, rfc6455_1_2_example_request_is_230_bytes) {
  const Request r = rfc6455_example_request();
  EXPECT_EQ(bytes_of(r),
            "GET /chat HTTP/1.1\r\n"
            "Host: server.example.com\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Origin: http://example.com\r\n"
            "Sec-WebSocket-Protocol: chat, superchat\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            "\r\n");
  EXPECT_EQ(size(r), 230u);
  EXPECT_EQ(bytes_of(r).size(), 230u);
}

TEST(HttpMessage, rfc6455_1_2_example_response_is_159_bytes) {
  Response r;
  r.status = 101;
  r.reason = "Switching Protocols";
  r.headers = {{"Upgrade", "websocket"},
               {"Connection", "Upgrade"},
               {"Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="},
               {"Sec-WebSocket-Protocol", "chat"}};
  EXPECT_EQ(bytes_of(r),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "Sec-WebSocket-Protocol: chat\r\n"
            "\r\n");
  EXPECT_EQ(size(r), 159u);
}

TEST(HttpMessage, body_follows_the_empty_line_and_nothing_is_added) {
  Request r;
  r.method = "POST";
  r.target = "/socket.io/?EIO=4&transport=polling&sid=abc";
  r.headers = {{"Content-Length", "5"}};
  r.body = "4hell";
  EXPECT_EQ(bytes_of(r),
            "POST /socket.io/?EIO=4&transport=polling&sid=abc HTTP/1.1\r\n"
            "Content-Length: 5\r\n"
            "\r\n"
            "4hell");
  EXPECT_EQ(size(r), bytes_of(r).size());
}

TEST(HttpMessage, append_appends_to_what_is_there) {
  Response r;
  r.status = 204;
  r.reason = "No Content";
  std::string out = "xy";
  append(r, out);
  EXPECT_EQ(out, "xyHTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_EQ(size(r), out.size() - 2);
}

TEST(HttpMessage, rfc9112_4_empty_reason_keeps_the_space) {
  Response r;
  r.status = 200;
  r.headers = {{"Content-Length", "2"}};
  r.body = "ok";
  EXPECT_EQ(bytes_of(r), "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok");
  EXPECT_EQ(size(r), 38u);
}

TEST(HttpMessage, rfc9110_5_1_field_names_are_case_insensitive) {
  const Request r = rfc6455_example_request();
  ASSERT_NE(find_header(r.headers, "sec-websocket-key"), nullptr);
  EXPECT_EQ(*find_header(r.headers, "SEC-WEBSOCKET-KEY"), "dGhlIHNhbXBsZSBub25jZQ==");
  EXPECT_EQ(find_header(r.headers, "Cookie"), nullptr);
  EXPECT_EQ(find_header(r.headers, "Hos"), nullptr);
}

TEST(HttpMessage, find_header_returns_the_first_of_repeated_fields) {
  const std::vector<Header> h = {{"X", "1"}, {"x", "2"}};
  EXPECT_EQ(*find_header(h, "X"), "1");
}

TEST(HttpMessage, rfc9110_5_6_1_connection_keep_alive_upgrade_lists_upgrade) {
  const std::vector<Header> h = {{"Connection", "keep-alive, Upgrade"}};
  EXPECT_TRUE(header_has_token(h, "connection", "upgrade"));
  EXPECT_TRUE(header_has_token(h, "Connection", "KEEP-ALIVE"));
  EXPECT_FALSE(header_has_token(h, "Connection", "close"));
  EXPECT_FALSE(header_has_token(h, "Upgrade", "upgrade"));
}

TEST(HttpMessage, tokens_match_whole_elements_only) {
  EXPECT_FALSE(list_contains_token("Upgrade-Insecure-Requests", "upgrade"));
  EXPECT_FALSE(list_contains_token("upgrades", "upgrade"));
  EXPECT_TRUE(list_contains_token(" \tUpgrade\t ", "upgrade"));
  EXPECT_FALSE(list_contains_token("", "upgrade"));
}

TEST(HttpMessage, rfc9110_5_3_repeated_field_lines_form_one_list) {
  const std::vector<Header> h = {{"Connection", "keep-alive"}, {"Connection", "Upgrade"}};
  EXPECT_TRUE(header_has_token(h, "Connection", "upgrade"));
}

TEST(HttpMessage, rfc9110_5_6_1_empty_list_elements_are_ignored) {
  EXPECT_EQ(split_list("a, , b,,c ,"), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_TRUE(split_list(" , ").empty());
}

TEST(HttpMessage, rfc9110_15_reason_phrases) {
  EXPECT_EQ(reason_phrase(101), "Switching Protocols");
  EXPECT_EQ(reason_phrase(200), "OK");
  EXPECT_EQ(reason_phrase(400), "Bad Request");
  EXPECT_EQ(reason_phrase(404), "Not Found");
  EXPECT_EQ(reason_phrase(426), "Upgrade Required");
  EXPECT_EQ(reason_phrase(599), "");
}

TEST(HttpMessage, rfc9112_7_1_chunked_body_as_node_frames_it) {
  // Node.js writes each piece in one chunk, sizes in lowercase hex (tests/data/http_golden.tsv:
  // the 41-byte engine.io error body is "29").
  const std::string error = R"({"code":1,"message":"Session ID unknown"})";
  EXPECT_EQ(chunked_body(error, std::vector<std::size_t>{error.size()}),
            "29\r\n{\"code\":1,\"message\":\"Session ID unknown\"}\r\n0\r\n\r\n");
  EXPECT_EQ(chunked_body("", std::vector<std::size_t>{0}), "0\r\n\r\n");  // res.end("")
  // socket.io serves its client file in 64 KiB reads: 155,836 bytes are 10000, 10000, 60bc.
  const std::string body =
      chunked_body(std::string(155'836, 'j'), std::vector<std::size_t>{65'536, 65'536, 24'764});
  EXPECT_EQ(body.size(), 155'836u + (5 + 2 + 2) * 2 + (4 + 2 + 2) + 5);
  EXPECT_TRUE(body.starts_with("10000\r\njjj"));
  EXPECT_NE(body.find("jj\r\n60bc\r\njj"), std::string::npos);
  EXPECT_TRUE(body.ends_with("jj\r\n0\r\n\r\n"));
}

TEST(HttpMessage, rfc9112_7_1_chunked_body_in_the_pieces_a_stream_pushed) {
  // A gzip stream pushes its 10-byte header alone, then 16 KiB buffers (tests/data/
  // http_golden.tsv, script-gzip): "a", then "3ff6".
  const std::vector<std::size_t> sizes = {10, 16'374, 6};
  const std::string body = chunked_body(std::string(16'390, 'z'), sizes);
  EXPECT_EQ(body.size(), 16'390u + (1 + 4) + (4 + 4) + (1 + 4) + 5);
  EXPECT_TRUE(body.starts_with("a\r\nzzzzzzzzzz\r\n3ff6\r\nzz"));
  EXPECT_TRUE(body.ends_with("zz\r\n6\r\nzzzzzz\r\n0\r\n\r\n"));
  EXPECT_EQ(chunked_body("", std::vector<std::size_t>{}), "0\r\n\r\n");
}

TEST(HttpMessage, rfc9110_5_6_7_imf_fixdate) {
  EXPECT_EQ(imf_fixdate(784'111'777), "Sun, 06 Nov 1994 08:49:37 GMT");  // the RFC's example
  EXPECT_EQ(imf_fixdate(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(imf_fixdate(951'782'400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(imf_fixdate(4'107'542'399), "Sun, 28 Feb 2100 23:59:59 GMT");
  EXPECT_EQ(imf_fixdate(4'107'542'399).size(), 29u);
}

}  // namespace
}  // namespace netsim::http
