// How a connection attempt ends when the server fails it, against the reference:
// tools/validate/open_errors_golden ran socket.io-client 4.8.3 (one transport, no reconnection,
// `timeout` 1500 ms) against a canned TCP server on localhost that refuses the connection, closes
// it, answers 404, answers the polling handshake with a close packet, or completes the WebSocket's
// 101 and then closes (tests/data/open_errors_golden.tsv). The reference's `connect_error` is the
// transport's error ("xhr poll error", "websocket error") at once, or "timeout" when the attempt
// ran out: manager.ts `open()` hears only the engine's "error" until the engine opens, and a
// transport that closes cleanly emits none. Here the same canned replies come from a listener on
// the server's node.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "models/websocket/handshake.h"
#include "tests/realtime/realtime_fixture.h"
#include "tests/tools/golden_tsv.h"

namespace netsim::realtime::testing {
namespace {

constexpr std::uint16_t kCannedPort = 81;
constexpr std::uint16_t kClosedPort = 82;  // nothing listens: a SYN gets a RST
constexpr std::int64_t kTimeoutMs = 1500;

std::map<std::string, std::vector<std::string>> read_golden() {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& f : netsim::testing::golden_rows("open_errors_golden.tsv", 4)) {
    out[f[0] + " " + f[1]] = {f[2], f[3]};
  }
  return out;
}

// A server that is not socket.io: it does `behaviour` with the first request head it reads on a
// connection (generate.js's REPLIES).
class CannedServer final : public tcp::TcpAcceptor, public tcp::StreamListener {
 public:
  CannedServer(RealtimeNet& net, std::string behaviour)
      : net_(net), behaviour_(std::move(behaviour)) {
    net.tcp_server->listen(kCannedPort, config_, this);
  }

  tcp::TcpObserver* on_accept(tcp::TcpSocket& socket) override {
    return &net_.directory.accept(socket, this);
  }
  void on_stream_data(tcp::ByteStream& stream, std::string_view bytes) override {
    head_ += bytes;
    const std::size_t end = head_.find("\r\n\r\n");
    if (end == std::string::npos) return;
    reply(stream, head_.substr(0, end));
    head_.clear();
  }
  void on_stream_closed(tcp::ByteStream&, tcp::TcpEvent::Kind) override {}

 private:
  void reply(tcp::ByteStream& stream, const std::string& head) {
    if (behaviour_ == "fin-before-response") {
      stream.close();
    } else if (behaviour_ == "404") {
      stream.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    } else if (behaviour_ == "close-packet") {
      stream.write(
          "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Length: 1\r\n"
          "\r\n1");
    } else if (behaviour_ == "101-then-fin") {
      const std::string field = "Sec-WebSocket-Key: ";
      const std::size_t at = head.find(field);
      ASSERT_NE(at, std::string::npos) << head;
      const std::size_t from = at + field.size();
      const std::string key = head.substr(from, head.find("\r\n", from) - from);
      stream.write(
          "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          "Sec-WebSocket-Accept: " +
          websocket::accept_key(key) + "\r\n\r\n");
      stream.close();
    } else {
      FAIL() << "unknown behaviour " << behaviour_;
    }
  }

  RealtimeNet& net_;
  std::string behaviour_;
  tcp::TcpConfig config_;
  std::string head_;
};

// One row as generate.js makes it: the attempt's error and when it came.
std::vector<std::string> run_case(const std::string& server, socketio::Transport transport) {
  RealtimeNet net;
  CannedServer canned(net, server);
  ClientSpec spec;
  spec.name = "c1";
  spec.port = server == "refused" ? kClosedPort : kCannedPort;
  spec.options.transports = {transport};
  spec.options.upgrade = false;
  spec.options.reconnection = false;
  spec.options.timeout = sim::ms(kTimeoutMs);
  Client& c = net.add_client(spec);
  c.connect();
  net.run_until_ms(5'000);
  EXPECT_TRUE(net.entries("c1", "connect").empty()) << net.dump();
  const auto opens = net.entries("c1", "open");
  const auto errors = net.entries("c1", "connect-error");
  if (opens.size() != 1 || errors.size() != 1) {
    ADD_FAILURE() << "one attempt, one error expected\n" << net.dump();
    return {};
  }
  const sim::Duration took = errors[0].at - opens[0].at;
  // The link's round trip is 20 ms: a failure the server causes comes within a few of them (a
  // connection, a request and its answer); one that goes unheard waits exactly the timeout.
  std::string when = took == sim::ms(kTimeoutMs) ? "at the timeout"
                     : took < sim::ms(200)       ? "at once"
                                                 : "after " + std::to_string(took.ns()) + " ns";
  return {errors[0].detail, when};
}

class OpenErrorsGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    golden_ = read_golden();
    ASSERT_EQ(golden_.size(), 8u) << "tests/data/open_errors_golden.tsv";
  }
  void expect_matches(const std::string& server, socketio::Transport transport) {
    const std::string name =
        server + (transport == socketio::Transport::Polling ? " polling" : " websocket");
    EXPECT_EQ(run_case(server, transport), golden_.at(name)) << name;
  }
  std::map<std::string, std::vector<std::string>> golden_;
};

TEST_F(OpenErrorsGolden, a_refused_connection_is_the_transports_error_at_once) {
  expect_matches("refused", socketio::Transport::Polling);
  expect_matches("refused", socketio::Transport::WebSocket);
}

TEST_F(OpenErrorsGolden, a_connection_closed_before_the_answer_is_the_transports_error) {
  expect_matches("fin-before-response", socketio::Transport::Polling);
  expect_matches("fin-before-response", socketio::Transport::WebSocket);
}

TEST_F(OpenErrorsGolden, an_http_error_is_the_transports_error) {
  expect_matches("404", socketio::Transport::Polling);
  expect_matches("404", socketio::Transport::WebSocket);
}

TEST_F(OpenErrorsGolden, a_close_packet_for_the_handshake_goes_unheard_until_the_timeout) {
  expect_matches("close-packet", socketio::Transport::Polling);
}

TEST_F(OpenErrorsGolden, a_websocket_closed_after_its_101_goes_unheard_until_the_timeout) {
  expect_matches("101-then-fin", socketio::Transport::WebSocket);
}

}  // namespace
}  // namespace netsim::realtime::testing
