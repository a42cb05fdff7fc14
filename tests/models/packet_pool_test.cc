#include <gtest/gtest.h>

#include "models/net/packet.h"

namespace netsim::net {
namespace {

TEST(PacketPool, RecyclesIdsAndResetsPackets) {
  PacketPool pool;
  const PacketId a = pool.allocate();
  pool[a].payload = sim::Bytes(99);
  pool[a].tag.sequence = 5;
  EXPECT_EQ(pool.in_use(), 1u);
  pool.release(a);
  EXPECT_EQ(pool.in_use(), 0u);
  const PacketId b = pool.allocate();
  EXPECT_EQ(b, a);  // LIFO reuse keeps the working set small
  EXPECT_EQ(pool[b].payload, sim::Bytes(0));
  EXPECT_EQ(pool[b].tag.flow, MessageTag::kNoFlow);
}

TEST(PacketPool, ReferencesStayValidWhileThePoolGrows) {
  PacketPool pool;
  const PacketId first = pool.allocate();
  Packet& p = pool[first];
  p.payload = sim::Bytes(1234);
  for (int i = 0; i < 10'000; ++i) pool.allocate();
  EXPECT_EQ(p.payload, sim::Bytes(1234));
  EXPECT_EQ(&p, &pool[first]);
  EXPECT_EQ(pool.in_use(), 10'001u);
}

TEST(PacketPoolDeathTest, DoubleReleaseIsCaught) {
  EXPECT_DEATH(
      {
        PacketPool pool;
        const PacketId a = pool.allocate();
        pool.release(a);
        pool.release(a);
      },
      "released twice");
}

}  // namespace
}  // namespace netsim::net
