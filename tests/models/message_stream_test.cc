#include "models/apps/message_stream.h"

#include <gtest/gtest.h>

#include <cmath>

#include "tests/models/two_hosts.h"

namespace netsim::apps {
namespace {

using netsim::testing::TwoHosts;
using sim::ms;
using sim::Time;

struct StreamFixture {
  explicit StreamFixture(const net::ChannelConfig& link, const MessageStreamConfig& config)
      : net(link),
        log("f", "udp", config.size, config.start, config.stop),
        receiver(net.simulator, log),
        sender(net.simulator, *net.socket, net.network.node(1).address(), 9000, 0, log, config,
               net.streams.stream("gaps")),
        tracker({&log}) {
    net.udp_b->bind(9000, &receiver);
    net.network.set_observer(&tracker);
  }
  TwoHosts net;
  MessageLog log;
  MessageStreamReceiver receiver;
  MessageStreamSender sender;
  MessageDropTracker tracker;
};

net::ChannelConfig link_10mbps_20ms() {
  net::ChannelConfig c;
  c.rate = sim::DataRate::mbps(10);
  c.delay = ms(20);
  return c;
}

TEST(MessageStream, FixedIntervalSendsFromStartUntilBeforeStop) {
  MessageStreamConfig config{sim::Bytes(200), ms(10), Arrival::Fixed, Time::zero() + ms(5),
                             Time::zero() + ms(45)};
  StreamFixture f(link_10mbps_20ms(), config);
  f.sender.start();
  f.net.simulator.run();
  // Sent at 5, 15, 25, 35 ms (45 is not before stop).
  ASSERT_EQ(f.log.messages().size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const MessageRecord& m = f.log.messages()[i];
    EXPECT_EQ(m.sent, Time::zero() + ms(5 + 10 * static_cast<std::int64_t>(i)));
    EXPECT_EQ(m.fate, MessageFate::Delivered);
    // 228 B at 10 Mbit/s = 182.4 us, plus 20 ms.
    EXPECT_EQ((m.received - m.sent).ns(), 20'182'400);
    EXPECT_EQ(m.copies, 1u);
  }
}

// Poisson arrivals: the count in a window of length T is Poisson(T/interval). With T = 1000 s and
// a 10 ms mean, that is 100,000 ± 316 (sd); tolerance 5 sd. Gaps have mean 10 ms and sd 10 ms;
// the mean of 10^5 gaps is within 5·10/sqrt(10^5) ≈ 0.16 ms of 10 ms.
TEST(MessageStream, PoissonArrivalsHaveTheConfiguredRate) {
  MessageStreamConfig config{sim::Bytes(10), ms(10), Arrival::Poisson, Time::zero(),
                             Time::zero() + sim::sec(1000)};
  net::ChannelConfig fast;
  fast.rate = sim::DataRate::gbps(1);
  StreamFixture f(fast, config);
  f.sender.start();
  f.net.simulator.run();
  const auto n = static_cast<double>(f.log.messages().size());
  EXPECT_NEAR(n, 100'000, 5 * std::sqrt(100'000.0));
  const double mean_gap_ms =
      (f.log.messages().back().sent - f.log.messages().front().sent).to_ms() / (n - 1);
  EXPECT_NEAR(mean_gap_ms, 10.0, 5 * 10.0 / std::sqrt(n));
  EXPECT_GT(f.log.messages().front().sent, Time::zero());  // first message one gap after start
}

TEST(MessageStream, DropsAreAttributedToTheirMessage) {
  net::ChannelConfig c = link_10mbps_20ms();
  c.queue.limit = net::QueueLimit::packets(1);
  // 10 messages of 1472 B every 0.1 ms into a link that needs 1.2 ms each: most are refused.
  MessageStreamConfig config{sim::Bytes(1472), sim::us(100), Arrival::Fixed, Time::zero(),
                             Time::zero() + ms(1)};
  StreamFixture f(c, config);
  f.sender.start();
  f.net.simulator.run();
  const auto& m = f.log.messages();
  ASSERT_EQ(m.size(), 10u);
  EXPECT_EQ(m[0].fate, MessageFate::Delivered);  // transmitted at once
  EXPECT_EQ(m[1].fate, MessageFate::Delivered);  // waited in the one-packet queue
  for (std::size_t i = 2; i < 10; ++i) {
    EXPECT_EQ(m[i].fate, MessageFate::Dropped) << i;
    EXPECT_EQ(m[i].reason, net::DropReason::QueueDrop) << i;
    EXPECT_EQ(fate_name(m[i]), "queue_drop");
  }
}

TEST(MessageStream, MessagesStillTravellingAtTheEndAreInFlight) {
  MessageStreamConfig config{sim::Bytes(200), ms(10), Arrival::Fixed, Time::zero(),
                             Time::zero() + ms(100)};
  StreamFixture f(link_10mbps_20ms(), config);
  f.sender.start();
  f.net.simulator.run_until(Time::zero() + ms(100));
  // Messages sent at 80 and 90 ms arrive after 100 ms.
  const auto& m = f.log.messages();
  ASSERT_EQ(m.size(), 10u);
  EXPECT_EQ(m[7].fate, MessageFate::Delivered);
  EXPECT_EQ(m[8].fate, MessageFate::InFlight);
  EXPECT_EQ(m[9].fate, MessageFate::InFlight);
}

}  // namespace
}  // namespace netsim::apps
