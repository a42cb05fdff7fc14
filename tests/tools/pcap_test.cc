// pcap output decoded by Wireshark's own dissectors (tshark): frames, addresses, TTLs and ports
// are what the simulation did, checksums verify, timestamps equal simulated time to the
// nanosecond, and corrupted frames show as checksum failures in the receiver's capture.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/tools/csv_reader.h"
#include "tests/tools/tshark.h"
#include "tools/netsim/commands.h"

namespace netsim {
namespace {

namespace fs = std::filesystem;
using testing::Tshark;
using testing::tshark;

class PcapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netsim-pcap-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // a → r → b, the second link corrupts 20% of packets.
    std::ofstream(dir_ / "s.yaml") << R"(name: captured
seed: 3
duration: 1s
nodes: {a: {}, r: {kind: router}, b: {}}
links:
  ar: {between: [a, r], rate: 10Mbps, delay: 1ms}
  rb: {between: [r, b], rate: 10Mbps, delay: 2ms, corrupt: 20%}
traffic:
  f: {from: a, to: b, port: 9000, size: 100B, interval: 10ms}
)";
    cli::RunOptions options;
    options.scenario = (dir_ / "s.yaml").string();
    options.output = (dir_ / "out").string();
    options.pcap = true;
    options.quiet = true;
    std::ostringstream out, err;
    ASSERT_EQ(cli::run_command(options, out, err), cli::kExitOk) << err.str();
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(PcapTest, OneFilePerInterface) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir_ / "out" / "pcap"))
    names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a-ar.pcap", "b-rb.pcap", "r-ar.pcap", "r-rb.pcap"}));
}

TEST_F(PcapTest, SenderCaptureMatchesTheMessageLog) {
  const auto messages = testing::read_csv((dir_ / "out" / "messages.csv").string());
  const Tshark t = tshark(
      dir_ / "out" / "pcap" / "a-ar.pcap",
      {"frame.time_epoch", "eth.src", "ip.src", "ip.dst", "ip.ttl", "ip.len", "ip.checksum.status",
       "udp.srcport", "udp.dstport", "udp.length", "udp.checksum.status"});
  ASSERT_EQ(t.status, 0);
  EXPECT_EQ(t.errors, "");
  ASSERT_EQ(t.rows.size(), messages.rows.size());
  ASSERT_EQ(t.rows.size(), 100u);
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    const auto& r = t.rows[i];
    // The link is idle at each send: transmission starts at the send time, to the nanosecond.
    const std::int64_t sent = std::stoll(messages.rows[i].at("sent_ns"));
    EXPECT_EQ(
        r[0], std::to_string(sent / 1'000'000'000) + "." +
                  [&] {
                    std::string ns = std::to_string(sent % 1'000'000'000);
                    return std::string(9 - ns.size(), '0') + ns;
                  }())
        << i;
    EXPECT_EQ(r[1], "02:00:00:00:00:00");  // a (node 0) on link 0
    EXPECT_EQ(r[2], "10.0.0.1");
    EXPECT_EQ(r[3], "10.0.0.3");
    EXPECT_EQ(r[4], "64");
    EXPECT_EQ(r[5], "128");
    EXPECT_EQ(r[6], "1");  // checksum good
    EXPECT_EQ(r[7], "49152");
    EXPECT_EQ(r[8], "9000");
    EXPECT_EQ(r[9], "108");
    EXPECT_EQ(r[10], "1");
  }
}

TEST_F(PcapTest, ReceiverCaptureShowsForwardingAndCorruption) {
  const auto messages = testing::read_csv((dir_ / "out" / "messages.csv").string());
  const auto links = testing::read_csv((dir_ / "out" / "links.csv").string());
  std::uint64_t corrupted = 0;
  for (const auto& l : links.rows) {
    if (l.at("link") == "rb" && l.at("direction") == "forward")
      corrupted = std::stoull(l.at("corrupted_packets"));
  }
  ASSERT_GT(corrupted, 0u);
  const Tshark t =
      tshark(dir_ / "out" / "pcap" / "b-rb.pcap",
             {"frame.time_epoch", "ip.ttl", "ip.checksum.status", "udp.checksum.status"});
  ASSERT_EQ(t.status, 0);
  ASSERT_EQ(t.rows.size(), 100u);  // every frame arrives; some with a flipped bit
  std::uint64_t bad = 0;
  std::vector<std::string> good_times;
  for (const auto& r : t.rows) {
    const bool ok = r[2] == "1" && (r.size() < 4 || r[3] == "1");
    if (ok) {
      good_times.push_back(r[0]);
      EXPECT_EQ(r[1], "63");  // forwarded once by r
    } else {
      ++bad;
    }
  }
  EXPECT_EQ(bad, corrupted);
  // Each intact frame reached the application at its capture time.
  std::vector<std::string> delivered_times;
  for (const auto& m : messages.rows) {
    if (m.at("delivered") != "true") continue;
    const std::int64_t at = std::stoll(m.at("received_ns"));
    std::string ns = std::to_string(at % 1'000'000'000);
    delivered_times.push_back(std::to_string(at / 1'000'000'000) + "." +
                              std::string(9 - ns.size(), '0') + ns);
  }
  EXPECT_EQ(good_times, delivered_times);
}

}  // namespace
}  // namespace netsim
