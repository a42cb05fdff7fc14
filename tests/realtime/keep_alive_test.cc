// HTTP keep-alive between the page and Node.js's http server: the server closes a connection
// idle for keepAliveTimeout (5 s) plus its 1 s margin after its last response (Node.js
// _http_server.js `resOnFinish`); the browser opens a new connection for its next request, and
// sends a request again when the server closed the reused connection under it before answering (the
// keep-alive race; Chromium HttpNetworkTransaction::ShouldResendRequest).
//
// The fixture's link: 10 ms each way, 10 Mbit/s. A ~200-byte response takes 0.2 ms to send and
// a FIN 0.05 ms, so the times below are exact to within 1 ms.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/realtime/realtime_fixture.h"

namespace netsim::realtime::testing {
namespace {

const std::string kRequest =
    "GET /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: localhost\r\n\r\n";

sim::Time at_ms(std::int64_t ms) { return sim::Time::from_ns(0) + sim::ms(ms); }

double seconds_between(sim::Time a, sim::Time b) {
  return static_cast<double>((b - a).ns()) * 1e-9;
}

class KeepAlive : public ::testing::Test {
 protected:
  RawHttp& open(RealtimeNet& net) {
    RawHttp& c = *raw_.emplace_back(std::make_unique<RawHttp>(net.simulator, kRequest));
    net.directory.connect(*net.tcp_client, net.network.node(1).address(), 80, {}, &c);
    return c;
  }
  std::vector<std::unique_ptr<RawHttp>> raw_;
};

TEST_F(KeepAlive, the_server_closes_a_connection_idle_for_6_s_after_its_response) {
  RealtimeNet net;
  RawHttp& c = open(net);
  net.run_until_ms(10'000);
  ASSERT_TRUE(c.first_byte_at);
  EXPECT_NE(c.received.find("Keep-Alive: timeout=5\r\n"), std::string::npos);
  ASSERT_TRUE(c.peer_closed_at);
  // keepAliveTimeout 5 s + 1 s. The response and the FIN both cross the link once: 6 s apart
  // at the client too.
  EXPECT_NEAR(seconds_between(*c.first_byte_at, *c.peer_closed_at), 6.0, 1e-3);
}

TEST_F(KeepAlive, a_new_request_restarts_the_wait_from_its_response) {
  RealtimeNet net;
  RawHttp& c = open(net);
  net.run_until_ms(3'000);
  ASSERT_TRUE(c.first_byte_at);
  ASSERT_FALSE(c.peer_closed_at);
  c.stream->write(kRequest);  // answered at about 3.020 s: the FIN comes at about 9.020 s
  net.run_until_ms(8'900);
  EXPECT_FALSE(c.peer_closed_at);
  net.run_until_ms(10'000);
  ASSERT_TRUE(c.peer_closed_at);
  EXPECT_NEAR(seconds_between(at_ms(3'020), *c.peer_closed_at), 6.0, 1e-3);
}

TEST_F(KeepAlive, a_zero_timeout_keeps_idle_connections_and_says_nothing) {
  ServerSpec spec;
  spec.keep_alive_timeout = sim::Duration::zero();  // Node.js: server.keepAliveTimeout = 0
  RealtimeNet net(spec);
  RawHttp& c = open(net);
  net.run_until_ms(120'000);
  ASSERT_TRUE(c.first_byte_at);
  EXPECT_EQ(c.received.find("Keep-Alive"), std::string::npos);
  EXPECT_FALSE(c.peer_closed_at);
}

ClientSpec polling_client() {
  ClientSpec spec;
  spec.name = "c1";
  spec.options.transports = {socketio::Transport::Polling};
  return spec;
}

// The latency of the chat emitted at `emitted` (ms) to the server.
sim::Duration chat_latency(const RealtimeNet& net, std::int64_t emitted) {
  for (const ReceivedEvent& r : net.events.received()) {
    const EmittedEvent& e = net.events.emitted()[r.id];
    if (e.name == "chat" && e.at == at_ms(emitted)) return r.at - e.at;
  }
  return sim::Duration::zero();
}

TEST_F(KeepAlive, a_post_after_the_idle_close_opens_a_new_connection_and_the_session_goes_on) {
  RealtimeNet net;
  Client& c = net.add_client(polling_client());
  c.connect();
  // The chat at 2 s goes on the POST connection that carried the CONNECT; it is answered at
  // about 2.02 s and the server closes the connection at about 8.01 s. The chat at 12 s needs
  // a new connection.
  net.at_ms(2'000, [](RealtimeNet& n) { n.clients[0]->emit("chat", 20); });
  net.at_ms(12'000, [](RealtimeNet& n) { n.clients[0]->emit("chat", 20); });
  net.run_until_ms(14'000);
  // Warm: one way. New connection: SYN, SYN-ACK, then the request — three ways.
  EXPECT_GE(chat_latency(net, 2'000), sim::ms(10));
  EXPECT_LT(chat_latency(net, 2'000), sim::ms(11));
  EXPECT_GE(chat_latency(net, 12'000), sim::ms(30));
  EXPECT_LT(chat_latency(net, 12'000), sim::ms(31));
  EXPECT_TRUE(net.entries("server", "eio-close").empty()) << net.dump();
  EXPECT_TRUE(net.entries("c1", "eio-close").empty()) << net.dump();
  EXPECT_TRUE(c.connected());
}

TEST_F(KeepAlive, a_post_the_server_closed_the_connection_under_is_sent_again) {
  // The chat at 2 s is answered on the POST connection at about 2.020 s; the server closes it
  // at about 8.010 s and its FIN reaches the page at about 8.020 s. A chat emitted in between
  // meets a closed connection at the server: the page sends the POST again on a new one. Each
  // 2 ms from 7.970 s to 8.050 s: before the window the POST is answered on the old
  // connection, inside it is sent again, after it goes on a new connection.
  int resent = 0;
  for (std::int64_t second = 7'970; second <= 8'050; second += 2) {
    RealtimeNet net;
    Client& c = net.add_client(polling_client());
    c.connect();
    net.at_ms(2'000, [](RealtimeNet& n) { n.clients[0]->emit("chat", 20); });
    net.every_ms(second, 100'000, second + 1,
                 [](RealtimeNet& n, int) { n.clients[0]->emit("chat", 20); });
    net.run_until_ms(10'000);
    const bool again = !net.entries("c1", "http-resend").empty();
    resent += again ? 1 : 0;
    EXPECT_TRUE(net.entries("server", "eio-close").empty()) << second << "\n" << net.dump();
    EXPECT_TRUE(c.connected()) << second;
    const sim::Duration latency = chat_latency(net, second);
    // Delivered either way: one way on the old connection, at least three on a new one.
    EXPECT_GE(latency, sim::ms(10)) << second;
    if (again) {
      EXPECT_EQ(net.entries("c1", "http-resend")[0].detail, "POST");
      // Sent again when the FIN came (8.020 s), then three ways on a new connection.
      EXPECT_GE(at_ms(second) + latency, at_ms(8'049)) << second;
    }
  }
  // The window is the 20 ms between the server's close and its FIN reaching the page.
  EXPECT_GE(resent, 8);
  EXPECT_LE(resent, 11);
}

}  // namespace
}  // namespace netsim::realtime::testing
