#include "sim/units.h"

#include <gtest/gtest.h>

namespace netsim::sim {
namespace {

TEST(DataRate, SiPrefixes) {
  EXPECT_EQ(DataRate::kbps(64).bits_per_second(), 64'000);
  EXPECT_EQ(DataRate::mbps(10).bits_per_second(), 10'000'000);
  EXPECT_EQ(DataRate::gbps(1).bits_per_second(), 1'000'000'000);
  EXPECT_DOUBLE_EQ(DataRate::mbps(10).to_mbps(), 10.0);
}

TEST(Bytes, Arithmetic) {
  EXPECT_EQ((Bytes(1500) + Bytes(28)).count(), 1528);
  EXPECT_EQ(Bytes(1500).bits(), 12'000);
  EXPECT_EQ((Bytes(100) * 3).count(), 300);
  Bytes b(10);
  b += Bytes(5);
  b -= Bytes(3);
  EXPECT_EQ(b, Bytes(12));
}

TEST(TransmissionTime, ExactWhenTheRateDividesTheBits) {
  // 1500 B = 12,000 bit; at 10 Mbit/s that is 1.2 ms.
  EXPECT_EQ(transmission_time(Bytes(1500), DataRate::mbps(10)), us(1200));
  // 228 B (200 B payload + UDP + IPv4) at 10 Mbit/s: 182.4 us.
  EXPECT_EQ(transmission_time(Bytes(228), DataRate::mbps(10)), ns(182'400));
  EXPECT_EQ(transmission_time(Bytes(1500), DataRate::gbps(100)), ns(120));
  EXPECT_EQ(transmission_time(Bytes(0), DataRate::mbps(1)), Duration::zero());
}

TEST(TransmissionTime, RoundsUpToTheNanosecondOtherwise) {
  // 8 bit at 3 bit/s = 2.666...s: the last bit has left only at 2,666,666,667 ns.
  EXPECT_EQ(transmission_time(Bytes(1), DataRate::bps(3)), ns(2'666'666'667));
  // 1 B at 1 Tbit/s = 0.008 ns → 1 ns.
  EXPECT_EQ(transmission_time(Bytes(1), DataRate::bps(1'000'000'000'000)), ns(1));
}

TEST(TransmissionTime, NoOverflowForHugeSizes) {
  // 10^12 B · 8 · 10^9 overflows 64 bits; the 128-bit intermediate does not. 8000 s at 1 Gbit/s.
  EXPECT_EQ(transmission_time(Bytes(1'000'000'000'000), DataRate::gbps(1)), sec(8000));
}

TEST(Units, Print) {
  EXPECT_EQ(to_string(Bytes(1500)), "1500B");
  EXPECT_EQ(to_string(DataRate::mbps(10)), "10Mbps");
  EXPECT_EQ(to_string(DataRate::gbps(1)), "1Gbps");
  EXPECT_EQ(to_string(DataRate::kbps(64)), "64kbps");
  EXPECT_EQ(to_string(DataRate::bps(1500)), "1500bps");
}

}  // namespace
}  // namespace netsim::sim
