// Recovery offsets: socket.io-adapter contrib/yeast (PROTOCOLS.md §10.2).
#include "models/socketio/yeast.h"

#include <gtest/gtest.h>

namespace netsim::socketio {
namespace {

TEST(Yeast, DefaultEpochGivesSevenCharacterOffsets) {
  EXPECT_EQ(yeast_encode(kDefaultEpochUnixMs), "PjssgW0");
  // Seven digits until 64^7 ms (year 2109).
  EXPECT_EQ(yeast_encode(4398046511103), "_______");
  EXPECT_EQ(yeast_encode(4398046511104), "10000000");
}

TEST(Yeast, EncodeUsesTheBase64DigitAlphabet) {
  EXPECT_EQ(yeast_encode(0), "0");
  EXPECT_EQ(yeast_encode(10), "A");
  EXPECT_EQ(yeast_encode(36), "a");
  EXPECT_EQ(yeast_encode(62), "-");
  EXPECT_EQ(yeast_encode(63), "_");
  EXPECT_EQ(yeast_encode(64), "10");
}

TEST(Yeast, SameMillisecondGetsDotCounterSuffix) {
  Yeast yeast;
  const std::int64_t t = kDefaultEpochUnixMs + 1;
  EXPECT_EQ(yeast.next(t), "PjssgW1");
  EXPECT_EQ(yeast.next(t), "PjssgW1.0");
  EXPECT_EQ(yeast.next(t), "PjssgW1.1");
  for (int i = 2; i < 10; ++i) yeast.next(t);
  EXPECT_EQ(yeast.next(t), "PjssgW1.A");  // the counter is base 64 too
  EXPECT_EQ(yeast.next(t + 1), "PjssgW2");
  EXPECT_EQ(yeast.next(t + 1), "PjssgW2.0");  // the counter restarts each millisecond
}

TEST(Yeast, SixtyFifthCallInOneMillisecondHasTwoDigitCounter) {
  Yeast yeast;
  const std::int64_t t = kDefaultEpochUnixMs;
  yeast.next(t);
  std::string last;
  for (int i = 0; i < 65; ++i) last = yeast.next(t);
  EXPECT_EQ(last, "PjssgW0.10");
}

TEST(Yeast, OffsetsAreDistinctWhileTimeMovesForward) {
  Yeast yeast;
  std::set<std::string> seen;
  for (std::int64_t ms = 0; ms < 50; ++ms) {
    for (int k = 0; k < 3; ++k) seen.insert(yeast.next(kDefaultEpochUnixMs + ms));
  }
  EXPECT_EQ(seen.size(), 150u);
}

}  // namespace
}  // namespace netsim::socketio
