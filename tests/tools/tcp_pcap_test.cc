// A TCP transfer over a lossy link, captured and decoded by Wireshark's TCP dissector and its
// sequence analysis (tshark), which knows nothing of netsim: the handshake carries the options we
// negotiate, every checksum verifies, Wireshark finds exactly the retransmissions and spurious
// retransmissions that flows.csv reports, and the byte stream is complete.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/tools/csv_reader.h"
#include "tests/tools/tshark.h"
#include "tools/netsim/commands.h"

namespace netsim {
namespace {

namespace fs = std::filesystem;
using testing::tshark;

class TcpPcapTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fs::remove_all(dir());
    fs::create_directories(dir());
    // 1 MB from a to b, 2% loss on the data direction, SACK and timestamps on.
    std::ofstream(dir() / "s.yaml") << R"(name: tcp-captured
seed: 7
duration: 30s
nodes: {a: {}, b: {}}
links:
  wire: {between: [a, b], rate: 10Mbps, delay: 20ms, queue: 100 packets, forward: {loss: 2%}}
traffic:
  upload: {app: bulk, transport: tcp, from: a, to: b, bytes: 1MB, tcp: {sack: true, timestamps: true}}
)";
    cli::RunOptions options;
    options.scenario = (dir() / "s.yaml").string();
    options.output = (dir() / "out").string();
    options.pcap = true;
    options.quiet = true;
    std::ostringstream out, err;
    ASSERT_EQ(cli::run_command(options, out, err), cli::kExitOk) << err.str();
  }
  static void TearDownTestSuite() { fs::remove_all(dir()); }
  static fs::path dir() {
    return fs::temp_directory_path() / ("netsim-tcp-pcap-" + std::to_string(::getpid()));
  }
  static std::map<std::string, std::string> flow_row(const std::string& role) {
    for (const auto& row : testing::read_csv((dir() / "out" / "flows.csv").string()).rows) {
      if (row.at("role") == role) return row;
    }
    return {};
  }
};

TEST_F(TcpPcapTest, HandshakeCarriesTheNegotiatedOptions) {
  const auto t = tshark(dir() / "out" / "pcap" / "a-wire.pcap",
                        {"ip.src", "tcp.flags.str", "tcp.options.mss_val", "tcp.options.sack_perm",
                         "tcp.options.wscale.shift", "tcp.options.timestamp.tsval", "tcp.dstport"});
  ASSERT_EQ(t.status, 0);
  EXPECT_EQ(t.errors, "");
  ASSERT_GE(t.rows.size(), 3u);
  const auto& syn = t.rows[0];
  const auto& syn_ack = t.rows[1];
  EXPECT_EQ(syn[0], "10.0.0.1");
  EXPECT_EQ(syn[1], "··········S·");
  EXPECT_EQ(syn[2], "1460");
  EXPECT_EQ(syn[3], "0402");  // SACK-permitted: kind 4, length 2 (RFC 2018 §2)
  EXPECT_EQ(syn[4], "2");     // 131072-byte buffer: shift 2 (RFC 7323 §2.3)
  EXPECT_NE(syn[5], "");      // timestamps (RFC 7323 §3)
  EXPECT_EQ(syn[6], "40000");
  EXPECT_EQ(syn_ack[0], "10.0.0.2");
  EXPECT_EQ(syn_ack[1], "·······A··S·");
  EXPECT_EQ(syn_ack[2], "1460");
  EXPECT_EQ(t.rows[2][1], "·······A····");
}

TEST_F(TcpPcapTest, WiresharkFindsTheSameRetransmissions) {
  const auto sender = flow_row("client");
  const auto t = tshark(dir() / "out" / "pcap" / "a-wire.pcap",
                        {"ip.src", "tcp.len", "tcp.checksum.status", "tcp.analysis.retransmission",
                         "tcp.analysis.fast_retransmission", "tcp.analysis.out_of_order",
                         "tcp.seq_raw", "tcp.nxtseq"});
  ASSERT_EQ(t.status, 0);
  std::uint64_t retransmitted = 0, bad_checksums = 0, highest_next = 0;
  for (const auto& r : t.rows) {
    ASSERT_GE(r.size(), 3u);
    if (r[2] != "1") ++bad_checksums;
    if (r[0] != "10.0.0.1" || r[1] == "0") continue;
    // Wireshark calls a retransmission sent soon after the segments beyond it "out of order".
    const auto flagged = [&](std::size_t i) { return r.size() > i && !r[i].empty(); };
    if (flagged(3) || flagged(4) || flagged(5)) ++retransmitted;
    if (r.size() > 7) highest_next = std::max<std::uint64_t>(highest_next, std::stoull(r[7]));
  }
  EXPECT_EQ(bad_checksums, 0u);
  ASSERT_GT(std::stoull(sender.at("segments_retransmitted")), 0u);
  EXPECT_EQ(retransmitted, std::stoull(sender.at("segments_retransmitted")));
  // Relative sequence numbers: the SYN is 0, the data 1..1000000, the FIN 1000001.
  EXPECT_EQ(highest_next, 1000002u);
}

TEST_F(TcpPcapTest, ReceiverSeesTheSpuriousRetransmissions) {
  const auto t = tshark(dir() / "out" / "pcap" / "b-wire.pcap",
                        {"ip.src", "tcp.analysis.spurious_retransmission"});
  ASSERT_EQ(t.status, 0);
  std::uint64_t spurious = 0;
  for (const auto& r : t.rows) {
    if (r[0] == "10.0.0.1" && r.size() > 1 && !r[1].empty()) ++spurious;
  }
  EXPECT_EQ(spurious, std::stoull(flow_row("client").at("spurious_retransmissions")));
}

}  // namespace
}  // namespace netsim
