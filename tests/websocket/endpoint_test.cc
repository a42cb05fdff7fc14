// The WebSocket endpoint (RFC 6455 §5-§7) as traces: bytes in, then the bytes and events out.
// Server traces compare exact bytes (a server never masks); client frames are parsed back with
// a server's parser, and their masking keys are the client's Rng draws.
#include "models/websocket/endpoint.h"

#include <gtest/gtest.h>

#include <iterator>
#include <string>
#include <vector>

#include "models/websocket/close_status.h"
#include "tests/websocket/bytes.h"

namespace netsim::websocket {
namespace {

using testing::from_hex;
using testing::pattern;
using testing::to_hex;

constexpr std::uint64_t kSeed = 2024;

Event message(Opcode opcode, std::string payload) {
  return Event::message(opcode, std::move(payload));
}
Event ping_event(std::string payload) { return Event::ping(std::move(payload)); }
Event pong_event(std::string payload) { return Event::pong(std::move(payload)); }
Event close_received(std::uint16_t code, std::string reason = {}) {
  return Event::close_received(code, std::move(reason));
}
Event closed(std::uint16_t code, bool was_clean, std::string reason = {}) {
  return Event::closed(code, std::move(reason), was_clean);
}

Frame frame(Opcode opcode, std::string payload, bool fin = true) {
  Frame f;
  f.fin = fin;
  f.opcode = opcode;
  f.payload = std::move(payload);
  return f;
}

// An endpoint and the peer's view of the wire.
struct Trace {
  explicit Trace(Endpoint endpoint) : ep(std::move(endpoint)) {}

  // The peer sends these bytes.
  void recv(std::string_view bytes) { ep.on_bytes(bytes); }

  // The peer sends this frame, masked if the peer is a client (with key 37 fa 21 3d).
  void recv(Frame f) {
    if (ep.role() == Role::Server) {
      f.masked = true;
      f.mask_key = {0x37, 0xfa, 0x21, 0x3d};
    }
    std::string bytes;
    append_frame(f, bytes);
    ep.on_bytes(bytes);
  }

  // The bytes the endpoint wrote since the last call.
  std::string sent_bytes() {
    std::string out = std::move(ep.outbox());
    ep.outbox().clear();
    return out;
  }

  // The frames the endpoint wrote since the last call, as the peer parses them (so a client's
  // frames must be masked and a server's must not).
  std::vector<Frame> sent() {
    FrameParser peer(ep.role() == Role::Client ? Role::Server : Role::Client);
    peer.feed(sent_bytes());
    std::vector<Frame> frames;
    while (auto f = peer.next()) frames.push_back(std::move(*f));
    EXPECT_FALSE(peer.error()) << peer.error()->reason;
    return frames;
  }

  std::vector<Event> events() {
    std::vector<Event> out(std::make_move_iterator(ep.events().begin()),
                           std::make_move_iterator(ep.events().end()));
    ep.events().clear();
    return out;
  }

  void expect_nothing() {
    EXPECT_EQ(to_hex(sent_bytes()), "");
    EXPECT_EQ(events().size(), 0u);
  }

  Endpoint ep;
};

Trace server() { return Trace(Endpoint::server()); }
Trace client() { return Trace(Endpoint::client(sim::Rng(kSeed))); }

// The payload and flags of a frame, without its masking key.
std::string describe(const Frame& f) {
  return std::string(to_string(f.opcode)) + (f.fin ? "" : " (no FIN)") +
         (f.masked ? " masked" : "") + " [" + to_hex(f.payload) + "]";
}
std::vector<std::string> describe(const std::vector<Frame>& frames) {
  std::vector<std::string> out;
  for (const Frame& f : frames) out.push_back(describe(f));
  return out;
}

// --- receiving -------------------------------------------------------------------------------

TEST(Endpoint, rfc6455_5_7_server_receives_masked_hello) {
  Trace t = server();
  t.recv(from_hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  EXPECT_EQ(t.events(), std::vector{message(Opcode::Text, "Hello")});
  t.expect_nothing();
  EXPECT_EQ(t.ep.state(), ReadyState::Open);
}

TEST(Endpoint, rfc6455_5_7_client_receives_unmasked_hello) {
  Trace t = client();
  t.recv(from_hex("81 05 48 65 6c 6c 6f"));
  EXPECT_EQ(t.events(), std::vector{message(Opcode::Text, "Hello")});
  t.expect_nothing();
}

TEST(Endpoint, rfc6455_5_4_ping_between_fragments_is_answered_and_message_completes) {
  Trace t = client();
  t.recv(from_hex("01 03 48 65 6c"));        // "Hel", no FIN
  t.recv(from_hex("89 05 48 65 6c 6c 6f"));  // Ping "Hello" (§5.7)
  t.recv(from_hex("80 02 6c 6f"));           // "lo", FIN
  EXPECT_EQ(t.events(), (std::vector{ping_event("Hello"), message(Opcode::Text, "Hello")}));
  EXPECT_EQ(describe(t.sent()), std::vector<std::string>{"pong masked [48 65 6c 6c 6f]"});
}

TEST(Endpoint, rfc6455_5_5_2_server_answers_ping_with_identical_pong) {
  Trace t = server();
  t.recv(frame(Opcode::Ping, "Hello"));
  EXPECT_EQ(t.events(), std::vector{ping_event("Hello")});
  EXPECT_EQ(to_hex(t.sent_bytes()), "8a 05 48 65 6c 6c 6f");
}

TEST(Endpoint, rfc6455_5_5_3_pong_is_reported_and_not_answered) {
  Trace t = server();
  t.recv(frame(Opcode::Pong, "hb"));
  EXPECT_EQ(t.events(), std::vector{pong_event("hb")});
  EXPECT_EQ(t.sent_bytes(), "");
}

TEST(Endpoint, every_split_point_gives_the_same_events) {
  std::string stream;
  for (Frame f : {frame(Opcode::Text, "Hel", false), frame(Opcode::Ping, "p"),
                  frame(Opcode::Continuation, "lo"), frame(Opcode::Binary, pattern(200)),
                  frame(Opcode::Close, close_payload(kNormalClosure, "done"))}) {
    f.masked = true;
    f.mask_key = {1, 2, 3, 4};
    append_frame(f, stream);
  }
  const std::vector<Event> expected = {ping_event("p"), message(Opcode::Text, "Hello"),
                                       message(Opcode::Binary, pattern(200)),
                                       close_received(kNormalClosure, "done")};
  for (std::size_t i = 0; i <= stream.size(); ++i) {
    Trace t = server();
    t.recv(std::string_view(stream).substr(0, i));
    t.recv(std::string_view(stream).substr(i));
    EXPECT_EQ(t.events(), expected) << "split at " << i;
    EXPECT_EQ(to_hex(t.sent_bytes()), "8a 01 70 88 02 03 e8") << "split at " << i;
  }
}

// --- sending ---------------------------------------------------------------------------------

TEST(Endpoint, rfc6455_5_1_server_sends_unmasked_frames) {
  Trace t = server();
  EXPECT_EQ(t.ep.send_text("Hello"), SendResult::Sent);
  EXPECT_EQ(to_hex(t.sent_bytes()), "81 05 48 65 6c 6c 6f");
  EXPECT_EQ(t.ep.send_binary(pattern(256)), SendResult::Sent);
  const std::string bytes = t.sent_bytes();
  EXPECT_EQ(to_hex(bytes.substr(0, 4)), "82 7e 01 00");
  EXPECT_EQ(bytes.size(), 260u);
}

TEST(Endpoint, rfc6455_5_3_client_masks_each_frame_with_a_fresh_key) {
  Trace t = client();
  sim::Rng keys(kSeed);  // the same stream as the client's
  ASSERT_EQ(t.ep.send_text("Hello"), SendResult::Sent);
  ASSERT_EQ(t.ep.send_text("Hello"), SendResult::Sent);
  const std::string bytes = t.sent_bytes();
  ASSERT_EQ(bytes.size(), 22u);
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string_view f = std::string_view(bytes).substr(11 * i, 11);
    std::uint64_t bits = keys.next_u64();
    MaskKey key{};
    for (std::uint8_t& b : key) {
      b = static_cast<std::uint8_t>(bits);
      bits >>= 8;
    }
    std::string expected = from_hex("81 85");
    expected.append(key.begin(), key.end());
    std::string payload = "Hello";
    apply_mask(payload.data(), payload.size(), key);
    EXPECT_EQ(to_hex(f), to_hex(expected + payload)) << "frame " << i;
  }
  EXPECT_NE(bytes.substr(2, 4), bytes.substr(13, 4));
}

TEST(Endpoint, rfc6455_5_7_server_sends_fragmented_hello) {
  Trace t = server();
  EXPECT_EQ(t.ep.send_fragmented(Opcode::Text, "Hello", 3), SendResult::Sent);
  EXPECT_EQ(to_hex(t.sent_bytes()), "01 03 48 65 6c 80 02 6c 6f");
}

TEST(Endpoint, rfc6455_5_4_client_fragments_binary) {
  Trace t = client();
  EXPECT_EQ(t.ep.send_fragmented(Opcode::Binary, "abcdefg", 3), SendResult::Sent);
  EXPECT_EQ(describe(t.sent()), (std::vector<std::string>{"binary (no FIN) masked [61 62 63]",
                                                          "continuation (no FIN) masked [64 65 66]",
                                                          "continuation masked [67]"}));
  EXPECT_EQ(t.ep.send_fragmented(Opcode::Text, "", 3), SendResult::Sent);
  EXPECT_EQ(describe(t.sent()), std::vector<std::string>{"text masked []"});
  EXPECT_EQ(t.ep.stats().messages_sent, 2u);
}

TEST(Endpoint, ping_and_unsolicited_pong) {
  Trace t = server();
  EXPECT_EQ(t.ep.ping("x"), SendResult::Sent);
  EXPECT_EQ(t.ep.pong(), SendResult::Sent);
  EXPECT_EQ(to_hex(t.sent_bytes()), "89 01 78 8a 00");
}

TEST(Endpoint, api_misuse_is_a_typed_result_and_sends_nothing) {
  Trace t = server();
  EXPECT_EQ(t.ep.ping(std::string(126, 'x')), SendResult::ControlPayloadTooLarge);
  EXPECT_EQ(t.ep.pong(std::string(126, 'x')), SendResult::ControlPayloadTooLarge);
  EXPECT_EQ(t.ep.send_fragmented(Opcode::Ping, "x", 1), SendResult::InvalidArgument);
  EXPECT_EQ(t.ep.send_fragmented(Opcode::Continuation, "x", 1), SendResult::InvalidArgument);
  EXPECT_EQ(t.ep.send_fragmented(Opcode::Text, "x", 0), SendResult::InvalidArgument);
  EXPECT_EQ(t.ep.close(kNoStatusReceived), SendResult::InvalidCloseCode);
  EXPECT_EQ(t.ep.close(kAbnormalClosure), SendResult::InvalidCloseCode);
  EXPECT_EQ(t.ep.close(999), SendResult::InvalidCloseCode);
  EXPECT_EQ(t.ep.close(kNormalClosure, std::string(124, 'r')), SendResult::InvalidCloseReason);
  EXPECT_EQ(t.ep.close(kNormalClosure, "\xff"), SendResult::InvalidCloseReason);
  EXPECT_EQ(t.ep.close(std::nullopt, "reason without a code"), SendResult::InvalidCloseReason);
  t.expect_nothing();
  EXPECT_EQ(t.ep.state(), ReadyState::Open);
  EXPECT_EQ(to_string(SendResult::InvalidCloseCode), "invalid close code");
}

// --- closing ---------------------------------------------------------------------------------

TEST(Endpoint, rfc6455_7_1_2_server_initiated_close_handshake) {
  Trace t = server();
  EXPECT_EQ(t.ep.close(kNormalClosure), SendResult::Sent);
  EXPECT_EQ(to_hex(t.sent_bytes()), "88 02 03 e8");
  EXPECT_EQ(t.ep.state(), ReadyState::Closing);
  EXPECT_FALSE(t.ep.should_close_transport());  // waits for the client's Close

  // §5.5.1: no data frames after Close; the peer may still send until it sees ours.
  EXPECT_EQ(t.ep.send_text("late"), SendResult::NotOpen);
  EXPECT_EQ(t.ep.ping(), SendResult::NotOpen);
  EXPECT_EQ(t.ep.close(kNormalClosure), SendResult::NotOpen);
  t.recv(frame(Opcode::Text, "in flight"));
  t.recv(frame(Opcode::Ping, "p"));  // not answered once we have sent Close, as ws does
  EXPECT_EQ(t.events(), (std::vector{message(Opcode::Text, "in flight"), ping_event("p")}));
  EXPECT_EQ(t.sent_bytes(), "");

  t.recv(frame(Opcode::Close, close_payload(kNormalClosure)));
  EXPECT_EQ(t.events(), std::vector{close_received(kNormalClosure)});
  EXPECT_EQ(t.sent_bytes(), "");               // Close already sent
  EXPECT_TRUE(t.ep.should_close_transport());  // §7.1.1: the server closes TCP first

  t.ep.on_transport_closed();
  EXPECT_EQ(t.events(), std::vector{closed(kNormalClosure, true)});
  EXPECT_EQ(t.ep.state(), ReadyState::Closed);
  EXPECT_FALSE(t.ep.should_close_transport());
}

TEST(Endpoint, rfc6455_5_5_1_server_echoes_the_clients_close_code_and_closes_tcp) {
  Trace t = server();
  t.recv(frame(Opcode::Close, close_payload(kGoingAway, "going away")));
  EXPECT_EQ(t.events(), std::vector{close_received(kGoingAway, "going away")});
  EXPECT_EQ(to_hex(t.sent_bytes()), "88 02 03 e9");  // the code alone, as ws echoes it
  EXPECT_EQ(t.ep.state(), ReadyState::Closing);
  EXPECT_TRUE(t.ep.should_close_transport());
  t.ep.on_transport_closed();
  EXPECT_EQ(t.events(), std::vector{closed(kGoingAway, true, "going away")});
}

TEST(Endpoint, rfc6455_7_1_2_client_initiated_close_waits_for_the_servers_tcp_close) {
  Trace t = client();
  EXPECT_EQ(t.ep.close(kNormalClosure, "bye"), SendResult::Sent);
  EXPECT_EQ(describe(t.sent()), std::vector<std::string>{"close masked [03 e8 62 79 65]"});
  EXPECT_EQ(t.ep.state(), ReadyState::Closing);

  t.recv(from_hex("88 02 03 e8"));
  EXPECT_EQ(t.events(), std::vector{close_received(kNormalClosure)});
  EXPECT_EQ(t.sent_bytes(), "");
  EXPECT_FALSE(t.ep.should_close_transport());  // §7.1.1: the client waits for the server

  t.ep.on_transport_closed();
  EXPECT_EQ(t.events(), std::vector{closed(kNormalClosure, true)});
}

TEST(Endpoint, rfc6455_5_5_1_client_answers_the_servers_close) {
  Trace t = client();
  t.recv(from_hex("88 02 0b b8"));  // 3000
  EXPECT_EQ(t.events(), std::vector{close_received(3000)});
  EXPECT_EQ(describe(t.sent()), std::vector<std::string>{"close masked [0b b8]"});
  EXPECT_FALSE(t.ep.should_close_transport());
  t.ep.on_transport_closed();
  EXPECT_EQ(t.events(), std::vector{closed(3000, true)});
}

TEST(Endpoint, rfc6455_7_1_5_empty_close_is_1005_and_answered_empty) {
  Trace t = server();
  t.recv(from_hex("88 80 37 fa 21 3d"));
  EXPECT_EQ(t.events(), std::vector{close_received(kNoStatusReceived)});
  EXPECT_EQ(to_hex(t.sent_bytes()), "88 00");
  t.ep.on_transport_closed();
  EXPECT_EQ(t.events(), std::vector{closed(kNoStatusReceived, true)});
}

TEST(Endpoint, close_without_code_sends_an_empty_body) {
  Trace t = server();
  EXPECT_EQ(t.ep.close(), SendResult::Sent);
  EXPECT_EQ(to_hex(t.sent_bytes()), "88 00");
}

TEST(Endpoint, rfc6455_1_4_data_after_the_peers_close_is_discarded) {
  Trace t = server();
  std::string bytes;
  Frame c = frame(Opcode::Close, close_payload(kNormalClosure));
  Frame text = frame(Opcode::Text, "after close");
  for (Frame* f : {&c, &text}) {
    f->masked = true;
    append_frame(*f, bytes);
  }
  t.recv(bytes);
  t.recv(bytes);
  EXPECT_EQ(t.events(), std::vector{close_received(kNormalClosure)});
  EXPECT_EQ(to_hex(t.sent_bytes()), "88 02 03 e8");
  EXPECT_EQ(t.ep.stats().bytes_received, 2 * bytes.size());
}

TEST(Endpoint, rfc6455_7_1_5_tcp_loss_without_close_is_1006) {
  Trace t = client();
  t.ep.on_transport_closed();
  EXPECT_EQ(t.events(), std::vector{closed(kAbnormalClosure, false)});
  EXPECT_EQ(t.ep.state(), ReadyState::Closed);
  EXPECT_EQ(t.ep.send_text("x"), SendResult::NotOpen);
  t.recv(from_hex("81 00"));
  t.ep.on_transport_closed();
  t.expect_nothing();
}

TEST(Endpoint, tcp_loss_after_our_close_is_1006_not_clean) {
  Trace t = server();
  t.ep.close(kNormalClosure);
  t.sent_bytes();
  t.ep.on_transport_closed();
  EXPECT_EQ(t.events(), std::vector{closed(kAbnormalClosure, false)});
}

// --- failing the connection (§7.1.7) ---------------------------------------------------------

struct Violation {
  const char* name;
  std::string bytes;  // from the client, to a server
  std::uint16_t code;
};

Frame masked(Frame f) {
  f.masked = true;
  f.mask_key = {0xa1, 0xb2, 0xc3, 0xd4};
  return f;
}

std::string bytes_of(std::initializer_list<Frame> frames) {
  std::string out;
  for (const Frame& f : frames) append_frame(masked(f), out);
  return out;
}

TEST(Endpoint, rfc6455_7_1_7_every_protocol_error_fails_with_its_close_code) {
  Frame rsv = frame(Opcode::Text, "x");
  rsv.rsv = 0b100;
  const std::vector<Violation> cases = {
      {"unmasked frame", from_hex("81 02 68 69"), kProtocolError},
      {"RSV1 without extension", bytes_of({rsv}), kProtocolError},
      {"reserved data opcode", bytes_of({frame(static_cast<Opcode>(0x3), "")}), kProtocolError},
      {"reserved control opcode", bytes_of({frame(static_cast<Opcode>(0xB), "")}), kProtocolError},
      {"ping of 126 bytes", bytes_of({frame(Opcode::Ping, std::string(126, 'p'))}), kProtocolError},
      {"fragmented ping", bytes_of({frame(Opcode::Ping, "p", false)}), kProtocolError},
      {"64-bit length with MSB", from_hex("82 ff 80 00 00 00 00 00 00 00 a1 b2 c3 d4"),
       kProtocolError},
      {"continuation without message", bytes_of({frame(Opcode::Continuation, "x")}),
       kProtocolError},
      {"text inside fragmented message",
       bytes_of({frame(Opcode::Text, "a", false), frame(Opcode::Text, "b")}), kProtocolError},
      {"invalid UTF-8 text", bytes_of({frame(Opcode::Text, "\xed\xa0\x80")}), kInvalidPayloadData},
      {"1-byte close body", bytes_of({frame(Opcode::Close, "\x03")}), kProtocolError},
      {"close code 1005 on the wire", bytes_of({frame(Opcode::Close, close_payload(1005))}),
       kProtocolError},
      {"close code 1006 on the wire", bytes_of({frame(Opcode::Close, close_payload(1006))}),
       kProtocolError},
      {"close code 1015 on the wire", bytes_of({frame(Opcode::Close, close_payload(1015))}),
       kProtocolError},
      {"close code 999", bytes_of({frame(Opcode::Close, close_payload(999))}), kProtocolError},
      {"close code 1004", bytes_of({frame(Opcode::Close, close_payload(1004))}), kProtocolError},
      {"close code 2000", bytes_of({frame(Opcode::Close, close_payload(2000))}), kProtocolError},
      {"close reason not UTF-8", bytes_of({frame(Opcode::Close, close_payload(1000, "\xc0"))}),
       kInvalidPayloadData},
      {"frame over max payload", bytes_of({frame(Opcode::Binary, pattern(1001))}), kMessageTooBig},
      {"message over max payload",
       bytes_of(
           {frame(Opcode::Binary, pattern(600), false), frame(Opcode::Continuation, pattern(600))}),
       kMessageTooBig},
  };
  for (const Violation& c : cases) {
    Trace t(Endpoint::server({.max_payload = 1000}));
    t.recv(c.bytes);
    const std::vector<Event> events = t.events();
    ASSERT_EQ(events.size(), 1u) << c.name;
    EXPECT_EQ(events[0].kind, Event::Kind::Failed) << c.name;
    EXPECT_EQ(events[0].code, c.code) << c.name << ": " << events[0].reason;
    EXPECT_FALSE(events[0].reason.empty()) << c.name;
    // §7.1.7: a Close carrying the code; then the server closes TCP.
    const std::string code_bytes = close_payload(c.code);
    EXPECT_EQ(to_hex(t.sent_bytes()), to_hex("\x88\x02" + code_bytes)) << c.name;
    EXPECT_TRUE(t.ep.failed()) << c.name;
    EXPECT_EQ(t.ep.state(), ReadyState::Closing) << c.name;
    EXPECT_TRUE(t.ep.should_close_transport()) << c.name;
    // Nothing from the peer is processed any more, not even its Close.
    t.recv(bytes_of({frame(Opcode::Text, "ignored"), frame(Opcode::Close, close_payload(1000))}));
    t.expect_nothing();
    t.ep.on_transport_closed();
    EXPECT_EQ(t.events(), std::vector{closed(kAbnormalClosure, false)}) << c.name;
  }
}

TEST(Endpoint, rfc6455_5_1_client_fails_on_a_masked_server_frame) {
  Trace t = client();
  t.recv(from_hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"));
  const std::vector<Event> events = t.events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, Event::Kind::Failed);
  EXPECT_EQ(events[0].code, kProtocolError);
  EXPECT_EQ(describe(t.sent()), std::vector<std::string>{"close masked [03 ea]"});
  EXPECT_FALSE(t.ep.should_close_transport());  // the client still waits for the server
}

TEST(Endpoint, messages_before_a_violation_are_delivered) {
  Trace t = server();
  t.recv(bytes_of({frame(Opcode::Text, "ok")}) + from_hex("81 00"));
  const std::vector<Event> events = t.events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], message(Opcode::Text, "ok"));
  EXPECT_EQ(events[1].kind, Event::Kind::Failed);
}

TEST(Endpoint, violation_after_our_close_sends_no_second_close) {
  Trace t = server();
  t.ep.close(kGoingAway);
  EXPECT_EQ(to_hex(t.sent_bytes()), "88 02 03 e9");
  t.recv(from_hex("81 00"));  // unmasked
  ASSERT_EQ(t.events().size(), 1u);
  EXPECT_EQ(t.sent_bytes(), "");
  EXPECT_TRUE(t.ep.should_close_transport());
}

// --- two endpoints and the statistics --------------------------------------------------------

TEST(Endpoint, client_and_server_talk_and_close) {
  Trace c = client();
  Trace s = server();
  auto pump = [&] {
    while (!c.ep.outbox().empty() || !s.ep.outbox().empty()) {
      s.recv(c.sent_bytes());
      c.recv(s.sent_bytes());
    }
  };
  ASSERT_EQ(c.ep.send_text("42[\"chat\",\"hi\"]"), SendResult::Sent);
  ASSERT_EQ(s.ep.ping("2"), SendResult::Sent);
  pump();
  EXPECT_EQ(s.events(),
            (std::vector{message(Opcode::Text, "42[\"chat\",\"hi\"]"), pong_event("2")}));
  EXPECT_EQ(c.events(), std::vector{ping_event("2")});
  ASSERT_EQ(c.ep.close(kNormalClosure), SendResult::Sent);
  pump();
  EXPECT_EQ(s.events(), std::vector{close_received(kNormalClosure)});
  EXPECT_EQ(c.events(), std::vector{close_received(kNormalClosure)});
  EXPECT_TRUE(s.ep.should_close_transport());
  EXPECT_FALSE(c.ep.should_close_transport());
  s.ep.on_transport_closed();
  c.ep.on_transport_closed();
  EXPECT_EQ(s.events(), std::vector{closed(kNormalClosure, true)});
  EXPECT_EQ(c.events(), std::vector{closed(kNormalClosure, true)});

  // PROTOCOLS §13: 42["chat","hi"] is 15 bytes: 21 on the wire from a client.
  const EndpointStats& cs = c.ep.stats();
  EXPECT_EQ(cs.sent(Opcode::Text), 1u);
  EXPECT_EQ(cs.sent(Opcode::Pong), 1u);
  EXPECT_EQ(cs.sent(Opcode::Close), 1u);
  EXPECT_EQ(cs.received(Opcode::Ping), 1u);
  EXPECT_EQ(cs.received(Opcode::Close), 1u);
  EXPECT_EQ(cs.bytes_sent, 21u + 7u + 8u);  // text, pong "2", close 1000
  EXPECT_EQ(cs.bytes_received, 3u + 4u);    // ping "2", close 1000
  EXPECT_EQ(cs.messages_sent, 1u);
  const EndpointStats& ss = s.ep.stats();
  EXPECT_EQ(ss.bytes_sent, cs.bytes_received);
  EXPECT_EQ(ss.bytes_received, cs.bytes_sent);
  EXPECT_EQ(ss.messages_received, 1u);
  EXPECT_EQ(ss.received(Opcode::Pong), 1u);
}

TEST(Endpoint, ready_state_names) {
  EXPECT_EQ(to_string(ReadyState::Open), "OPEN");
  EXPECT_EQ(to_string(ReadyState::Closing), "CLOSING");
  EXPECT_EQ(to_string(ReadyState::Closed), "CLOSED");
}

}  // namespace
}  // namespace netsim::websocket
