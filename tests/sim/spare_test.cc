#include "sim/spare.h"

#include <gtest/gtest.h>

#include <vector>

namespace netsim::sim {
namespace {

TEST(Spare, CapacityComesBackAcrossCalls) {
  Spare<std::vector<int>> spare;
  std::vector<int> v = spare.borrow();
  EXPECT_EQ(v.capacity(), 0u);
  v.assign(100, 7);
  const auto capacity = v.capacity();
  spare.give_back(std::move(v));
  EXPECT_TRUE(spare.kept().empty());
  EXPECT_EQ(spare.kept().capacity(), capacity);
  std::vector<int> again = spare.borrow();
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(again.capacity(), capacity);  // no allocation needed for up to 100 elements
  EXPECT_EQ(spare.kept().capacity(), 0u);
}

TEST(Spare, ANestedBorrowGetsNothingAndTheLargerBufferIsKept) {
  Spare<std::vector<int>> spare;
  std::vector<int> warm = spare.borrow();
  warm.resize(10);
  spare.give_back(std::move(warm));

  std::vector<int> outer = spare.borrow();  // the 10-element buffer
  std::vector<int> inner = spare.borrow();  // re-entered: nothing left to lend
  EXPECT_EQ(inner.capacity(), 0u);
  inner.resize(1000);
  const auto large = inner.capacity();
  spare.give_back(std::move(inner));
  spare.give_back(std::move(outer));  // smaller: dropped
  EXPECT_EQ(spare.kept().capacity(), large);
}

}  // namespace
}  // namespace netsim::sim
