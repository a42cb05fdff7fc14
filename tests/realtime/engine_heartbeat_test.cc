// Engine.IO v4 heartbeats traced packet by packet on the sans-IO sessions (EIO-SPEC
// "Heartbeat"; engine.io socket.ts and engine.io-client socket.ts): the server pings
// pingInterval after the handshake and after each pong, closes pingTimeout after an unanswered
// ping; the client closes pingInterval + pingTimeout after the last ping.
#include <gtest/gtest.h>

#include "models/engineio/client_socket.h"
#include "models/engineio/server_socket.h"

namespace netsim::engineio {
namespace {

sim::Time at_ms(std::int64_t ms) { return sim::Time::from_ns(0) + sim::ms(ms); }

// Drives a session's timers up to `until`, as the adapter's event would.
template <class Session>
void run_timers(Session& s, sim::Time until) {
  while (const auto d = s.next_deadline()) {
    if (*d > until) break;
    s.on_timer(*d);
  }
}

TEST(ServerHeartbeat, open_packet_then_ping_at_ping_interval) {
  ServerSocket s(at_ms(0), "lv_VI97HAXpY6yYWAAAC", {"websocket"}, ServerConfig{});
  ASSERT_EQ(s.outbox().size(), 1u);
  EXPECT_EQ(s.outbox()[0].type, PacketType::Open);
  // EIO-SPEC "Handshake" example, 118 bytes as a polling payload.
  EXPECT_EQ(s.outbox()[0].data,
            R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,)"
            R"("pingTimeout":20000,"maxPayload":1000000})");
  s.outbox().clear();
  EXPECT_EQ(s.next_deadline(), at_ms(25000));
  run_timers(s, at_ms(24999));
  EXPECT_TRUE(s.outbox().empty());
  run_timers(s, at_ms(25000));
  ASSERT_EQ(s.outbox().size(), 1u);
  EXPECT_EQ(s.outbox()[0].type, PacketType::Ping);
  EXPECT_EQ(s.next_deadline(), at_ms(45000));  // pingTimeout after the ping
}

TEST(ServerHeartbeat, next_ping_is_ping_interval_after_the_pong_not_after_the_ping) {
  ServerSocket s(at_ms(0), "sid", {}, ServerConfig{});
  s.outbox().clear();
  run_timers(s, at_ms(25000));  // ping at 25 s
  s.outbox().clear();
  s.on_packet(at_ms(25180), Packet{PacketType::Pong, {}});  // the pong after one RTT of 180 ms
  EXPECT_EQ(s.next_deadline(), at_ms(50180));
  // Between a pong and the next ping, other packets do not move the heartbeat timers.
  s.on_packet(at_ms(30000), Packet{PacketType::Message, "2[\"x\"]"});
  EXPECT_EQ(s.next_deadline(), at_ms(50180));
  EXPECT_EQ(s.events().size(), 1u);
}

TEST(ServerHeartbeat, first_packet_while_a_pong_is_awaited_restarts_ping_timeout_once) {
  // engine.io 6.6.11 socket.ts onPacket ("refreshing ping timeout", `hasRefreshedPingTimeout`).
  ServerSocket s(at_ms(0), "sid", {}, ServerConfig{});
  s.outbox().clear();
  run_timers(s, at_ms(25000));  // ping at 25 s: pong due by 45 s
  EXPECT_EQ(s.next_deadline(), at_ms(45000));
  s.on_packet(at_ms(30000), Packet{PacketType::Message, "2[\"x\"]"});
  EXPECT_EQ(s.next_deadline(), at_ms(50000));  // 20 s from the message
  s.on_packet(at_ms(40000), Packet{PacketType::Message, "2[\"y\"]"});
  EXPECT_EQ(s.next_deadline(), at_ms(50000));  // only the first one counts
  run_timers(s, at_ms(49999));
  EXPECT_EQ(s.ready_state(), ServerSocket::ReadyState::Open);
  run_timers(s, at_ms(50000));
  ASSERT_EQ(s.events().size(), 3u);
  EXPECT_EQ(s.events()[2].reason, "ping timeout");
}

TEST(ServerHeartbeat, each_ping_allows_one_restart_of_its_own) {
  ServerSocket s(at_ms(0), "sid", {}, ServerConfig{});
  s.outbox().clear();
  run_timers(s, at_ms(25000));                                         // ping 1
  s.on_packet(at_ms(25100), Packet{PacketType::Message, "2[\"a\"]"});  // restarts: 45.1 s
  s.on_packet(at_ms(25200), Packet{PacketType::Pong, {}});             // next ping at 50.2 s
  EXPECT_EQ(s.next_deadline(), at_ms(50200));
  s.on_packet(at_ms(40000), Packet{PacketType::Message, "2[\"b\"]"});  // no ping out: no effect
  EXPECT_EQ(s.next_deadline(), at_ms(50200));
  run_timers(s, at_ms(50200));  // ping 2: pong due by 70.2 s
  s.on_packet(at_ms(60000), Packet{PacketType::Message, "2[\"c\"]"});
  EXPECT_EQ(s.next_deadline(), at_ms(80000));
}

TEST(ServerHeartbeat, unanswered_ping_closes_with_ping_timeout_after_ping_timeout) {
  ServerSocket s(at_ms(0), "sid", {}, ServerConfig{});
  s.outbox().clear();
  run_timers(s, at_ms(44999));
  EXPECT_EQ(s.ready_state(), ServerSocket::ReadyState::Open);
  run_timers(s, at_ms(45000));  // ping at 25 s, no pong by 45 s
  EXPECT_EQ(s.ready_state(), ServerSocket::ReadyState::Closed);
  ASSERT_EQ(s.events().size(), 1u);
  EXPECT_EQ(s.events()[0].kind, ServerSocketEvent::Kind::Close);
  EXPECT_EQ(s.events()[0].reason, "ping timeout");
  EXPECT_TRUE(s.transport_close_requested());
  EXPECT_FALSE(s.next_deadline());
}

TEST(ServerHeartbeat, client_ping_is_the_wrong_direction_and_a_transport_error) {
  ServerSocket s(at_ms(0), "sid", {}, ServerConfig{});
  s.on_packet(at_ms(10), Packet{PacketType::Ping, {}});
  ASSERT_EQ(s.events().size(), 1u);
  EXPECT_EQ(s.events()[0].reason, "transport error");
}

TEST(ClientHeartbeat, answers_each_ping_and_times_out_ping_interval_plus_ping_timeout_later) {
  ClientSocket c;
  c.on_packet(at_ms(100),
              Packet{PacketType::Open, R"({"sid":"abc","upgrades":[],"pingInterval":25000,)"
                                       R"("pingTimeout":20000,"maxPayload":1000000})"});
  ASSERT_EQ(c.ready_state(), ClientSocket::ReadyState::Open);
  EXPECT_EQ(c.next_deadline(), at_ms(45100));
  c.on_packet(at_ms(25100), Packet{PacketType::Ping, {}});
  ASSERT_EQ(c.outbox().size(), 1u);
  EXPECT_EQ(c.outbox()[0].type, PacketType::Pong);
  EXPECT_EQ(c.next_deadline(), at_ms(70100));
  // Since engine.io-client 6.6.1 messages do not reset the timer.
  c.on_packet(at_ms(30000), Packet{PacketType::Message, "2[\"x\"]"});
  EXPECT_EQ(c.next_deadline(), at_ms(70100));
  // Not sent on an expired connection (socket.io #5134), even before the timer has run.
  EXPECT_FALSE(c.ping_expired(at_ms(70100)));
  EXPECT_TRUE(c.ping_expired(at_ms(70101)));
  EXPECT_FALSE(c.send(at_ms(70101), Packet{PacketType::Message, "2[\"late\"]"}));
  run_timers(c, at_ms(70100));
  EXPECT_EQ(c.ready_state(), ClientSocket::ReadyState::Closed);
  EXPECT_EQ(c.events().back().reason, "ping timeout");
}

TEST(ClientHeartbeat, close_empties_the_write_buffer) {
  ClientSocket c;
  c.on_packet(
      at_ms(0),
      Packet{
          PacketType::Open,
          R"({"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"});
  EXPECT_TRUE(c.send(at_ms(1), Packet{PacketType::Message, "2[\"a\"]"}));
  c.on_transport_close(at_ms(2), false);
  EXPECT_TRUE(c.outbox().empty());
  EXPECT_EQ(c.events().back().reason, "transport close");
}

}  // namespace
}  // namespace netsim::engineio
