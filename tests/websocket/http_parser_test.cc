// Incremental HTTP/1.1 parsing (RFC 9112 §2.2, §3, §4, §5, §6.3), split at every byte, with
// the protocol switch of RFC 9110 §7.8 / RFC 6455 §4 and every kind of malformed input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/http/parser.h"

namespace netsim::http {
namespace {

template <class Message>
std::vector<Message> drain(MessageParser<Message>& parser) {
  std::vector<Message> out;
  while (auto m = parser.next()) out.push_back(std::move(*m));
  return out;
}

// Two pipelined requests, the second with a body, then the first bytes of a third.
const std::string kPipelined =
    "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
    "POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n"
    "40{\"a\":1}\r\n"
    "GET /c HTTP/1.1\r\nHo";

std::vector<Request> pipelined_expected() {
  Request a;
  a.method = "GET";
  a.target = "/a";
  a.headers = {{"Host", "x"}};
  Request b;
  b.method = "POST";
  b.target = "/socket.io/?EIO=4&transport=polling";
  b.headers = {{"Host", "x"}, {"Content-Length", "11"}};
  b.body = "40{\"a\":1}\r\n";
  return {a, b};
}

TEST(HttpParser, parses_pipelined_requests_fed_at_once) {
  RequestParser p;
  p.feed(kPipelined);
  EXPECT_EQ(drain(p), pipelined_expected());
  EXPECT_FALSE(p.failed());
  EXPECT_FALSE(p.upgraded());
}

TEST(HttpParser, messages_come_out_oldest_first_while_more_arrive) {
  // One taken, then the rest of the third request fed: the second and third follow, in order.
  RequestParser p;
  p.feed(kPipelined);
  const std::optional<Request> first = p.next();
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->target, "/a");
  p.feed("st: x\r\n\r\n");
  const std::vector<Request> rest = drain(p);
  ASSERT_EQ(rest.size(), 2U);
  EXPECT_EQ(rest[0], pipelined_expected()[1]);
  EXPECT_EQ(rest[1].target, "/c");
  EXPECT_FALSE(p.next().has_value());
}

TEST(HttpParser, every_split_point_gives_the_same_requests) {
  for (std::size_t i = 0; i <= kPipelined.size(); ++i) {
    RequestParser p;
    p.feed(std::string_view(kPipelined).substr(0, i));
    std::vector<Request> got = drain(p);
    p.feed(std::string_view(kPipelined).substr(i));
    for (Request& r : drain(p)) got.push_back(std::move(r));
    EXPECT_EQ(got, pipelined_expected()) << "split at " << i;
    EXPECT_FALSE(p.failed()) << "split at " << i;
  }
}

TEST(HttpParser, byte_by_byte_gives_the_same_requests) {
  RequestParser p;
  std::vector<Request> got;
  for (const char c : kPipelined) {
    p.feed(std::string_view(&c, 1));
    for (Request& r : drain(p)) got.push_back(std::move(r));
  }
  EXPECT_EQ(got, pipelined_expected());
}

TEST(HttpParser, rfc9112_6_3_request_without_length_has_no_body) {
  RequestParser p;
  p.feed("GET / HTTP/1.1\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, "");
  EXPECT_EQ(got[1].target, "/b");
  EXPECT_EQ(got[1].version, "HTTP/1.0");
}

TEST(HttpParser, rfc9112_5_1_whitespace_around_values_is_trimmed) {
  RequestParser p;
  p.feed("GET / HTTP/1.1\r\nHost:\t example.com \t\r\nX-Empty:\r\n\r\n");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].headers, (std::vector<Header>{{"Host", "example.com"}, {"X-Empty", ""}}));
}

TEST(HttpParser, rfc9112_2_2_empty_lines_before_the_request_line_are_ignored) {
  RequestParser p;
  p.feed("\r\n\r");
  p.feed("\nGET / HTTP/1.1\r\n\r\n");
  ASSERT_EQ(drain(p).size(), 1u);
  EXPECT_FALSE(p.failed());
}

TEST(HttpParser, rfc9110_8_6_identical_content_lengths_are_one) {
  RequestParser p;
  p.feed("POST / HTTP/1.1\r\nContent-Length: 3, 3\r\ncontent-length: 3\r\n\r\nabc");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, "abc");
}

// A 101 answer to the WebSocket handshake and the server's first frame in the same segment.
const std::string kSwitch =
    "HTTP/1.1 101 Switching Protocols\r\n"
    "Upgrade: websocket\r\n"
    "Connection: Upgrade\r\n"
    "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
    "\r\n"
    "\x81\x05Hello";

TEST(HttpParser, rfc9110_15_2_2_parsing_stops_after_101_and_keeps_the_rest) {
  for (std::size_t i = 0; i <= kSwitch.size(); ++i) {
    ResponseParser p;
    p.feed(std::string_view(kSwitch).substr(0, i));
    p.feed(std::string_view(kSwitch).substr(i));
    const auto got = drain(p);
    ASSERT_EQ(got.size(), 1u) << "split at " << i;
    EXPECT_EQ(got[0].status, 101);
    EXPECT_EQ(got[0].reason, "Switching Protocols");
    EXPECT_EQ(got[0].headers.size(), 3u);
    EXPECT_TRUE(p.upgraded());
    EXPECT_EQ(p.take_rest(), "\x81\x05Hello") << "split at " << i;
    EXPECT_EQ(p.take_rest(), "");
  }
}

TEST(HttpParser, bytes_fed_after_the_switch_go_to_the_rest) {
  ResponseParser p;
  p.feed(kSwitch);
  ASSERT_TRUE(p.next());
  EXPECT_EQ(p.take_rest(), "\x81\x05Hello");
  p.feed("\x89");
  p.feed(std::string_view("\x00", 1));
  EXPECT_EQ(p.take_rest(), std::string("\x89\x00", 2));
  EXPECT_FALSE(p.next());
}

TEST(HttpParser, rfc6455_4_1_upgrade_request_stops_the_request_parser) {
  RequestParser p;
  p.feed(
      "GET /chat HTTP/1.1\r\nHost: s\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\n"
      "\r\n\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_TRUE(p.upgraded());
  EXPECT_EQ(p.take_rest(), "\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58");
}

TEST(HttpParser, upgrade_field_without_connection_upgrade_does_not_switch) {
  RequestParser p;
  p.feed("GET / HTTP/1.1\r\nUpgrade: websocket\r\n\r\nGET /2 HTTP/1.1\r\n\r\n");
  EXPECT_EQ(drain(p).size(), 2u);
  EXPECT_FALSE(p.upgraded());
  EXPECT_EQ(p.take_rest(), "");
}

TEST(HttpParser, rfc9112_6_3_1xx_204_304_responses_have_no_body) {
  ResponseParser p;
  p.feed(
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n"
      "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].status, 100);
  EXPECT_EQ(got[1].body, "");
  EXPECT_EQ(got[2].body, "");
  EXPECT_EQ(got[3].body, "ok");
  EXPECT_FALSE(p.upgraded());
}

TEST(HttpParser, rfc9112_6_3_response_without_length_runs_to_close) {
  ResponseParser p;
  p.feed("HTTP/1.0 200 OK\r\n\r\nsome");
  p.feed(" body");
  EXPECT_FALSE(p.next());
  p.finish();
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].body, "some body");
  EXPECT_FALSE(p.failed());
}

TEST(HttpParser, rfc9112_4_status_line_without_reason) {
  ResponseParser p;
  p.feed("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\nHTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].reason, "");
  EXPECT_EQ(got[1].status, 404);
  EXPECT_EQ(got[1].reason, "");
}

TEST(HttpParser, rfc9112_8_close_inside_a_message_is_truncated) {
  RequestParser head;
  head.feed("GET / HTTP/1.1\r\nHost");
  head.finish();
  EXPECT_EQ(head.error(), ParseError::TruncatedMessage);

  RequestParser body;
  body.feed("POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nab");
  body.finish();
  EXPECT_EQ(body.error(), ParseError::TruncatedMessage);

  RequestParser clean;
  clean.feed("GET / HTTP/1.1\r\n\r\n");
  clean.finish();
  EXPECT_FALSE(clean.failed());
  EXPECT_TRUE(clean.next());
}

struct BadInput {
  const char* name;
  std::string bytes;
  ParseError error;
};

TEST(HttpParser, malformed_requests_fail_with_their_error) {
  const std::vector<BadInput> cases = {
      {"no target", "GET HTTP/1.1\r\n\r\n", ParseError::BadStartLine},
      {"two spaces", "GET  / HTTP/1.1\r\n\r\n", ParseError::BadStartLine},
      {"lowercase version", "GET / http/1.1\r\n\r\n", ParseError::BadStartLine},
      {"version 1.10", "GET / HTTP/1.10\r\n\r\n", ParseError::BadStartLine},
      {"method with slash", "G/T / HTTP/1.1\r\n\r\n", ParseError::BadStartLine},
      {"empty method", " / HTTP/1.1\r\n\r\n", ParseError::BadStartLine},
      {"control in target", "GET /\x01 HTTP/1.1\r\n\r\n", ParseError::BadStartLine},
      {"bare LF", "GET / HTTP/1.1\nHost: x\r\n\r\n", ParseError::BadStartLine},
      {"header without colon", "GET / HTTP/1.1\r\nHost x\r\n\r\n", ParseError::BadHeaderLine},
      {"space before colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", ParseError::BadHeaderLine},
      {"empty name", "GET / HTTP/1.1\r\n: x\r\n\r\n", ParseError::BadHeaderLine},
      {"obs-fold", "GET / HTTP/1.1\r\nX: a\r\n  b\r\n\r\n", ParseError::BadHeaderLine},
      {"control in value", "GET / HTTP/1.1\r\nX: a\x7f\r\n\r\n", ParseError::BadHeaderLine},
      {"length not digits", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
       ParseError::BadContentLength},
      {"negative length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
       ParseError::BadContentLength},
      {"plus sign", "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n", ParseError::BadContentLength},
      {"empty length", "POST / HTTP/1.1\r\nContent-Length: \r\n\r\n", ParseError::BadContentLength},
      {"differing list", "POST / HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n",
       ParseError::BadContentLength},
      {"differing lines", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
       ParseError::BadContentLength},
      {"overflow", "POST / HTTP/1.1\r\nContent-Length: 18446744073709551616\r\n\r\n",
       ParseError::BadContentLength},
      {"gzip", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
       ParseError::TransferEncodingUnsupported},
      {"chunk size not hex", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n",
       ParseError::BadChunk},
      {"empty chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\r\n",
       ParseError::BadChunk},
      {"signed chunk size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n",
       ParseError::BadChunk},
      {"chunk size overflow",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000000\r\n",
       ParseError::BadChunk},
      {"junk after chunk size",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2 x\r\nab\r\n0\r\n\r\n",
       ParseError::BadChunk},
      {"chunk longer than its size",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n",
       ParseError::BadChunk},
      {"bad trailer field", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX y\r\n\r\n",
       ParseError::BadHeaderLine},
  };
  for (const BadInput& c : cases) {
    RequestParser p;
    p.feed(c.bytes);
    EXPECT_TRUE(p.failed()) << c.name;
    EXPECT_EQ(p.error(), c.error) << c.name << ": " << to_string(p.error());
    EXPECT_FALSE(p.next()) << c.name;
  }
}

TEST(HttpParser, malformed_responses_fail_with_their_error) {
  const std::vector<BadInput> cases = {
      {"two-digit status", "HTTP/1.1 20 OK\r\n\r\n", ParseError::BadStartLine},
      {"status 600", "HTTP/1.1 600 X\r\n\r\n", ParseError::BadStartLine},
      {"status 099", "HTTP/1.1 099 X\r\n\r\n", ParseError::BadStartLine},
      {"four-digit status", "HTTP/1.1 2000 OK\r\n\r\n", ParseError::BadStartLine},
      {"no version", "200 OK\r\n\r\n", ParseError::BadStartLine},
      {"deflate", "HTTP/1.1 200 OK\r\nTransfer-Encoding: deflate\r\n\r\n",
       ParseError::TransferEncodingUnsupported},
  };
  for (const BadInput& c : cases) {
    ResponseParser p;
    p.feed(c.bytes);
    EXPECT_EQ(p.error(), c.error) << c.name << ": " << to_string(p.error());
  }
}

// What Node.js's http server sends for an engine.io error (tests/data/http_golden.tsv), then a
// second response on the same connection.
const std::string kChunkedResponses =
    "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
    "\r\n29\r\n{\"code\":1,\"message\":\"Session ID unknown\"}\r\n0\r\n\r\n"
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    "4;name=value\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n";

TEST(HttpParser, rfc9112_7_1_chunked_bodies_come_out_decoded_whatever_the_split) {
  // The second body is the classic "Wikipedia in\r\n\r\nchunks." example, with a chunk
  // extension (§7.1.1, ignored) and a trailer field (§7.1.2, dropped).
  for (std::size_t split = 0; split <= kChunkedResponses.size(); ++split) {
    ResponseParser p;
    p.feed(kChunkedResponses.substr(0, split));
    p.feed(kChunkedResponses.substr(split));
    const auto got = drain(p);
    ASSERT_EQ(got.size(), 2u) << "split at " << split;
    EXPECT_EQ(got[0].status, 400);
    EXPECT_EQ(got[0].body, R"({"code":1,"message":"Session ID unknown"})");
    EXPECT_EQ(got[1].body, "Wikipedia in\r\n\r\nchunks.");
    EXPECT_FALSE(p.failed());
  }
}

TEST(HttpParser, rfc9112_6_3_transfer_encoding_overrides_content_length) {
  RequestParser p;
  p.feed(
      "POST / HTTP/1.1\r\nContent-Length: 100\r\nTransfer-Encoding: Chunked\r\n\r\n"
      "2\r\nok\r\n0\r\n\r\nGET /next HTTP/1.1\r\n\r\n");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].body, "ok");
  EXPECT_EQ(got[1].target, "/next");
}

TEST(HttpParser, a_body_still_arriving_shows_its_head_and_how_much_has_come) {
  RequestParser p;
  EXPECT_EQ(p.partial(), nullptr);
  p.feed("POST /upload HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  ASSERT_NE(p.partial(), nullptr);
  EXPECT_EQ(p.partial()->target, "/upload");
  EXPECT_EQ(p.partial_body_bytes(), 3u);
  p.feed(
      "defghij"
      "GET /next HTTP/1.1\r\n");  // the body ends; the next head is incomplete
  ASSERT_TRUE(p.next());
  EXPECT_EQ(p.partial(), nullptr);
  EXPECT_EQ(p.partial_body_bytes(), 0u);
  // Chunked: the data of the chunks decoded so far.
  RequestParser c;
  c.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n6\r\nef");
  EXPECT_EQ(c.partial_body_bytes(), 6u);
}

TEST(HttpParser, a_discarded_body_is_counted_dropped_and_the_next_message_parsed) {
  RequestParser p;
  p.feed("POST /upload HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc");
  p.discard_body();
  p.feed("def");
  EXPECT_EQ(p.partial_body_bytes(), 6u);
  p.feed(
      "ghij"
      "GET /next HTTP/1.1\r\n\r\n");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].target, "/upload");
  EXPECT_EQ(got[0].body, "");
  EXPECT_EQ(got[1].target, "/next");
  // Chunked, discarded after the first chunk.
  RequestParser c;
  c.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n");
  c.discard_body();
  c.feed("6\r\nefghij\r\n0\r\n\r\n");
  const auto chunked = drain(c);
  ASSERT_EQ(chunked.size(), 1u);
  EXPECT_EQ(chunked[0].body, "");
  EXPECT_FALSE(c.failed());
  // A response that runs to the close (RFC 9112 §6.3 item 8).
  ResponseParser r;
  r.feed("HTTP/1.1 200 OK\r\n\r\nabc");
  r.discard_body();
  r.feed("def");
  EXPECT_EQ(r.partial_body_bytes(), 6u);
  r.finish();
  const auto closed = drain(r);
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].body, "");
}

TEST(HttpParser, rfc9112_8_close_inside_a_chunked_body_is_truncated) {
  ResponseParser p;
  p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab");
  p.finish();
  EXPECT_EQ(p.error(), ParseError::TruncatedMessage);
}

TEST(HttpParser, endless_chunk_size_line_fails_at_the_limit) {
  RequestParser p(64);
  p.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
  p.feed(std::string(63, '0'));
  EXPECT_FALSE(p.failed());
  p.feed("0");
  EXPECT_EQ(p.error(), ParseError::BadChunk);
}

TEST(HttpParser, messages_before_the_error_stay_available_and_later_bytes_are_ignored) {
  RequestParser p;
  p.feed("GET /ok HTTP/1.1\r\n\r\nBROKEN\r\n\r\n");
  EXPECT_EQ(p.error(), ParseError::BadStartLine);
  p.feed("GET /later HTTP/1.1\r\n\r\n");
  const auto got = drain(p);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].target, "/ok");
  EXPECT_EQ(p.take_rest(), "");
}

// "GET / HTTP/1.1\r\n" (16) + "X: " + filler + "\r\n" + "\r\n": a header section of n bytes.
std::string header_section_of(std::size_t n) {
  return "GET / HTTP/1.1\r\nX: " + std::string(n - 16 - 3 - 4, 'a') + "\r\n\r\n";
}

TEST(HttpParser, header_section_of_16_kib_is_accepted) {
  const std::string bytes = header_section_of(16 * 1024);
  ASSERT_EQ(bytes.size(), 16384u);
  RequestParser p;
  p.feed(bytes);
  EXPECT_FALSE(p.failed());
  EXPECT_TRUE(p.next());
}

TEST(HttpParser, header_section_over_16_kib_fails_whatever_the_split) {
  const std::string bytes = header_section_of(16 * 1024 + 1);
  for (const std::size_t split : {std::size_t{0}, std::size_t{16381}, std::size_t{16382},
                                  std::size_t{16383}, std::size_t{16384}, bytes.size()}) {
    RequestParser p;
    p.feed(std::string_view(bytes).substr(0, split));
    p.feed(std::string_view(bytes).substr(split));
    EXPECT_EQ(p.error(), ParseError::HeaderSectionTooLarge) << "split at " << split;
  }
}

TEST(HttpParser, endless_header_section_fails_before_its_end_arrives) {
  RequestParser p;
  p.feed("GET / HTTP/1.1\r\nX: ");
  for (int i = 0; i < 20 && !p.failed(); ++i) p.feed(std::string(1024, 'a'));
  EXPECT_EQ(p.error(), ParseError::HeaderSectionTooLarge);
}

TEST(HttpParser, limit_is_configurable) {
  RequestParser p(20);
  p.feed("GET / HTTP/1.1\r\n\r\n");  // 18 bytes
  EXPECT_TRUE(p.next());
  p.feed("GET / HTTP/1.1\r\nA: b\r\n\r\n");  // 24 bytes
  EXPECT_EQ(p.error(), ParseError::HeaderSectionTooLarge);
}

TEST(HttpParser, error_names) {
  EXPECT_EQ(to_string(ParseError::BadContentLength), "bad Content-Length");
  EXPECT_EQ(to_string(ParseError::HeaderSectionTooLarge), "header section too large");
}

}  // namespace
}  // namespace netsim::http
