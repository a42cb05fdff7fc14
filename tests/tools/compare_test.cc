// netsim compare: the same messages over TCP and over UDP, and netsim plot.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/tools/csv_reader.h"
#include "tools/netsim/commands.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;
using testing::read_csv;

class CompareTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netsim-compare-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  int compare(const std::string& yaml, std::string* out_text = nullptr,
              std::string* err_text = nullptr) {
    std::ofstream(dir_ / "s.yaml") << yaml;
    CompareOptions options;
    options.scenario = (dir_ / "s.yaml").string();
    options.output = (dir_ / "out").string();
    options.jobs = 2;
    std::ostringstream out, err;
    const int status = compare_command(options, out, err);
    if (out_text != nullptr) *out_text = out.str();
    if (err_text != nullptr) *err_text = err.str();
    return status;
  }
  fs::path dir_;
};

// Without loss the two transports carry each message in one packet along the same path, so
// their latencies differ only by the headers' transmission time, TCP's 20-byte header against
// UDP's 8 (12 bytes at 10 Mbit/s: 9.6 µs), and by the handshake: messages written before the
// connection is open wait for it, which shows in TCP's maximum.
TEST_F(CompareTest, WithoutLossOnlyHeadersAndTheHandshakeDiffer) {
  ASSERT_EQ(compare("name: c\nduration: 5s\nnodes: {a: {}, b: {}}\n"
                    "links: {l: {between: [a, b], rate: 10Mbps, delay: 20ms}}\n"
                    "tcp: {nagle: false, timestamps: false}\n"
                    "traffic: {m: {from: a, to: b, size: 200B, interval: 10ms}}\n"),
            kExitOk);
  const auto rows = read_csv((dir_ / "out" / "compare.csv").string()).rows;
  ASSERT_EQ(rows.size(), 2U);
  const auto& tcp = rows[0].at("transport") == "tcp" ? rows[0] : rows[1];
  const auto& udp = rows[0].at("transport") == "udp" ? rows[0] : rows[1];
  EXPECT_NEAR(std::stod(tcp.at("latency_p50_ms")) - std::stod(udp.at("latency_p50_ms")), 0.0096,
              1e-9);
  EXPECT_EQ(tcp.at("latency_p95_ms"), tcp.at("latency_p50_ms"));
  // The first message waits for the handshake: one round trip (40 ms + transmissions).
  EXPECT_GT(std::stod(tcp.at("latency_max_ms")), std::stod(udp.at("latency_max_ms")) + 40);
  EXPECT_EQ(tcp.at("delivery_ratio"), udp.at("delivery_ratio"));
  EXPECT_EQ(tcp.at("retransmissions"), "0");
  EXPECT_EQ(udp.at("retransmissions"), "");  // undefined for UDP
}

TEST_F(CompareTest, StatesTheTradeOffAcrossASweep) {
  std::string out;
  ASSERT_EQ(compare("name: c\nduration: 20s\nreplications: 3\nnodes: {a: {}, b: {}}\n"
                    "links: {l: {between: [a, b], rate: 10Mbps, delay: 20ms}}\n"
                    "tcp: {preset: linux, nagle: false}\n"
                    "traffic: {m: {from: a, to: b, size: 200B, interval: 10ms}}\n"
                    "sweep: {grid: {links.l.loss: [0, 2%, 5%]}}\n",
                    &out),
            kExitOk);
  const auto rows = read_csv((dir_ / "out" / "compare.csv").string()).rows;
  ASSERT_EQ(rows.size(), 6U);
  EXPECT_EQ(rows[0].at("links.l.loss"), "0");
  EXPECT_EQ(rows[0].at("replications"), "3");
  EXPECT_NE(out.find("at links.l.loss=5%: TCP p99 is"), std::string::npos) << out;
  EXPECT_NE(out.find("UDP loses"), std::string::npos) << out;
  EXPECT_NE(out.find("UDP's loss first reaches 1% at links.l.loss=2%"), std::string::npos) << out;
  // At 5% loss UDP loses 5% of 2000 messages per replication (σ of the mean of 3: 0.3%), TCP
  // none: it repairs every loss.
  const auto& udp5 = rows[5].at("transport") == "udp" ? rows[5] : rows[4];
  const auto& tcp5 = rows[5].at("transport") == "tcp" ? rows[5] : rows[4];
  EXPECT_NEAR(std::stod(udp5.at("loss_ratio")), 0.05, 0.012);
  EXPECT_EQ(tcp5.at("loss_ratio"), "0");
  EXPECT_GT(std::stod(tcp5.at("retransmissions")), 0);
  EXPECT_GT(std::stod(tcp5.at("latency_p99_ms")), 2 * std::stod(udp5.at("latency_p99_ms")));

  // The plots are drawn by default: PNG files and SVG files with their titles and axis labels.
  const fs::path plots = dir_ / "out" / "plots";
  for (const char* name : {"latency-vs-links.l.loss", "loss-vs-links.l.loss"}) {
    const std::string png = testing::read_file((plots / (std::string(name) + ".png")).string());
    ASSERT_GT(png.size(), 1000U) << name;
    EXPECT_EQ(png.substr(1, 3), "PNG") << name;
  }
  // The latency distributions: 201 quantiles per point, flow and transport, non-decreasing.
  const auto cdf = read_csv((dir_ / "out" / "compare_cdf.csv").string()).rows;
  ASSERT_EQ(cdf.size(), 3U * 2 * 201);
  for (std::size_t i = 1; i < cdf.size(); ++i) {
    if (cdf[i].at("quantile") == "0") continue;
    EXPECT_GE(std::stod(cdf[i].at("latency_ms")), std::stod(cdf[i - 1].at("latency_ms"))) << i;
  }
  EXPECT_TRUE(fs::exists(plots / "latency-cdf-5_.png"));
  const std::string svg = testing::read_file((plots / "loss-vs-links.l.loss.svg").string());
  EXPECT_NE(svg.find("Messages lost in the network, TCP against UDP"), std::string::npos);
  EXPECT_NE(svg.find("links.l.loss (%)"), std::string::npos);
  EXPECT_NE(svg.find("theory: the link's loss (Markov model)"), std::string::npos);
  EXPECT_NE(svg.find("m over udp"), std::string::npos);
}

// The theory column: a Gilbert-Elliott link (p = 1%, r = 20%, half the bad state's packets
// lost) loses π_bad · 0.5 = (0.01/0.21) · 0.5 = 2.381% of datagrams (models/analytic, solved
// with Eigen). 20 replications of 3000 messages: bursts inflate the binomial variance about
// tenfold, so the mean's standard error is near √(0.024 · 10 / 60000) = 0.2%; 0.8% is 4σ.
TEST_F(CompareTest, TheTheoryColumnPredictsUdpLoss) {
  ASSERT_EQ(compare("name: c\nduration: 30s\nreplications: 20\nnodes: {a: {}, b: {}}\n"
                    "links: {l: {between: [a, b], rate: 10Mbps, delay: 10ms,\n"
                    "            loss: {model: gemodel, p: 1%, r: 20%, 1-h: 50%}}}\n"
                    "traffic: {m: {from: a, to: b, size: 100B, interval: 10ms}}\n"),
            kExitOk);
  const auto rows = read_csv((dir_ / "out" / "compare.csv").string()).rows;
  const auto& udp = rows[0].at("transport") == "udp" ? rows[0] : rows[1];
  const auto& tcp = rows[0].at("transport") == "tcp" ? rows[0] : rows[1];
  EXPECT_NEAR(std::stod(udp.at("theory_loss_ratio")), 0.01 / 0.21 * 0.5, 1e-12);
  EXPECT_NEAR(std::stod(udp.at("loss_ratio")), std::stod(udp.at("theory_loss_ratio")), 0.008);
  EXPECT_EQ(tcp.at("theory_loss_ratio"), "");
}

// Request/response both ways: over UDP an exchange is lost with its request or its response,
// 1 − (1 − 2%)² = 3.96% with 2% loss each way; over TCP none is lost. Without loss an exchange
// takes exactly the two datagrams' transmissions and two propagation delays: (100 + 28) and
// (1000 + 28) bytes at 10 Mbit/s, 102.4 µs + 822.4 µs, plus 2 × 10 ms = 20.9248 ms.
// 20 replications of 1500 exchanges: the loss ratio's standard error is 0.1%, 0.5% is 5σ.
TEST_F(CompareTest, RequestResponseOverBothTransports) {
  ASSERT_EQ(compare("name: c\nduration: 30s\nreplications: 20\nnodes: {a: {}, b: {}}\n"
                    "links: {l: {between: [a, b], rate: 10Mbps, delay: 10ms}}\n"
                    "traffic: {rpc: {app: request_response, from: a, to: b, request: 100B,\n"
                    "                response: 1000B, interval: 20ms}}\n"
                    "sweep: {grid: {links.l.loss: [0, 2%]}}\n"),
            kExitOk);
  const auto rows = read_csv((dir_ / "out" / "compare.csv").string()).rows;
  ASSERT_EQ(rows.size(), 4U);
  const auto find = [&](const std::string& loss, const std::string& transport) {
    for (const auto& row : rows) {
      if (row.at("links.l.loss") == loss && row.at("transport") == transport) return row;
    }
    ADD_FAILURE() << loss << " " << transport;
    return rows[0];
  };
  EXPECT_EQ(find("0", "udp").at("latency_max_ms"), "20.9248");
  EXPECT_EQ(find("0", "udp").at("latency_p50_ms"), "20.9248");
  EXPECT_EQ(find("0", "udp").at("loss_ratio"), "0");
  const auto lossy = find("2%", "udp");
  EXPECT_NEAR(std::stod(lossy.at("theory_loss_ratio")), 1 - 0.98 * 0.98, 1e-12);
  EXPECT_NEAR(std::stod(lossy.at("loss_ratio")), 1 - 0.98 * 0.98, 0.005);
  EXPECT_EQ(find("2%", "tcp").at("loss_ratio"), "0");
}

// A `compare:` block: `netsim run` compares, only the flows it names, and can skip the plots.
TEST_F(CompareTest, ACompareBlockMakesRunCompare) {
  std::ofstream(dir_ / "s.yaml") << "name: c\nduration: 5s\nnodes: {a: {}, b: {}}\n"
                                    "links: {l: {between: [a, b], rate: 10Mbps, delay: 5ms}}\n"
                                    "traffic:\n"
                                    "  m: {from: a, to: b, size: 100B, interval: 10ms}\n"
                                    "  n: {from: a, to: b, size: 100B, interval: 50ms}\n"
                                    "compare: {flows: [n], plots: false}\n";
  RunOptions options;
  options.scenario = (dir_ / "s.yaml").string();
  options.output = (dir_ / "out").string();
  options.quiet = true;
  std::ostringstream out, err;
  ASSERT_EQ(run_command(options, out, err), kExitOk) << err.str();
  const auto rows = read_csv((dir_ / "out" / "compare.csv").string()).rows;
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].at("flow"), "n");
  EXPECT_FALSE(fs::exists(dir_ / "out" / "plots"));
  EXPECT_FALSE(fs::exists(dir_ / "out" / "messages.csv"));
}

TEST_F(CompareTest, NeedsAMessageStream) {
  std::string err;
  EXPECT_EQ(compare("name: c\nduration: 5s\nnodes: {a: {}, b: {}}\n"
                    "links: {l: {between: [a, b], rate: 10Mbps}}\n"
                    "traffic: {x: {app: bulk, transport: tcp, from: a, to: b}}\n",
                    nullptr, &err),
            kExitScenarioError);
  EXPECT_NE(err.find("needs a message_stream or request_response flow"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

// A sweep over the compared flow's transport is the comparison itself: it is left out.
TEST_F(CompareTest, ASweptTransportIsTheComparison) {
  ASSERT_EQ(
      compare("name: c\nduration: 5s\nnodes: {a: {}, b: {}}\n"
              "links: {l: {between: [a, b], rate: 10Mbps}}\n"
              "traffic: {m: {from: a, to: b, size: 100B, interval: 10ms}}\n"
              "sweep: {grid: {traffic.m.transport: [udp, tcp], links.l.delay: [1ms, 9ms]}}\n"),
      kExitOk);
  const auto csv = read_csv((dir_ / "out" / "compare.csv").string());
  EXPECT_EQ(csv.header.at(0), "links.l.delay");
  EXPECT_EQ(csv.rows.size(), 4U);  // 2 delays × 2 transports
}

// A single run's folder: latency CDFs and TCP's cwnd and RTT over time.
TEST_F(CompareTest, PlotDrawsASingleRun) {
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/tcp-handshake-loss.yaml";
  options.output = (dir_ / "run").string();
  options.quiet = true;
  std::ostringstream out, err;
  ASSERT_EQ(run_command(options, out, err), kExitOk) << err.str();
  ASSERT_EQ(plot_command((dir_ / "run").string(), out, err), kExitOk) << err.str();
  for (const char* name : {"latency-cdf", "tcp-cwnd", "tcp-rtt"}) {
    EXPECT_TRUE(fs::exists(dir_ / "run" / "plots" / (std::string(name) + ".png"))) << name;
    EXPECT_TRUE(fs::exists(dir_ / "run" / "plots" / (std::string(name) + ".gp"))) << name;
  }
  const std::string svg = testing::read_file((dir_ / "run" / "plots" / "latency-cdf.svg").string());
  EXPECT_NE(svg.find("chat-udp (udp)"), std::string::npos);
  EXPECT_NE(svg.find("chat-tcp (tcp)"), std::string::npos);
  EXPECT_NE(svg.find("latency (ms, log scale)"), std::string::npos);
  // A folder with nothing to draw is an error, not an empty plots/.
  fs::create_directories(dir_ / "empty");
  EXPECT_EQ(plot_command((dir_ / "empty").string(), out, err), kExitFailure);
}

}  // namespace
}  // namespace netsim::cli
