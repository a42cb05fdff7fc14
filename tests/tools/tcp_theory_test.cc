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

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/analytic/handshake_model.h"
#include "models/analytic/tcp_throughput.h"
#include "tests/tools/csv_reader.h"
#include "tools/netsim/commands.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;

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
  const analytic::TcpPath path{1460, rtt, p, 2, 1.0, {}};
  EXPECT_GE(goodput, analytic::pftk_throughput_bps(path) * 1e-6) << "p " << p << " rtt " << rtt;
  EXPECT_LE(goodput, analytic::mathis_throughput_bps(path) * 1e-6) << "p " << p << " rtt " << rtt;
}

// Checked by hand with seeds 1-5: inside the bracket every time, 3-7% above PFTK and 4-7% below
// Mathis at 0.5%, 4-8% above PFTK and 12-15% below Mathis at 1%, 13-18% above PFTK and 18-22%
// below Mathis at 2%.
INSTANTIATE_TEST_SUITE_P(LossRates, TcpTheoryTest, ::testing::Values(0.005, 0.01, 0.02));

// Connection setup under SYN loss against the absorbing Markov chain (models/analytic): 3000
// replications of one handshake with 30% of the SYNs lost (the rfc preset: SYN timeout 1 s,
// doubling, 6 retries). The chain is exact when only SYNs are lost, so the share of handshakes
// completed by the 1st, 2nd, 3rd SYN must be its probabilities within binomial noise: 4σ of
// √(q(1 − q)/3000), 0.034 at most; and the mean within 4 standard errors.
TEST(HandshakeTheory, SetupTimesFollowTheBackoffChain) {
  const fs::path dir =
      fs::temp_directory_path() / ("netsim-handshake-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "s.yaml")
      << "name: handshake\nseed: 4\nduration: 70s\nreplications: 3000\n"
         "nodes: {c: {}, s: {}}\n"
         "links: {l: {between: [c, s], rate: 100Mbps, delay: 10ms, forward: {loss: 30%}}}\n"
         "tcp: {preset: rfc}\n"
         "traffic: {x: {app: bulk, transport: tcp, from: c, to: s, bytes: 100B}}\n"
         "reports: {timeseries: off}\n";
  RunOptions options;
  options.scenario = (dir / "s.yaml").string();
  options.output = (dir / "out").string();
  options.quiet = true;
  options.jobs = 2;
  std::ostringstream out, err;
  ASSERT_EQ(run_command(options, out, err), kExitOk) << err.str();
  std::vector<double> times;
  int never = 0;  // all seven SYNs lost (0.3⁷: 0.7 of 3000 expected), or still trying at 70 s
  for (const auto& row : testing::read_csv((dir / "out" / "replications.csv").string()).rows) {
    const std::string& ms = row.at("handshake_ms");
    if (ms.empty()) {
      ++never;
    } else {
      times.push_back(std::stod(ms) / 1000);
    }
  }
  fs::remove_all(dir);
  ASSERT_EQ(times.size() + never, 3000U);
  EXPECT_LE(never, 5);
  // The lossless handshake: SYN and SYN-ACK across 10 ms each way (plus transmission).
  const double rtt = *std::min_element(times.begin(), times.end());
  EXPECT_NEAR(rtt, 0.02, 0.0001);

  const analytic::HandshakeModel model({0.3, 0, rtt, 1, 60, 6});
  double mean = 0;
  for (const double t : times) mean += t / static_cast<double>(times.size());
  double variance = 0;
  for (const auto& o : model.outcomes()) {
    variance += o.probability * std::pow(o.time_s - model.mean_setup_time_s(), 2);
  }
  EXPECT_NEAR(mean, model.mean_setup_time_s(), 4 * std::sqrt(variance / 3000));
  EXPECT_NEAR(model.success_probability(), 1 - std::pow(0.3, 7), 1e-12);
  for (const auto& o : model.outcomes()) {
    if (o.attempt > 3) break;
    const double share =
        static_cast<double>(std::count_if(
            times.begin(), times.end(), [&](double t) { return std::abs(t - o.time_s) < 1e-4; })) /
        3000;
    EXPECT_NEAR(share, o.probability, 4 * std::sqrt(o.probability * (1 - o.probability) / 3000))
        << "SYN " << o.attempt << " at " << o.time_s << " s";
  }
}

}  // namespace
}  // namespace netsim::cli
