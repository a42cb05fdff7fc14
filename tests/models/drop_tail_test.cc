#include "models/net/queue/drop_tail.h"

#include <gtest/gtest.h>

namespace netsim::net {
namespace {

using sim::Bytes;
using sim::Time;

TEST(DropTail, FifoWithinAPacketLimit) {
  DropTailQueue q(QueueLimit::packets(2));
  EXPECT_TRUE(q.enqueue(1, Bytes(100), Time::zero()));
  EXPECT_TRUE(q.enqueue(2, Bytes(200), Time::zero()));
  EXPECT_FALSE(q.enqueue(3, Bytes(1), Time::zero()));  // tail drop: the arrival is refused
  EXPECT_EQ(q.packets(), 2u);
  EXPECT_EQ(q.bytes(), Bytes(300));
  EXPECT_EQ(q.dequeue(Time::zero()), PacketId{1});
  EXPECT_TRUE(q.enqueue(4, Bytes(50), Time::zero()));
  EXPECT_EQ(q.dequeue(Time::zero()), PacketId{2});
  EXPECT_EQ(q.dequeue(Time::zero()), PacketId{4});
  EXPECT_EQ(q.dequeue(Time::zero()), std::nullopt);
  EXPECT_EQ(q.bytes(), Bytes(0));
}

TEST(DropTail, ByteLimitAdmitsWhatFitsExactly) {
  DropTailQueue q(QueueLimit::bytes(1000));
  EXPECT_TRUE(q.enqueue(1, Bytes(600), Time::zero()));
  EXPECT_FALSE(q.enqueue(2, Bytes(401), Time::zero()));
  EXPECT_TRUE(q.enqueue(3, Bytes(400), Time::zero()));  // exactly full
  EXPECT_EQ(q.bytes(), Bytes(1000));
}

TEST(DropTail, SurvivesWrapAroundOfItsRing) {
  DropTailQueue q(QueueLimit::packets(1000));
  PacketId next_in = 0;
  PacketId next_out = 0;
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < 7; ++i) ASSERT_TRUE(q.enqueue(next_in++, Bytes(1), Time::zero()));
    for (int i = 0; i < 5; ++i) ASSERT_EQ(q.dequeue(Time::zero()), next_out++);
  }
  while (auto id = q.dequeue(Time::zero())) ASSERT_EQ(*id, next_out++);
  EXPECT_EQ(next_out, next_in);
}

}  // namespace
}  // namespace netsim::net
