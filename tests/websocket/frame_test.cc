// WebSocket framing (RFC 6455 §5.2) on the examples of §5.7, the length boundaries of the
// three length encodings, every split point of a frame stream, and every framing error with
// the status code it fails the connection with (§5.1, §5.2, §5.5, §7.4.1).
#include "models/websocket/frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/websocket/close_status.h"
#include "tests/websocket/bytes.h"

namespace netsim::websocket {
namespace {

using testing::from_hex;
using testing::pattern;
using testing::to_hex;

constexpr MaskKey kRfcKey = {0x37, 0xfa, 0x21, 0x3d};  // the masking key of the §5.7 examples

Frame frame(Opcode opcode, std::string payload, bool fin = true) {
  Frame f;
  f.fin = fin;
  f.opcode = opcode;
  f.payload = std::move(payload);
  return f;
}

Frame masked(Frame f, MaskKey key = kRfcKey) {
  f.masked = true;
  f.mask_key = key;
  return f;
}

std::string encode(const Frame& f) {
  std::string out;
  append_frame(f, out);
  return out;
}

// Every frame in `bytes`, parsed by an endpoint of `role`; fails the test on a parse error.
std::vector<Frame> parse_all(Role role, std::string_view bytes) {
  FrameParser parser(role);
  parser.feed(bytes);
  std::vector<Frame> frames;
  while (auto f = parser.next()) frames.push_back(std::move(*f));
  EXPECT_FALSE(parser.error()) << parser.error()->reason;
  EXPECT_EQ(parser.buffered(), 0u);
  return frames;
}

TEST(Frame, rfc6455_5_7_single_frame_unmasked_text) {
  const Frame hello = frame(Opcode::Text, "Hello");
  EXPECT_EQ(to_hex(encode(hello)), "81 05 48 65 6c 6c 6f");
  EXPECT_EQ(parse_all(Role::Client, from_hex("81 05 48 65 6c 6c 6f")), std::vector{hello});
}

TEST(Frame, rfc6455_5_7_single_frame_masked_text) {
  const Frame hello = masked(frame(Opcode::Text, "Hello"));
  EXPECT_EQ(to_hex(encode(hello)), "81 85 37 fa 21 3d 7f 9f 4d 51 58");
  const auto parsed = parse_all(Role::Server, from_hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].payload, "Hello");  // unmasked
  EXPECT_EQ(parsed[0], hello);
}

TEST(Frame, rfc6455_5_7_fragmented_unmasked_text) {
  const Frame hel = frame(Opcode::Text, "Hel", false);
  const Frame lo = frame(Opcode::Continuation, "lo");
  EXPECT_EQ(to_hex(encode(hel)), "01 03 48 65 6c");
  EXPECT_EQ(to_hex(encode(lo)), "80 02 6c 6f");
  EXPECT_EQ(parse_all(Role::Client, from_hex("01 03 48 65 6c 80 02 6c 6f")),
            (std::vector{hel, lo}));
}

TEST(Frame, rfc6455_5_7_unmasked_ping_and_masked_pong) {
  const Frame ping = frame(Opcode::Ping, "Hello");
  const Frame pong = masked(frame(Opcode::Pong, "Hello"));
  EXPECT_EQ(to_hex(encode(ping)), "89 05 48 65 6c 6c 6f");
  EXPECT_EQ(to_hex(encode(pong)), "8a 85 37 fa 21 3d 7f 9f 4d 51 58");
  EXPECT_EQ(parse_all(Role::Client, encode(ping)), std::vector{ping});
  EXPECT_EQ(parse_all(Role::Server, encode(pong)), std::vector{pong});
}

TEST(Frame, rfc6455_5_7_256_bytes_binary_in_a_single_unmasked_frame) {
  const Frame f = frame(Opcode::Binary, pattern(256));
  const std::string bytes = encode(f);
  ASSERT_EQ(bytes.size(), 4u + 256u);
  EXPECT_EQ(to_hex(bytes.substr(0, 4)), "82 7e 01 00");
  EXPECT_EQ(bytes.substr(4), f.payload);
  EXPECT_EQ(parse_all(Role::Client, bytes), std::vector{f});
}

TEST(Frame, rfc6455_5_7_64_kib_binary_in_a_single_unmasked_frame) {
  const Frame f = frame(Opcode::Binary, pattern(65536));
  const std::string bytes = encode(f);
  ASSERT_EQ(bytes.size(), 10u + 65536u);
  EXPECT_EQ(to_hex(bytes.substr(0, 10)), "82 7f 00 00 00 00 00 01 00 00");
  EXPECT_EQ(parse_all(Role::Client, bytes), std::vector{f});
}

TEST(Frame, rfc6455_5_2_header_size_at_length_boundaries) {
  static_assert(frame_header_size(0, false) == 2);
  static_assert(frame_header_size(125, false) == 2);
  static_assert(frame_header_size(126, false) == 4);
  static_assert(frame_header_size(65535, false) == 4);
  static_assert(frame_header_size(65536, false) == 10);
  static_assert(frame_header_size(0, true) == 6);
  static_assert(frame_header_size(125, true) == 6);
  static_assert(frame_header_size(126, true) == 8);
  static_assert(frame_header_size(65535, true) == 8);
  static_assert(frame_header_size(65536, true) == 14);
  static_assert(frame_header_size(std::uint64_t{1} << 40, true) == 14);
}

TEST(Frame, rfc6455_5_2_minimal_length_encoding_round_trips_at_boundaries) {
  struct Case {
    std::size_t length;
    std::string header;  // unmasked
  };
  const std::vector<Case> cases = {
      {0, "82 00"},
      {1, "82 01"},
      {125, "82 7d"},
      {126, "82 7e 00 7e"},
      {127, "82 7e 00 7f"},
      {65535, "82 7e ff ff"},
      {65536, "82 7f 00 00 00 00 00 01 00 00"},
      {65537, "82 7f 00 00 00 00 00 01 00 01"},
  };
  for (const Case& c : cases) {
    const Frame plain = frame(Opcode::Binary, pattern(c.length));
    const std::string bytes = encode(plain);
    const std::size_t header = frame_header_size(c.length, false);
    ASSERT_EQ(bytes.size(), header + c.length) << c.length;
    EXPECT_EQ(to_hex(bytes.substr(0, header)), c.header) << c.length;
    EXPECT_EQ(parse_all(Role::Client, bytes), std::vector{plain}) << c.length;

    const Frame m = masked(plain, {0x0b, 0xad, 0xf0, 0x0d});
    const std::string mbytes = encode(m);
    ASSERT_EQ(mbytes.size(), frame_header_size(c.length, true) + c.length) << c.length;
    EXPECT_EQ(static_cast<unsigned char>(mbytes[1]) & 0x80, 0x80) << c.length;
    EXPECT_EQ(to_hex(mbytes.substr(header, 4)), "0b ad f0 0d") << c.length;
    EXPECT_EQ(parse_all(Role::Server, mbytes), std::vector{m}) << c.length;
  }
}

TEST(Frame, rfc6455_5_3_masking_twice_is_the_identity) {
  std::string data = "Hello";
  apply_mask(data.data(), data.size(), kRfcKey);
  EXPECT_EQ(to_hex(data), "7f 9f 4d 51 58");
  apply_mask(data.data(), data.size(), kRfcKey);
  EXPECT_EQ(data, "Hello");
}

TEST(Frame, rsv_bits_and_reserved_opcodes_are_encoded_as_given) {
  Frame f = frame(static_cast<Opcode>(0x3), "");
  f.rsv = 0b101;
  f.fin = false;
  EXPECT_EQ(to_hex(encode(f)), "53 00");
}

// A client's stream: masked text in two fragments with a Ping between, a 300-byte binary, a
// Close; each frame a different mask.
std::vector<Frame> client_stream() {
  Frame close = masked(frame(Opcode::Close, close_payload(kNormalClosure, "bye")), {1, 2, 3, 4});
  return {masked(frame(Opcode::Text, "Hel", false), {9, 8, 7, 6}),
          masked(frame(Opcode::Ping, "p"), {0, 0, 0, 0}), masked(frame(Opcode::Continuation, "lo")),
          masked(frame(Opcode::Binary, pattern(300)), {0xff, 0xfe, 0xfd, 0xfc}), close};
}

// The bytes of `frames`, back to back.
std::string wire(const std::vector<Frame>& frames) {
  std::string bytes;
  for (const Frame& f : frames) append_frame(f, bytes);
  return bytes;
}

TEST(Frame, every_split_point_gives_the_same_frames) {
  const std::vector<Frame> frames = client_stream();
  const std::string bytes = wire(frames);
  for (std::size_t i = 0; i <= bytes.size(); ++i) {
    FrameParser parser(Role::Server);
    std::vector<Frame> got;
    parser.feed(std::string_view(bytes).substr(0, i));
    while (auto f = parser.next()) got.push_back(std::move(*f));
    parser.feed(std::string_view(bytes).substr(i));
    while (auto f = parser.next()) got.push_back(std::move(*f));
    EXPECT_EQ(got, frames) << "split at " << i;
    EXPECT_FALSE(parser.error());
  }
}

// parse() reads whole frames straight out of the bytes and buffers only an incomplete tail: for
// every split of a stream in two pieces it gives what feed()/next() give.
TEST(Frame, parse_in_place_gives_the_same_frames_for_every_split) {
  const std::vector<Frame> frames = client_stream();
  const std::string bytes = wire(frames);
  for (std::size_t i = 0; i <= bytes.size(); ++i) {
    FrameParser parser(Role::Server);
    std::vector<Frame> got;
    const auto collect = [&got](Frame f) {
      got.push_back(std::move(f));
      return true;
    };
    parser.parse(std::string_view(bytes).substr(0, i), collect);
    parser.parse(std::string_view(bytes).substr(i), collect);
    EXPECT_EQ(got, frames) << "split at " << i;
    EXPECT_EQ(parser.buffered(), 0u);
    EXPECT_FALSE(parser.error());
  }
}

// A payload handed back once read holds the next frame's: one buffer for a stream of messages.
// A large one is not kept (every connection would keep the largest message it ever got).
TEST(Frame, a_recycled_payload_buffer_holds_the_next_frame) {
  const auto text_frame = [](std::string payload) {
    Frame f;
    f.payload = std::move(payload);
    std::string out;
    append_frame(f, out);
    return out;
  };
  const auto parse_one = [](FrameParser& parser, const std::string& bytes) {
    std::vector<Frame> got;
    parser.parse(bytes, [&got](Frame f) {
      got.push_back(std::move(f));
      return true;
    });
    EXPECT_EQ(got.size(), 1u);
    return got.empty() ? Frame{} : std::move(got[0]);
  };
  FrameParser parser(Role::Client);
  Frame first = parse_one(parser, text_frame(std::string(40, 'a')));
  const char* const buffer = first.payload.data();
  parser.recycle(std::move(first.payload));
  const Frame second = parse_one(parser, text_frame(std::string(30, 'b')));
  EXPECT_EQ(second.payload, std::string(30, 'b'));
  EXPECT_EQ(second.payload.data(), buffer);

  Frame large = parse_one(parser, text_frame(std::string(FrameParser::kMaxRecycled + 1, 'c')));
  const char* const large_buffer = large.payload.data();
  parser.recycle(std::move(large.payload));
  const Frame after = parse_one(parser, text_frame(std::string(60, 'd')));
  EXPECT_EQ(after.payload, std::string(60, 'd'));
  EXPECT_NE(after.payload.data(), large_buffer);
}

TEST(Frame, parse_stops_when_told_and_keeps_the_rest) {
  const std::vector<Frame> frames = client_stream();
  ASSERT_GE(frames.size(), 2u);
  const std::string bytes = wire(frames);
  FrameParser parser(Role::Server);
  std::vector<Frame> got;
  parser.parse(bytes, [&got](Frame f) {
    got.push_back(std::move(f));
    return false;  // e.g. a Close frame: nothing after it is read
  });
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0], frames[0]);
  EXPECT_EQ(parser.buffered(), bytes.size() - wire({frames[0]}).size());
  while (auto f = parser.next()) got.push_back(std::move(*f));  // the rest is still there
  EXPECT_EQ(got, frames);
}

TEST(Frame, byte_by_byte_gives_the_same_frames) {
  const std::vector<Frame> frames = client_stream();
  const std::string bytes = wire(frames);
  FrameParser parser(Role::Server);
  std::vector<Frame> got;
  for (const char c : bytes) {
    parser.feed(std::string_view(&c, 1));
    while (auto f = parser.next()) got.push_back(std::move(*f));
  }
  EXPECT_EQ(got, frames);
}

TEST(Frame, incomplete_frame_waits_without_error) {
  FrameParser parser(Role::Client);
  parser.feed(from_hex("82 7e 01"));
  EXPECT_FALSE(parser.next());
  parser.feed(from_hex("00 aa"));
  EXPECT_FALSE(parser.next());
  EXPECT_FALSE(parser.error());
  EXPECT_EQ(parser.buffered(), 5u);
}

struct BadFrame {
  const char* name;
  Role role;  // of the parser
  std::string bytes;
  std::uint16_t code;
};

// Each error is reported from the header alone: no payload bytes are fed.
TEST(Frame, framing_errors_fail_with_their_close_code) {
  const std::vector<BadFrame> cases = {
      // §5.2: RSV1-3 "MUST be 0 unless an extension is negotiated"
      {"RSV1", Role::Client, from_hex("c1 00"), kProtocolError},
      {"RSV2", Role::Client, from_hex("a1 00"), kProtocolError},
      {"RSV3", Role::Client, from_hex("91 00"), kProtocolError},
      // §5.2: reserved opcodes
      {"opcode 3", Role::Client, from_hex("83 00"), kProtocolError},
      {"opcode 7", Role::Client, from_hex("87 00"), kProtocolError},
      {"opcode B", Role::Client, from_hex("8b 00"), kProtocolError},
      {"opcode F", Role::Client, from_hex("8f 00"), kProtocolError},
      // §5.5: control frames ≤ 125 bytes and not fragmented
      {"ping of 126", Role::Client, from_hex("89 7e 00 7e"), kProtocolError},
      {"close of 126 (7-bit 126)", Role::Client, from_hex("88 7e"), kProtocolError},
      {"pong with 64-bit length", Role::Client, from_hex("8a 7f"), kProtocolError},
      {"ping without FIN", Role::Client, from_hex("09 00"), kProtocolError},
      {"close without FIN", Role::Client, from_hex("08 00"), kProtocolError},
      // §5.2: the 64-bit length's most significant bit MUST be 0
      {"64-bit length with MSB", Role::Client, from_hex("82 7f 80 00 00 00 00 00 00 00"),
       kProtocolError},
      // §5.1: clients mask, servers do not
      {"unmasked to server", Role::Server, from_hex("81 05"), kProtocolError},
      {"masked to client", Role::Client, from_hex("81 85"), kProtocolError},
      {"masked ping to client", Role::Client, from_hex("89 80"), kProtocolError},
  };
  for (const BadFrame& c : cases) {
    FrameParser parser(c.role);
    parser.feed(c.bytes);
    EXPECT_FALSE(parser.next()) << c.name;
    ASSERT_TRUE(parser.error()) << c.name;
    EXPECT_EQ(parser.error()->close_code, c.code) << c.name;
  }
}

TEST(Frame, rfc6455_10_4_frame_over_the_maximum_fails_with_1009) {
  FrameParser parser(Role::Client, 1000);
  parser.feed(from_hex("82 7e 03 e9"));  // 1001 bytes announced
  EXPECT_FALSE(parser.next());
  ASSERT_TRUE(parser.error());
  EXPECT_EQ(parser.error()->close_code, kMessageTooBig);

  FrameParser huge(Role::Client);  // 2^63 - 1 bytes announced, over the 100 MiB default
  huge.feed(from_hex("82 7f 7f ff ff ff ff ff ff ff"));
  EXPECT_FALSE(huge.next());
  EXPECT_EQ(huge.error()->close_code, kMessageTooBig);
}

TEST(Frame, the_maximum_bounds_data_frames_only) {
  // ws receiver.js `haveLength`: maxPayload is checked for opcodes below 0x8; a control frame
  // is bounded by §5.5's 125 bytes alone.
  FrameParser parser(Role::Client, 10);
  parser.feed(encode(frame(Opcode::Ping, pattern(50))));
  EXPECT_TRUE(parser.next());
  EXPECT_FALSE(parser.error());
}

TEST(Frame, frame_of_exactly_the_maximum_is_accepted) {
  FrameParser parser(Role::Client, 1000);
  parser.feed(encode(frame(Opcode::Binary, pattern(1000))));
  EXPECT_TRUE(parser.next());
  EXPECT_FALSE(parser.error());
}

TEST(Frame, negotiated_rsv1_is_accepted) {
  FrameParser parser(Role::Client, FrameParser::kDefaultMaxPayload, 0b100);
  parser.feed(from_hex("c1 01 41"));
  const auto f = parser.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->rsv, 0b100);
  parser.feed(from_hex("a1 00"));  // RSV2 was not negotiated
  EXPECT_FALSE(parser.next());
  EXPECT_EQ(parser.error()->close_code, kProtocolError);
}

TEST(Frame, frames_before_an_error_come_out_and_nothing_after) {
  FrameParser parser(Role::Client);
  parser.feed(from_hex("81 02 68 69 83 00 81 02 68 69"));
  const auto first = parser.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->payload, "hi");
  EXPECT_FALSE(parser.next());
  EXPECT_EQ(parser.error()->reason, "reserved opcode");
  parser.feed(from_hex("81 00"));
  EXPECT_FALSE(parser.next());
}

TEST(Frame, opcode_names) {
  EXPECT_EQ(to_string(Opcode::Continuation), "continuation");
  EXPECT_EQ(to_string(Opcode::Pong), "pong");
  EXPECT_EQ(to_string(static_cast<Opcode>(0x3)), "reserved");
  EXPECT_TRUE(is_control(Opcode::Close));
  EXPECT_FALSE(is_control(Opcode::Binary));
}

}  // namespace
}  // namespace netsim::websocket
