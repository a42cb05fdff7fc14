#include "models/scenario/suggest.h"

#include <gtest/gtest.h>

namespace netsim::scenario {
namespace {

TEST(Suggest, EditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("delay", "delay"), 0u);
  EXPECT_EQ(edit_distance("Delay", "delay"), 0u);
}

TEST(Suggest, OffersOnlyPlausibleTypos) {
  const std::vector<std::string> keys{"rate", "delay", "queue", "loss", "between"};
  EXPECT_EQ(closest("dealy", keys), "delay");
  EXPECT_EQ(closest("los", keys), "loss");
  EXPECT_EQ(closest("betwen", keys), "between");
  EXPECT_EQ(closest("bandwidth", keys), std::nullopt);
  EXPECT_EQ(closest("x", keys), std::nullopt);
  EXPECT_EQ(did_you_mean("qeueu", keys), " (did you mean 'queue'?)");
  EXPECT_EQ(did_you_mean("colour", keys), "");
}

}  // namespace
}  // namespace netsim::scenario
