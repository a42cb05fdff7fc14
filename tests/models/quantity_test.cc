#include "models/scenario/quantity.h"

#include <gtest/gtest.h>

namespace netsim::scenario {
namespace {

using sim::Duration;

TEST(Quantity, DurationsAreExact) {
  EXPECT_EQ(parse_duration("20ms"), sim::ms(20));
  EXPECT_EQ(parse_duration("1.5ms"), sim::us(1500));
  EXPECT_EQ(parse_duration("250us"), sim::us(250));
  EXPECT_EQ(parse_duration("250µs"), sim::us(250));
  EXPECT_EQ(parse_duration("7ns"), sim::ns(7));
  EXPECT_EQ(parse_duration("10s"), sim::sec(10));
  EXPECT_EQ(parse_duration("0.000000001s"), sim::ns(1));
  EXPECT_EQ(parse_duration("2min"), sim::sec(120));
  EXPECT_EQ(parse_duration("1h"), sim::sec(3600));
  EXPECT_EQ(parse_duration("20 ms"), sim::ms(20));
  EXPECT_EQ(parse_duration(".5s"), sim::ms(500));
  EXPECT_EQ(parse_duration("0"), Duration::zero());
}

TEST(Quantity, DurationErrorsSayWhatIsExpected) {
  EXPECT_THROW(parse_duration("20"), QuantityError);
  EXPECT_THROW(parse_duration("20 parsecs"), QuantityError);
  EXPECT_THROW(parse_duration("-5ms"), QuantityError);
  EXPECT_THROW(parse_duration("ms"), QuantityError);
  EXPECT_THROW(parse_duration("0.0000000001s"), QuantityError);  // below a nanosecond
  EXPECT_THROW(parse_duration("99999999999h"), QuantityError);   // beyond 292 years
  try {
    parse_duration("20");
    FAIL();
  } catch (const QuantityError& e) {
    EXPECT_STREQ(e.what(),
                 "missing unit: expected a duration such as '20ms' (units: ns, us, ms, s, min, h), "
                 "got '20'");
  }
}

TEST(Quantity, Rates) {
  EXPECT_EQ(parse_rate("10Mbps"), sim::DataRate::mbps(10));
  EXPECT_EQ(parse_rate("10mbps"), sim::DataRate::mbps(10));
  EXPECT_EQ(parse_rate("1.5Gbps"), sim::DataRate::mbps(1500));
  EXPECT_EQ(parse_rate("64 kbps"), sim::DataRate::kbps(64));
  EXPECT_EQ(parse_rate("9600bps"), sim::DataRate::bps(9600));
  EXPECT_THROW(parse_rate("0Mbps"), QuantityError);
  EXPECT_THROW(parse_rate("-1Mbps"), QuantityError);
  EXPECT_THROW(parse_rate("10MB/s"), QuantityError);
  EXPECT_THROW(parse_rate("10"), QuantityError);
  EXPECT_THROW(parse_rate("0.1bps"), QuantityError);
}

TEST(Quantity, Sizes) {
  EXPECT_EQ(parse_size("1500B"), sim::Bytes(1500));
  EXPECT_EQ(parse_size("1.5KB"), sim::Bytes(1500));
  EXPECT_EQ(parse_size("64KiB"), sim::Bytes(65536));
  EXPECT_EQ(parse_size("1MiB"), sim::Bytes(1 << 20));
  EXPECT_EQ(parse_size("2GB"), sim::Bytes(2'000'000'000));
  EXPECT_EQ(parse_size("0B"), sim::Bytes(0));
  EXPECT_THROW(parse_size("1.5B"), QuantityError);
  EXPECT_THROW(parse_size("1500"), QuantityError);
  EXPECT_THROW(parse_size("1500b"), QuantityError);  // bits are not bytes
}

TEST(Quantity, Percentages) {
  EXPECT_DOUBLE_EQ(parse_percent("1%"), 0.01);
  EXPECT_DOUBLE_EQ(parse_percent("0.1%"), 0.001);
  EXPECT_DOUBLE_EQ(parse_percent("100%"), 1.0);
  EXPECT_DOUBLE_EQ(parse_percent("0%"), 0.0);
  EXPECT_DOUBLE_EQ(parse_percent("0"), 0.0);  // a bare zero needs no unit
  EXPECT_DOUBLE_EQ(parse_percent("0.00"), 0.0);
  EXPECT_THROW(parse_percent("0.01"), QuantityError);  // 1% or 0.01%? Ambiguous: refused
  EXPECT_DOUBLE_EQ(parse_percent("2.5 %"), 0.025);
  EXPECT_THROW(parse_percent("0.01"), QuantityError);  // a fraction without % is ambiguous
  EXPECT_THROW(parse_percent("101%"), QuantityError);
  EXPECT_THROW(parse_percent("-1%"), QuantityError);
}

TEST(Quantity, QueueLimits) {
  const auto p = parse_queue_limit("100 packets");
  EXPECT_EQ(p.unit, net::QueueLimit::Unit::Packets);
  EXPECT_EQ(p.value, 100);
  EXPECT_EQ(parse_queue_limit("1packet").value, 1);
  const auto b = parse_queue_limit("64KB");
  EXPECT_EQ(b.unit, net::QueueLimit::Unit::Bytes);
  EXPECT_EQ(b.value, 64'000);
  EXPECT_THROW(parse_queue_limit("100"), QuantityError);
  EXPECT_THROW(parse_queue_limit("1.5 packets"), QuantityError);
}

}  // namespace
}  // namespace netsim::scenario
