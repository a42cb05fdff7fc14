// Acknowledgement timeouts and the retry queue against the reference: tools/validate/acks_golden
// ran socket.io 4.8.3 and socket.io-client 4.8.3 over localhost (tests/data/acks_golden.tsv): a
// client emits "other" with a callback, then "chat"; nobody acknowledges "other" (with
// `timeout(500)`, or with retries 3 and ackTimeout 1 s), or the server's listener for it comes
// 1.5 s after the connection. Here netsim runs the same cases on a link like localhost (50 µs
// each way), and reports the same columns: the copies of "other" the server got and when, when
// "chat" came, and the callback's outcome and time.
//
// Tolerance: that of Node's timers (netsim::testing::node_time_mismatch). Any rule the model
// got wrong moves a time by 500 ms or more.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "tests/realtime/realtime_fixture.h"
#include "tests/tools/golden_tsv.h"

namespace netsim::realtime::testing {
namespace {

using netsim::testing::node_time_mismatch;

struct Row {
  std::size_t copies = 0;
  std::vector<std::int64_t> copy_ms;  // after the first copy reached the server
  std::int64_t chat_ms = 0;           // when "chat" reached it, after the first copy
  std::string outcome;                // "acknowledged" or "error"
  std::int64_t callback_ms = 0;       // after the emit
};

std::map<std::string, Row> read_golden() {
  std::map<std::string, Row> out;
  for (const auto& f : netsim::testing::golden_rows("acks_golden.tsv", 6)) {
    Row r{std::stoul(f[1]), {}, std::stoll(f[3]), f[4], std::stoll(f[5])};
    std::istringstream times(f[2]);
    for (std::int64_t t = 0; times >> t;) r.copy_ms.push_back(t);
    out[f[0]] = r;
  }
  return out;
}

struct Case {
  std::optional<sim::Duration> timeout;         // socket.timeout(…)
  std::optional<int> retries;                   // with ackTimeout 1 s
  std::optional<sim::Duration> listener_after;  // the server's "other" listener
};

Row run_case(const Case& k) {
  RealtimeNet net;
  net::ChannelConfig localhost;
  localhost.rate = sim::DataRate::mbps(10'000);
  localhost.delay = sim::us(50);
  net.link->forward.reconfigure(localhost);
  net.link->reverse.reconfigure(localhost);
  ClientSpec spec;
  spec.name = "c1";
  spec.options.transports = {socketio::Transport::WebSocket};
  spec.options.reconnection = false;
  if (k.retries) {
    spec.options.retries = *k.retries;
    spec.options.ack_timeout = sim::ms(1000);
  }
  Client& c = net.add_client(spec);
  c.connect();
  net.run_until_ms(200);
  EXPECT_EQ(net.app.sockets.size(), 1u) << net.dump();
  if (net.app.sockets.empty()) return {};
  if (k.listener_after) {
    const sim::Time connected = net.entries("server", "connect").at(0).at;
    net.app.sockets[0]->listeners.add("other", {connected + *k.listener_after, std::nullopt});
  }
  const sim::Time emitted = net.simulator.now();
  const std::uint64_t other = c.emit("other", 3, EmitOptions{false, true, k.timeout});
  const std::uint64_t chat = c.emit("chat", 3, EmitOptions{false, true, std::nullopt});
  net.run_until_ms(10'000);

  Row row;
  std::optional<sim::Time> first;
  for (const ReceivedEvent& r : net.events.received()) {
    if (r.id == other) {
      if (!first) first = r.at;
      row.copy_ms.push_back(ms_of(r.at) - ms_of(*first));
    }
  }
  row.copies = row.copy_ms.size();
  for (const ReceivedEvent& r : net.events.received()) {
    if (r.id == chat && first) row.chat_ms = (r.at - *first).ns() / 1'000'000;
  }
  for (const AckOutcome& a : net.events.acks()) {
    if (a.id != other) continue;
    row.outcome = a.acknowledged ? "acknowledged" : "error";
    row.callback_ms = (a.at - emitted).ns() / 1'000'000;
  }
  return row;
}

class AcksGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    golden_ = read_golden();
    ASSERT_EQ(golden_.size(), 3u) << "tests/data/acks_golden.tsv";
  }
  void expect_matches(const Row& netsim, const std::string& name) {
    const Row& ref = golden_.at(name);
    EXPECT_EQ(netsim.copies, ref.copies) << name;
    EXPECT_EQ(netsim.outcome, ref.outcome) << name;
    for (std::size_t i = 0; i < std::min(netsim.copy_ms.size(), ref.copy_ms.size()); ++i) {
      EXPECT_EQ(node_time_mismatch(netsim.copy_ms[i], ref.copy_ms[i]), "") << name << " copy";
    }
    EXPECT_EQ(node_time_mismatch(netsim.chat_ms, ref.chat_ms), "") << name << " chat";
    EXPECT_EQ(node_time_mismatch(netsim.callback_ms, ref.callback_ms), "") << name << " callback";
  }
  std::map<std::string, Row> golden_;
};

TEST_F(AcksGolden, a_timeout_without_retries_errs_and_does_not_hold_the_next_emit) {
  expect_matches(run_case({sim::ms(500), std::nullopt, std::nullopt}), "timeout");
}

TEST_F(AcksGolden, retries_resend_each_ack_timeout_and_hold_the_queue_until_given_up) {
  expect_matches(run_case({std::nullopt, 3, std::nullopt}), "retries");
}

TEST_F(AcksGolden, a_retry_that_finds_the_listener_is_acknowledged) {
  expect_matches(run_case({std::nullopt, 3, sim::ms(1500)}), "late-listener");
}

}  // namespace
}  // namespace netsim::realtime::testing
