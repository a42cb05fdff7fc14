// The event log's compact records: a broadcast's transmissions share one run header, and read
// back as the records that were logged, in order; deliveries keep what a payload said.
#include "models/realtime/event_log.h"

#include <gtest/gtest.h>

#include <vector>

namespace netsim::realtime {
namespace {

using Kind = Transmission::Kind;

sim::Time at_ms(std::int64_t ms) { return sim::Time::from_ns(ms * 1'000'000); }

std::vector<Transmission> read_back(const TransmissionLog& log) {
  return std::vector<Transmission>(log.begin(), log.end());
}

void expect_same(const std::vector<Transmission>& got, const std::vector<Transmission>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(got[i].id, want[i].id);
    EXPECT_EQ(got[i].at, want[i].at);
    EXPECT_EQ(got[i].to, want[i].to);
    EXPECT_EQ(got[i].kind, want[i].kind);
  }
}

TEST(TransmissionLog, ReadsBackEveryRecordInOrderAcrossRuns) {
  // A broadcast of event 0 to three sockets, one socket's volatile drop in the middle of
  // another broadcast, a client's buffered emit, a replay at the same time as a write.
  const std::vector<Transmission> logged = {
      {0, at_ms(1000), 7, Kind::Written},         {0, at_ms(1000), 8, Kind::Written},
      {0, at_ms(1000), 9, Kind::Written},         {1, at_ms(2000), 7, Kind::Written},
      {1, at_ms(2000), 8, Kind::VolatileDropped}, {1, at_ms(2000), 9, Kind::Written},
      {2, at_ms(2500), 3, Kind::Buffered},        {1, at_ms(3000), 9, Kind::Replayed},
      {3, at_ms(3000), 9, Kind::Written},
  };
  TransmissionLog log;
  for (const Transmission& t : logged) log.add(t);
  EXPECT_EQ(log.size(), logged.size());
  expect_same(read_back(log), logged);
  // Runs: event 0's broadcast; event 1 written, dropped, written; the buffered emit; the
  // replay; event 3. Read run by run, they give the same records.
  ASSERT_EQ(log.runs().size(), 7U);
  std::vector<Transmission> by_run;
  for (std::size_t r = 0; r < log.runs().size(); ++r) {
    log.for_each_in_run(r, [&by_run](const Transmission& t) { by_run.push_back(t); });
  }
  expect_same(by_run, logged);
}

TEST(TransmissionLog, ABroadcastIsOneRunOfRecipients) {
  // What the compact form is for: 10,000 recipients of one emit read back as 10,000 records,
  // each with its own socket, the emit's id, time and kind.
  TransmissionLog log;
  for (std::uint32_t socket = 0; socket < 10'000; ++socket) {
    log.add({42, at_ms(15'000), socket, Kind::Written});
  }
  EXPECT_EQ(log.runs().size(), 1U);
  std::uint32_t next = 0;
  for (const Transmission t : log) {
    EXPECT_EQ(t.id, 42U);
    EXPECT_EQ(t.at, at_ms(15'000));
    EXPECT_EQ(t.kind, Kind::Written);
    EXPECT_EQ(t.to, next++);
  }
  EXPECT_EQ(next, 10'000U);
}

TEST(TransmissionLog, AnEmptyLogHasNothingToRead) {
  const TransmissionLog log;
  EXPECT_TRUE(log.empty());
  EXPECT_TRUE(log.begin() == log.end());
}

TEST(EventLog, ADeliveryKeepsWhatItsPayloadSaid) {
  EventLog log;
  const std::uint64_t id = log.emitted(at_ms(0), "server", "news", 40);
  const std::uint32_t c1 = log.name_id("c1");
  log.received(id, c1, at_ms(7), 2, 1, true);
  // A payload may name any number: one beyond 32 bits is no emit of this run.
  log.received(std::uint64_t{1} << 40, c1, at_ms(8), 1, 0);
  ASSERT_EQ(log.received().size(), 2U);
  const ReceivedEvent& r = log.received()[0];
  EXPECT_EQ(r.id, id);
  EXPECT_EQ(log.name(r.recipient), "c1");
  EXPECT_EQ(r.at, at_ms(7));
  EXPECT_EQ(r.listeners, 2);
  EXPECT_EQ(r.any_listeners, 1);
  EXPECT_TRUE(r.buffered);
  EXPECT_EQ(log.received()[1].id, EventLog::kUnknownId);
  EXPECT_FALSE(log.received()[1].buffered);
}

TEST(EventLog, ListenerCountsBeyondSixteenBitsAreLoggedAsTheMaximum) {
  EventLog log;
  const std::uint64_t id = log.emitted(at_ms(0), "server", "news", 40);
  log.received(id, log.name_id("c1"), at_ms(1), 70'000, 65'535);
  EXPECT_EQ(log.received()[0].listeners, 65'535);
  EXPECT_EQ(log.received()[0].any_listeners, 65'535);
}

TEST(EventLog, AReceivedRecordIsThreeWords) {
  // One per delivery: 10,000 clients and a broadcast a second make 36 million in an hour.
  EXPECT_EQ(sizeof(ReceivedEvent), 24U);
}

}  // namespace
}  // namespace netsim::realtime
