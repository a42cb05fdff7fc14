// The handshake chain against sums worked out by hand.
#include "models/analytic/handshake_model.h"

#include <gtest/gtest.h>

namespace netsim::analytic {
namespace {

TEST(HandshakeModel, NoLossTakesOneRtt) {
  const HandshakeModel m({0, 0, 0.1, 1, 60, 6});
  EXPECT_DOUBLE_EQ(m.success_probability(), 1);
  EXPECT_DOUBLE_EQ(m.mean_setup_time_s(), 0.1);
}

TEST(HandshakeModel, BackoffDoublesUpToTheMaximum) {
  // s = 0.5 per attempt, 2 retries, RTO 1 s then 2 s (max 1.5 s caps the second at 1.5):
  //   attempt 1: 0.5 at 0.1 s; attempt 2: 0.25 at 1.1 s; attempt 3: 0.125 at 2.6 s.
  const HandshakeModel m({0.5, 0, 0.1, 1, 1.5, 2});
  const auto o = m.outcomes();
  ASSERT_EQ(o.size(), 3U);
  EXPECT_DOUBLE_EQ(o[1].time_s, 1.1);
  EXPECT_DOUBLE_EQ(o[2].time_s, 2.6);
  EXPECT_DOUBLE_EQ(o[2].probability, 0.125);
  EXPECT_NEAR(m.success_probability(), 0.875, 1e-12);
  // E[T | established] = (0.5·0.1 + 0.25·1.1 + 0.125·2.6) / 0.875 = 0.65 / 0.875.
  EXPECT_NEAR(m.mean_setup_time_s(), 0.65 / 0.875, 1e-12);
}

TEST(HandshakeModel, SynAndSynAckLossCombine) {
  // Each attempt succeeds with (1 − 0.1)(1 − 0.2) = 0.72.
  const HandshakeModel m({0.1, 0.2, 0.05, 3, 60, 0});
  EXPECT_NEAR(m.success_probability(), 0.72, 1e-12);
  EXPECT_NEAR(m.mean_setup_time_s(), 0.05, 1e-12);
}

}  // namespace
}  // namespace netsim::analytic
