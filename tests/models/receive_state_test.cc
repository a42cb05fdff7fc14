// A receive state lists where an endpoint's receive path reads (net::ReceiveState): each
// address once, at most kRanges of them, an entry pointed elsewhere when what it named moves.
#include "models/net/receive_state.h"

#include <gtest/gtest.h>

#include <array>

namespace netsim::net {
namespace {

TEST(ReceiveState, ListsEachAddressOnce) {
  std::array<char, 256> memory{};
  ReceiveState state;
  EXPECT_EQ(state.add(&memory[0], 64), 0U);
  EXPECT_EQ(state.add(&memory[128], 32), 1U);
  EXPECT_EQ(state.add(&memory[0], 64), 0U);  // listed already: its entry
  ASSERT_EQ(state.size(), 2U);
  EXPECT_EQ(state.address(1), &memory[128]);
  EXPECT_EQ(state.bytes(1), 32U);
}

TEST(ReceiveState, ASpanRunsFromOneMemberToTheNext) {
  struct Object {
    std::array<char, 40> hot;
    std::array<char, 200> cold;
    std::array<char, 24> warm;
  } object{};
  ReceiveState state;
  state.add_span(&object, &object.cold);
  state.add_span(&object.warm, &object + 1);
  ASSERT_EQ(state.size(), 2U);
  EXPECT_EQ(state.address(0), &object);
  EXPECT_EQ(state.bytes(0), 40U);
  EXPECT_EQ(state.address(1), &object.warm);
  EXPECT_EQ(state.bytes(1), 24U);
}

TEST(ReceiveState, AFullListDropsWhatComesLast) {
  std::array<char, ReceiveState::kRanges + 1> memory{};
  ReceiveState state;
  for (std::size_t i = 0; i < ReceiveState::kRanges; ++i) EXPECT_EQ(state.add(&memory[i], 1), i);
  EXPECT_EQ(state.add(&memory[ReceiveState::kRanges], 1), ReceiveState::kRanges);
  EXPECT_EQ(state.size(), ReceiveState::kRanges);
}

TEST(ReceiveState, AnEntryFollowsWhatMoved) {
  std::array<char, 256> memory{};
  ReceiveState state;
  const std::size_t entry = state.add(&memory[0], 16);
  state.set(entry, &memory[64], 16);
  ASSERT_EQ(state.size(), 1U);
  EXPECT_EQ(state.address(entry), &memory[64]);
}

TEST(ReceiveState, SizesBeyondSixtyFourKibibytesAreCut) {
  std::array<char, 1> memory{};
  ReceiveState state;
  state.add(&memory[0], 1U << 20);  // a prefix is enough to prefetch; the size is 16 bits
  EXPECT_EQ(state.bytes(0), 0xffffU);
}

}  // namespace
}  // namespace netsim::net
