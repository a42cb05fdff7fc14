// Mathis and PFTK against values worked out from the papers' formulas by hand.
#include "models/analytic/tcp_throughput.h"

#include <gtest/gtest.h>

#include <cmath>

namespace netsim::analytic {
namespace {

TEST(Mathis, ConstantIsSqrtOfThreeOverTwoB) {
  // Mathis et al. 1997 §2: C = √(3/2) = 1.22 with an ACK per segment, √(3/4) = 0.87 with
  // delayed ACKs.
  EXPECT_NEAR(mathis_constant(1), 1.2247, 1e-4);
  EXPECT_NEAR(mathis_constant(2), 0.8660, 1e-4);
}

TEST(Mathis, ThroughputScalesAsOneOverRttSqrtP) {
  // 1460 B, 100 ms, 1%, b = 1: 1460·8/0.1 · 1.224745/0.1 = 116,800 · 12.24745 = 1,430,502 bit/s.
  const TcpPath path{1460, 0.1, 0.01, 1, 1, {}};
  EXPECT_NEAR(mathis_throughput_bps(path), 1'430'502, 1);
  TcpPath quarter = path;
  quarter.loss = 0.04;  // 4× the loss: half the throughput
  EXPECT_NEAR(mathis_throughput_bps(quarter), mathis_throughput_bps(path) / 2, 1e-6);
}

TEST(Pftk, MatchesEquation33ByHand) {
  // p = 1%, b = 2, RTT 100 ms, T0 = 1 s:
  //   RTT·√(2bp/3) = 0.1·√(0.04/3) = 0.0115470
  //   T0·min(1, 3√(3bp/8))·p·(1 + 32p²) = 1 · 3·√0.0075 · 0.01 · 1.0032 = 0.0026065
  //   B = 1 / 0.0141535 = 70.654 segments/s = 825,237 bit/s at 1460 B.
  const TcpPath path{1460, 0.1, 0.01, 2, 1, {}};
  EXPECT_NEAR(pftk_throughput_bps(path), 825'237, 50);
  // The window limit binds when W_max/RTT is smaller: 64 KB per 100 ms = 5.24 Mbit/s.
  TcpPath light = path;
  light.loss = 1e-6;
  light.max_window_bytes = 65'536;
  EXPECT_NEAR(pftk_throughput_bps(light), 65'536 * 8 / 0.1, 1e-6);
}

TEST(Pftk, BelowMathisOnceTimeoutsCount) {
  for (const double p : {0.001, 0.01, 0.05}) {
    const TcpPath path{1460, 0.05, p, 2, 0.2, {}};
    EXPECT_LT(pftk_throughput_bps(path), mathis_throughput_bps(path)) << p;
  }
}

}  // namespace
}  // namespace netsim::analytic
