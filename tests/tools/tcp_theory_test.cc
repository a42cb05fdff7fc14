// A long-lived NewReno flow under random loss, against the two classic analytic models of TCP
// throughput (PROTOCOLS.md §4): it must land between PFTK (Padhye, Firoiu, Towsley, Kurose 1998,
// which counts the time lost to timeouts) and Mathis et al. 1997 (congestion avoidance only,
// no timeouts), both computed for the run's own RTT, MSS and ACK ratio.
//
// The link is fast (100 Mbit/s) and the windows large (4 MB), so neither the link nor flow control
// limits the flow: only loss does, as both models assume. RTT is 100 ms of propagation.
//
// What p is: the link's random loss probability, as the issue states the experiment. Both papers
// define p as the rate of loss *indications* (one per window however many of its packets were
// lost); with independent losses at these rates the two differ by 8-15%, and computed from the
// run's indications (fast retransmits + timeouts per segment) the flow lands 1-2% below PFTK's
// curve: the models treat the window as continuous, while a sender can only have whole segments
// in flight (cwnd 12.85 segments sends 12, and ssthresh halves those 12). docs/validation.md has
// both comparisons.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/tools/csv_reader.h"
#include "tools/netsim/commands.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;

struct Prediction {
  double mathis_mbps;
  double pftk_mbps;
};

// Mathis: B = (MSS/RTT)·C/√p with C = √(3/(2b)). PFTK (its full-model approximation, eq. 33):
// B = 1 / (RTT·√(2bp/3) + T0·min(1, 3·√(3bp/8))·p·(1 + 32p²)) packets per second; W_max does
// not bind here (4 MB windows).
Prediction predict(double mss_bytes, double rtt_s, double p, double b, double t0_s) {
  const double mss_bits = mss_bytes * 8;
  const double mathis = mss_bits / rtt_s * std::sqrt(3 / (2 * b)) / std::sqrt(p);
  const double pftk =
      mss_bits / (rtt_s * std::sqrt(2 * b * p / 3) +
                  t0_s * std::min(1.0, 3 * std::sqrt(3 * b * p / 8)) * p * (1 + 32 * p * p));
  return {mathis * 1e-6, pftk * 1e-6};
}

class TcpTheoryTest : public ::testing::TestWithParam<double> {};

TEST_P(TcpTheoryTest, NewRenoLandsBetweenPftkAndMathis) {
  const double loss = GetParam();
  const fs::path dir =
      fs::temp_directory_path() / ("netsim-theory-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(static_cast<int>(loss * 1000)));
  fs::create_directories(dir);
  std::ostringstream yaml;
  yaml << "name: theory\nseed: 1\nduration: 1000s\nnodes: {a: {}, b: {}}\n"
          "links:\n  wire: {between: [a, b], rate: 100Mbps, delay: 50ms, queue: 1000 packets, "
          "forward: {loss: "
       << loss * 100
       << "%}}\n"
          "traffic:\n  bulk: {app: bulk, transport: tcp, from: a, to: b,"
          " tcp: {preset: rfc, congestion: newreno, receive_buffer: 4MB, send_buffer: 4MB}}\n"
          "reports: {timeseries: off}\n";
  std::ofstream(dir / "s.yaml") << yaml.str();
  RunOptions options;
  options.scenario = (dir / "s.yaml").string();
  options.output = (dir / "out").string();
  options.quiet = true;
  std::ostringstream out, err;
  ASSERT_EQ(run_command(options, out, err), kExitOk) << err.str();

  std::map<std::string, std::string> sender, receiver;
  for (const auto& row : testing::read_csv((dir / "out" / "flows.csv").string()).rows) {
    (row.at("role") == "client" ? sender : receiver) = row;
  }
  fs::remove_all(dir);
  const double goodput = std::stod(receiver.at("goodput_mbps"));
  const double rtt = std::stod(sender.at("rtt_mean_ms")) / 1000;
  const double sent = std::stod(sender.at("segments_sent"));
  const double indications =
      std::stod(sender.at("fast_retransmits")) + std::stod(sender.at("timeouts"));
  // Indications are the losses less those that shared a window with an earlier one: with
  // W ≈ 10-20 segments that is a fraction ≈ W·p of them, at most ~40% at p = 2%.
  EXPECT_LE(indications / sent, loss);
  EXPECT_GE(indications / sent, 0.6 * loss);
  const double p = loss;
  // b = 2: the receiver ACKs every second segment (RFC 5681 §4.2). T0 = 1 s: the RTO is
  // max(1 s, SRTT + 4·RTTVAR) (RFC 6298 (2.4)) and SRTT + 4·RTTVAR is far below 1 s here.
  const Prediction model = predict(1460, rtt, p, 2, 1.0);
  EXPECT_GE(goodput, model.pftk_mbps) << "p " << p << " rtt " << rtt;
  EXPECT_LE(goodput, model.mathis_mbps) << "p " << p << " rtt " << rtt;
}

// Checked by hand with seeds 1-5: inside the bracket every time, 3-7% above PFTK and 4-7% below
// Mathis at 0.5%, 4-8% above PFTK and 12-15% below Mathis at 1%, 13-18% above PFTK and 18-22%
// below Mathis at 2%.
INSTANTIATE_TEST_SUITE_P(LossRates, TcpTheoryTest, ::testing::Values(0.005, 0.01, 0.02));

}  // namespace
}  // namespace netsim::cli
