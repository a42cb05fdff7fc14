// The TCP layer's demultiplexing table (open addressing, linear probing).
#include "models/tcp/socket_table.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace netsim::tcp {
namespace {

// The table only stores the pointers; distinct addresses stand in for sockets.
TcpSocket* fake(std::vector<char>& storage, std::size_t i) {
  return reinterpret_cast<TcpSocket*>(&storage[i]);
}

std::uint64_t key(std::uint32_t remote, std::uint16_t remote_port, std::uint16_t local_port) {
  return (std::uint64_t{remote} << 32) | (std::uint64_t{remote_port} << 16) | local_port;
}

TEST(SocketTable, FindsWhatWasInsertedAndNothingElse) {
  std::vector<char> storage(4);
  SocketTable table;
  EXPECT_EQ(table.find(key(1, 80, 49152)), nullptr);  // empty
  EXPECT_TRUE(table.insert(key(1, 80, 49152), fake(storage, 0)));
  EXPECT_TRUE(table.insert(key(1, 80, 49153), fake(storage, 1)));
  EXPECT_EQ(table.find(key(1, 80, 49152)), fake(storage, 0));
  EXPECT_EQ(table.find(key(1, 80, 49153)), fake(storage, 1));
  EXPECT_EQ(table.find(key(2, 80, 49152)), nullptr);                // another peer, same ports
  EXPECT_FALSE(table.insert(key(1, 80, 49152), fake(storage, 2)));  // the pair is taken
  EXPECT_EQ(table.find(key(1, 80, 49152)), fake(storage, 0));
  EXPECT_EQ(table.size(), 2u);
  table.clear();
  EXPECT_EQ(table.size(), 0u);
  EXPECT_EQ(table.find(key(1, 80, 49153)), nullptr);
}

// A closed connection's pair taken over by a new connection (TcpLayer: port reuse).
TEST(SocketTable, ReplacePointsAPresentKeyAtAnotherSocket) {
  std::vector<char> storage(3);
  SocketTable table;
  EXPECT_FALSE(table.replace(key(1, 80, 49152), fake(storage, 0)));  // empty table
  ASSERT_TRUE(table.insert(key(1, 80, 49152), fake(storage, 0)));
  ASSERT_TRUE(table.insert(key(1, 80, 49153), fake(storage, 1)));
  EXPECT_TRUE(table.replace(key(1, 80, 49152), fake(storage, 2)));
  EXPECT_EQ(table.find(key(1, 80, 49152)), fake(storage, 2));
  EXPECT_EQ(table.find(key(1, 80, 49153)), fake(storage, 1));
  EXPECT_FALSE(table.replace(key(2, 80, 49152), fake(storage, 0)));  // absent: nothing added
  EXPECT_EQ(table.find(key(2, 80, 49152)), nullptr);
  EXPECT_EQ(table.size(), 2u);
}

// A busy server: 10 client hosts × 6,000 ports, as in the realtime benchmark. Every key stays
// findable through the table's growth (rehashing), and absent keys are not found.
TEST(SocketTable, ManyConnectionsSurviveGrowth) {
  constexpr std::uint32_t kHosts = 10;
  constexpr std::uint16_t kPorts = 6000;
  std::vector<char> storage(kHosts * kPorts);
  SocketTable table;
  for (std::uint32_t h = 0; h < kHosts; ++h) {
    for (std::uint16_t p = 0; p < kPorts; ++p) {
      const std::size_t i = h * kPorts + p;
      ASSERT_TRUE(table.insert(key(0x0a000001 + h, 49152 + p, 80), fake(storage, i)));
    }
  }
  EXPECT_EQ(table.size(), std::size_t{kHosts} * kPorts);
  for (std::uint32_t h = 0; h < kHosts; ++h) {
    for (std::uint16_t p = 0; p < kPorts; ++p) {
      const std::size_t i = h * kPorts + p;
      ASSERT_EQ(table.find(key(0x0a000001 + h, 49152 + p, 80)), fake(storage, i));
    }
    EXPECT_EQ(table.find(key(0x0a000001 + h, 49152 + kPorts, 80)), nullptr);
    EXPECT_EQ(table.find(key(0x0a000001 + h, 49152, 81)), nullptr);
  }
}

}  // namespace
}  // namespace netsim::tcp
