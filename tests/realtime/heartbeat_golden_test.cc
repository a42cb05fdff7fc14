// Heartbeat timeouts against the reference: tools/validate/heartbeat_golden ran socket.io 4.8.3
// (engine.io 6.6.12) and socket.io-client 4.8.3 (engine.io-client 6.6.8) with pingInterval
// 300 ms and pingTimeout 200 ms, silenced the client after the server's second ping in four
// ways, and recorded when and why each side gave up (tests/data/heartbeat_golden.tsv). Here the
// same packets pass between netsim's two Engine.IO state machines with no delay, stepped a
// millisecond at a time (every deadline is a whole millisecond).
//
// Tolerance: that of Node's timers (netsim::testing::node_time_mismatch). A model without the
// reference's rule under test is off by 50 ms or more.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/engineio/client_socket.h"
#include "models/engineio/open_packet.h"
#include "models/engineio/server_socket.h"
#include "tests/tools/golden_tsv.h"

namespace netsim::engineio {
namespace {

sim::Time at_ms(std::int64_t ms) { return sim::Time::from_ns(0) + sim::ms(ms); }
std::int64_t ms_between(sim::Time from, sim::Time to) { return (to - from).ns() / 1'000'000; }

struct Row {
  std::uint64_t server_pings = 0;
  std::string server_reason;
  std::int64_t server_ms = 0;  // from the ping that got no pong to the server's close
  std::string client_reason;
  std::int64_t client_ms = 0;  // from the last ping the client received to its close
};

std::map<std::string, Row> read_golden() {
  std::map<std::string, Row> out;
  for (const auto& f : netsim::testing::golden_rows("heartbeat_golden.tsv", 6)) {
    out[f[0]] = Row{std::stoull(f[1]), f[2], std::stoll(f[3]), f[4], std::stoll(f[5])};
  }
  return out;
}

// How the client falls silent after the server's second ping (generate.js's cases).
struct Silence {
  // Stops reading: nothing from the server reaches it. Otherwise it stops answering pings, and
  // emits an event these many ms after the first ping it leaves unanswered.
  bool deaf = false;
  std::vector<std::int64_t> emits_ms;
};

Row run_case(const Silence& silence) {
  ServerConfig config;
  config.ping_interval = sim::ms(300);
  config.ping_timeout = sim::ms(200);
  ServerSocket server(at_ms(0), "sid", {"websocket"}, config);
  ClientSocket client;
  Row row;
  std::uint64_t client_pings = 0;
  sim::Time last_server_ping;
  sim::Time last_client_ping;
  std::vector<sim::Time> emits;
  bool cut = false;     // the client hears nothing more
  bool silent = false;  // the client's pongs are dropped
  bool go_silent = false;
  std::optional<sim::Time> server_closed;
  std::optional<sim::Time> client_closed;
  for (std::int64_t ms = 0; ms <= 3000 && !(server_closed && client_closed); ++ms) {
    const sim::Time now = at_ms(ms);
    if (server.next_deadline() && *server.next_deadline() <= now) server.on_timer(now);
    for (const Packet& p : server.outbox()) {
      if (p.type == PacketType::Ping) {
        last_server_ping = now;
        ++row.server_pings;
      }
      if (cut) continue;
      client.on_packet(now, p);
      if (p.type != PacketType::Ping) continue;
      last_client_ping = now;
      if (++client_pings == 2) {
        // The pong to this ping is in the client's outbox already and still goes.
        cut = silence.deaf;
        go_silent = !silence.deaf;
      } else if (client_pings == 3) {
        for (std::int64_t e : silence.emits_ms) emits.push_back(now + sim::ms(e));
      }
    }
    server.outbox().clear();
    if (!server_closed && server.ready_state() == ServerSocket::ReadyState::Closed) {
      server_closed = now;
      row.server_reason = server.events().back().reason;
      // Its transport closes; a client still reading sees the connection go at once.
      if (!cut) client.on_transport_close(now, false);
    }
    for (sim::Time t : emits) {
      if (t == now) client.send(now, Packet{PacketType::Message, R"(2["chat","hi"])"});
    }
    if (client.next_deadline() && *client.next_deadline() <= now) client.on_timer(now);
    for (const Packet& p : client.outbox()) {
      if (silent && p.type == PacketType::Pong) continue;
      server.on_packet(now, p);
    }
    client.outbox().clear();
    silent = silent || go_silent;
    if (!client_closed && client.ready_state() == ClientSocket::ReadyState::Closed) {
      client_closed = now;
      row.client_reason = client.events().back().reason;
    }
  }
  if (server_closed) row.server_ms = ms_between(last_server_ping, *server_closed);
  if (client_closed) row.client_ms = ms_between(last_client_ping, *client_closed);
  return row;
}

class HeartbeatGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    golden_ = read_golden();
    ASSERT_EQ(golden_.size(), 4u) << "tests/data/heartbeat_golden.tsv";
  }
  // Both sides' reasons, the server's ping count, and the times within the stated tolerance.
  void expect_matches(const Row& netsim, const std::string& name) {
    const Row& ref = golden_.at(name);
    EXPECT_EQ(netsim.server_pings, ref.server_pings);
    EXPECT_EQ(netsim.server_reason, ref.server_reason);
    EXPECT_EQ(netsim.client_reason, ref.client_reason);
    EXPECT_EQ(netsim::testing::node_time_mismatch(netsim.server_ms, ref.server_ms), "") << name;
    EXPECT_EQ(netsim::testing::node_time_mismatch(netsim.client_ms, ref.client_ms), "") << name;
  }
  std::map<std::string, Row> golden_;
};

TEST_F(HeartbeatGolden, an_unanswered_ping_closes_the_session_ping_timeout_after_it) {
  const Row r = run_case({});
  EXPECT_EQ(r.server_ms, 200);
  expect_matches(r, "no-pong");
}

TEST_F(HeartbeatGolden, a_message_while_the_pong_is_awaited_restarts_ping_timeout) {
  // engine.io 6.6.11's refresh: the server gives up 200 ms after the message, not the ping.
  const Row r = run_case({false, {100}});
  EXPECT_EQ(r.server_ms, 300);
  expect_matches(r, "message-while-waiting");
}

TEST_F(HeartbeatGolden, only_the_first_message_after_a_ping_restarts_it) {
  const Row r = run_case({false, {50, 150}});
  EXPECT_EQ(r.server_ms, 250);
  expect_matches(r, "two-messages-while-waiting");
}

TEST_F(HeartbeatGolden, a_client_that_hears_nothing_gives_up_ping_interval_plus_timeout_after) {
  const Row r = run_case({true, {}});
  EXPECT_EQ(r.client_ms, 500);
  expect_matches(r, "client-deaf");
}

}  // namespace
}  // namespace netsim::engineio
