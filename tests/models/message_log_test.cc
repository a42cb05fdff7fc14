// A message log streaming to a sink: messages leave in sequence order once settled, a dropped
// message waits for its duplicate copies, and memory holds only unsettled messages.
#include "models/apps/message_log.h"

#include <gtest/gtest.h>

#include <vector>

namespace netsim::apps {
namespace {

using sim::Time;

struct Collected {
  std::uint64_t sequence;
  MessageRecord record;
};

class Collector final : public MessageSink {
 public:
  void on_settled(std::uint64_t sequence, const MessageRecord& record) override {
    got.push_back({sequence, record});
  }
  std::vector<Collected> got;
};

Time at_ms(std::int64_t ms) { return Time::zero() + sim::ms(ms); }

MessageLog make_log() { return MessageLog("f", "udp", sim::Bytes(100), at_ms(0), at_ms(100)); }

TEST(MessageLogStream, SettledMessagesLeaveInSequenceOrder) {
  MessageLog log = make_log();
  Collector sink;
  log.stream_to(&sink);
  for (int i = 0; i < 3; ++i) log.record_sent(at_ms(i));
  log.record_received(1, at_ms(10));  // 0 is still in flight: 1 waits
  EXPECT_TRUE(sink.got.empty());
  EXPECT_EQ(log.messages().size(), 3U);
  log.record_dropped(0, net::DropReason::LinkLoss);  // 0 and 1 are now settled
  ASSERT_EQ(sink.got.size(), 2U);
  EXPECT_EQ(sink.got[0].sequence, 0U);
  EXPECT_EQ(sink.got[0].record.fate, MessageFate::Dropped);
  EXPECT_EQ(sink.got[1].sequence, 1U);
  EXPECT_EQ(sink.got[1].record.received, at_ms(10));
  EXPECT_EQ(log.messages().size(), 1U);  // only message 2 is held
  EXPECT_EQ(log.first(), 2U);
  EXPECT_EQ(log.sent_count(), 3U);
  log.finish();  // 2 was in flight at the end
  ASSERT_EQ(sink.got.size(), 3U);
  EXPECT_EQ(sink.got[2].record.fate, MessageFate::InFlight);
  EXPECT_TRUE(log.messages().empty());
}

TEST(MessageLogStream, ADroppedMessageWaitsForItsCopies) {
  MessageLog log = make_log();
  Collector sink;
  log.stream_to(&sink);
  log.record_sent(at_ms(0));
  log.record_copy(0);                                // a link duplicated the datagram
  log.record_dropped(0, net::DropReason::LinkLoss);  // one copy lost
  EXPECT_TRUE(sink.got.empty()) << "the other copy may still arrive";
  log.record_received(0, at_ms(20));  // it does: a delivered copy wins
  ASSERT_EQ(sink.got.size(), 1U);
  EXPECT_EQ(sink.got[0].record.fate, MessageFate::Delivered);
  log.record_received(0, at_ms(25));  // a third copy would be a late duplicate
  EXPECT_EQ(log.late_duplicates(), 1U);
}

TEST(MessageLogStream, WithoutASinkEveryRecordIsKept) {
  MessageLog log = make_log();
  for (int i = 0; i < 4; ++i) log.record_sent(at_ms(i));
  log.record_received(0, at_ms(10));
  log.record_received(0, at_ms(11));
  EXPECT_EQ(log.messages().size(), 4U);
  EXPECT_EQ(log.messages()[0].copies, 2U);
  EXPECT_EQ(log.late_duplicates(), 0U);
}

}  // namespace
}  // namespace netsim::apps
