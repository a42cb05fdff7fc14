// Connection state recovery (socket.io 4.6+, PROTOCOLS §10) and acknowledgements end to end:
// a client cut off long enough to be disconnected by the heartbeat gets the events it missed
// replayed before its `connect` event — if it reconnects within maxDisconnectionDuration
// (120 s), if it had received an event (the offset), and never the volatile or acked ones.
#include <gtest/gtest.h>

#include <map>

#include "tests/realtime/realtime_fixture.h"

namespace netsim::realtime {
namespace {

using testing::RealtimeNet;

ServerSpec recovering_server() {
  ServerSpec spec;
  spec.options.connection_state_recovery.enabled = true;
  return spec;
}

ClientSpec listening_client() {
  ClientSpec spec;
  spec.name = "c1";
  return spec;
}

// A "news" broadcast every second from 1 s: every 5th volatile, every 7th with an ack.
void news(RealtimeNet& n, int k) {
  const bool is_volatile = k % 5 == 4;
  const bool ack = k % 7 == 6;
  n.server->emit(Audience{}, "news", 40, is_volatile, ack);
}

struct Outcome {
  std::map<std::uint64_t, int> received;  // event id → times received by c1
  std::map<std::uint64_t, bool> replayed;
};

Outcome outcome(const RealtimeNet& n) {
  Outcome o;
  for (const ReceivedEvent& r : n.events.received()) {
    if (n.events.name(r.recipient) != "c1") continue;
    ++o.received[r.id];
    if (r.buffered) o.replayed[r.id] = true;
  }
  return o;
}

// The cut: link down from 10 s until `up_ms`.
RealtimeNet& cut(RealtimeNet& net, std::int64_t up_ms) {
  net.at_ms(10'000, [](RealtimeNet& n) { n.network.set_link_up(*n.link, false); });
  net.simulator.schedule_at(sim::Time::from_ns(0) + sim::ms(up_ms),
                            [&net] { net.network.set_link_up(*net.link, true); });
  return net;
}

TEST(Recovery, within_max_disconnection_duration_replays_what_was_missed_once) {
  RealtimeNet net(recovering_server());
  Client& c = net.add_client(listening_client());
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.every_ms(1000, 1000, 120'000, news);
  cut(net, 80'000);
  net.run_until_ms(125'000);

  // Both sides gave up at ~45 s (heartbeat), the client reconnected after the link came back,
  // well within 120 s of the server persisting the session.
  const auto connects = net.entries("c1", "connect");
  ASSERT_EQ(connects.size(), 2u) << net.dump();
  EXPECT_TRUE(c.recovered());
  EXPECT_EQ(connects[1].detail, connects[0].detail + " recovered");  // same socket id
  ASSERT_EQ(net.server->recovery_attempts().size(), 1u);
  EXPECT_TRUE(net.server->recovery_attempts()[0].recovered);

  const Outcome o = outcome(net);
  std::size_t replayed = 0;
  for (const EmittedEvent& e : net.events.emitted()) {
    const int k = static_cast<int>(e.id);  // the news events are the only emits, in order
    const bool is_volatile = k % 5 == 4;
    const bool ack = k % 7 == 6;
    const auto got = o.received.find(e.id);
    const int times = got == o.received.end() ? 0 : got->second;
    EXPECT_LE(times, 1) << "event " << k << " duplicated";
    // (Emits at exactly 10 s run before the cut but are still on the wire when it happens.)
    const bool during_cut = e.at >= sim::Time::from_ns(0) + sim::ms(10'000) &&
                            e.at <= sim::Time::from_ns(0) + sim::ms(80'000);
    if (!during_cut) {
      EXPECT_EQ(times, 1) << "event " << k << " at " << e.at.to_seconds();
    } else if (is_volatile || ack) {
      // Not stored, so not replayed; sent into the dead connection, or not sent at all.
      EXPECT_FALSE(o.replayed.count(e.id)) << "event " << k;
    } else {
      EXPECT_EQ(times, 1) << "non-volatile event " << k << " missed";
    }
    replayed += o.replayed.count(e.id);
  }
  EXPECT_EQ(replayed, net.server->recovery_attempts()[0].replayed);
  EXPECT_GT(replayed, 40u);  // ~70 s of news, minus volatile and acked ones
}

TEST(Recovery, after_max_disconnection_duration_fails_and_gives_a_new_id) {
  RealtimeNet net(recovering_server());
  Client& c = net.add_client(listening_client());
  c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
  c.connect();
  net.every_ms(1000, 1000, 5'000, news);
  cut(net, 200'000);  // the server persisted the session at ~45 s: expired by 165 s
  net.run_until_ms(220'000);
  const auto connects = net.entries("c1", "connect");
  ASSERT_EQ(connects.size(), 2u) << net.dump();
  EXPECT_FALSE(c.recovered());
  EXPECT_NE(connects[1].detail.substr(0, 20), connects[0].detail.substr(0, 20));
  ASSERT_EQ(net.server->recovery_attempts().size(), 1u);
  EXPECT_FALSE(net.server->recovery_attempts()[0].recovered);
  // The 60 s cleanup had already deleted the session (and its packets) by then.
  EXPECT_EQ(net.server->recovery_attempts()[0].failure, socketio::RestoreFailure::UnknownSession);
}

TEST(Recovery, fails_when_the_client_had_received_no_event) {
  RealtimeNet net(recovering_server());
  Client& c = net.add_client(listening_client());
  c.connect();
  cut(net, 60'000);
  net.run_until_ms(90'000);
  const auto connects = net.entries("c1", "connect");
  ASSERT_EQ(connects.size(), 2u) << net.dump();
  EXPECT_FALSE(c.recovered());
  ASSERT_EQ(net.server->recovery_attempts().size(), 1u);
  EXPECT_FALSE(net.server->recovery_attempts()[0].had_offset);  // CONNECT 40{"pid":"…"}
  EXPECT_FALSE(net.server->recovery_attempts()[0].recovered);
}

TEST(Acks, timeout_error_without_listener_and_ack_with_one) {
  RealtimeNet net;
  Client& c = net.add_client(listening_client());
  c.connect();
  net.run_until_ms(100);
  EmitOptions with_ack;
  with_ack.ack = true;
  with_ack.timeout = sim::ms(500);
  const std::uint64_t heard = c.emit("chat", 10, with_ack);     // the server listens to "chat"
  const std::uint64_t unheard = c.emit("other", 10, with_ack);  // nobody: no ack ever comes
  net.run_until_ms(1000);
  ASSERT_EQ(net.events.acks().size(), 2u);
  for (const AckOutcome& a : net.events.acks()) {
    if (a.id == heard) {
      EXPECT_TRUE(a.acknowledged);
      // One round trip (20 ms) plus transmission.
      EXPECT_GE(a.at - net.events.emitted()[heard].at, sim::ms(20));
      EXPECT_LT(a.at - net.events.emitted()[heard].at, sim::ms(21));
    } else {
      EXPECT_EQ(a.id, unheard);
      EXPECT_FALSE(a.acknowledged);
      EXPECT_EQ(a.error, "operation has timed out");
      EXPECT_EQ(a.at, net.events.emitted()[unheard].at + sim::ms(500));
    }
  }
}

TEST(Acks, retries_resend_until_acknowledged_one_in_flight) {
  // retries 3, ackTimeout 1 s: an event nobody acknowledges is sent 4 times (1 + 3 retries),
  // 1 s apart, then discarded; the next queued event waits for that.
  RealtimeNet net;
  ClientSpec spec = listening_client();
  spec.options.retries = 3;
  spec.options.ack_timeout = sim::ms(1000);
  Client& c = net.add_client(spec);
  c.connect();
  net.run_until_ms(100);
  const std::uint64_t lost = c.emit("other", 10);
  const std::uint64_t next = c.emit("chat", 10);
  net.run_until_ms(10'000);
  int sent_lost = 0;
  for (const ReceivedEvent& r : net.events.received()) sent_lost += r.id == lost ? 1 : 0;
  EXPECT_EQ(sent_lost, 4);  // the server got every copy (no listener, so no ack)
  ASSERT_EQ(net.events.acks().size(), 2u);
  EXPECT_EQ(net.events.acks()[0].id, lost);
  EXPECT_FALSE(net.events.acks()[0].acknowledged);
  EXPECT_EQ(net.events.acks()[0].tries, 4);
  EXPECT_EQ(net.events.acks()[1].id, next);
  EXPECT_TRUE(net.events.acks()[1].acknowledged);
  // The second event left only after the first was given up at 100 ms + 4 × 1 s.
  for (const ReceivedEvent& r : net.events.received()) {
    if (r.id == next) {
      EXPECT_GT(r.at, sim::Time::from_ns(0) + sim::ms(4100));
    }
  }
}

}  // namespace
}  // namespace netsim::realtime
