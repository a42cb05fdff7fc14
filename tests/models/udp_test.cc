// UDP (RFC 768) datagrams over a link: headers, sizes, demultiplexing.
#include "models/udp/udp.h"

#include <gtest/gtest.h>

#include "tests/models/two_hosts.h"

namespace netsim::udp {
namespace {

using netsim::testing::TwoHosts;

class HeaderCapture final : public DatagramSink {
 public:
  void on_datagram(const net::Packet& p) override { packets.push_back(p); }
  std::vector<net::Packet> packets;
};

TEST(Udp, HeadersCarryRfc768AndRfc791Lengths) {
  TwoHosts net({});
  HeaderCapture capture;
  ASSERT_TRUE(net.udp_b->bind(53, &capture));
  net.simulator.schedule(sim::ms(1), [&net] {
    net.socket->send_to(net.network.node(1).address(), 53, sim::Bytes(200),
                        {3, 9, net.simulator.now()});
  });
  net.simulator.run();
  ASSERT_EQ(capture.packets.size(), 1u);
  const net::Packet& p = capture.packets[0];
  EXPECT_EQ(p.udp.length, 208);       // RFC 768: header (8) + data
  EXPECT_EQ(p.ip.total_length, 228);  // RFC 791: IPv4 header (20) + UDP
  EXPECT_EQ(p.wire_size(), sim::Bytes(228));
  EXPECT_EQ(p.udp.source_port, 49152);
  EXPECT_EQ(p.udp.destination_port, 53);
  EXPECT_EQ(p.ip.protocol, net::IpProtocol::Udp);
  EXPECT_EQ(p.ip.source, net.network.node(0).address());
  EXPECT_EQ(net::to_string(p.ip.source), "10.0.0.1");
  EXPECT_EQ(net::to_string(p.ip.destination), "10.0.0.2");
  EXPECT_EQ(p.ip.ttl, 64);
  EXPECT_EQ(p.tag.flow, 3u);
  EXPECT_EQ(p.tag.sequence, 9u);
  EXPECT_EQ(p.tag.sent, sim::Time::zero() + sim::ms(1));
}

TEST(Udp, IdentificationIncrementsPerDatagram) {
  TwoHosts net({});
  HeaderCapture capture;
  net.udp_b->bind(53, &capture);
  for (int i = 0; i < 3; ++i) {
    net.simulator.schedule(sim::ms(i), [&net] {
      net.socket->send_to(net.network.node(1).address(), 53, sim::Bytes(1), {});
    });
  }
  net.simulator.run();
  ASSERT_EQ(capture.packets.size(), 3u);
  EXPECT_EQ(capture.packets[1].ip.identification, capture.packets[0].ip.identification + 1);
  EXPECT_EQ(capture.packets[2].ip.identification, capture.packets[0].ip.identification + 2);
}

TEST(Udp, LargestDatagramAndOneByteMore) {
  TwoHosts net({});
  net.simulator.schedule(sim::ms(0), [&net] {
    EXPECT_EQ(net.socket->send_to(net.network.node(1).address(), TwoHosts::kPort,
                                  sim::Bytes(kMaxPayloadBytes), {}),
              SendResult::Sent);
    EXPECT_EQ(net.socket->send_to(net.network.node(1).address(), TwoHosts::kPort,
                                  sim::Bytes(kMaxPayloadBytes + 1), {}),
              SendResult::TooLarge);
  });
  net.simulator.run();
  ASSERT_EQ(net.sink.arrivals.size(), 1u);
  EXPECT_EQ(kMaxPayloadBytes, 65507);
  EXPECT_EQ(net.network.packets().in_use(), 0u);
}

TEST(Udp, UnboundPortIsDroppedAndCounted) {
  TwoHosts net({});
  net.simulator.schedule(sim::ms(0), [&net] {
    net.socket->send_to(net.network.node(1).address(), 4242, sim::Bytes(10), {0, 1, {}});
  });
  net.simulator.run();
  EXPECT_TRUE(net.sink.arrivals.empty());
  ASSERT_EQ(net.drops.drops.size(), 1u);
  EXPECT_EQ(net.drops.drops[0].reason, net::DropReason::NoListener);
  EXPECT_EQ(net.network.packets().in_use(), 0u);
}

TEST(Udp, APortBindsOnce) {
  TwoHosts net({});
  HeaderCapture other;
  EXPECT_FALSE(net.udp_b->bind(TwoHosts::kPort, &other));
  EXPECT_TRUE(net.udp_b->bind(TwoHosts::kPort + 1, &other));
}

}  // namespace
}  // namespace netsim::udp
