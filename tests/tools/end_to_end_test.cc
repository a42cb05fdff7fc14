// The bundled quickstart scenario, run end to end through the `run` command: the CSV files agree
// with each other, with the scenario and with the link model, and a seed reproduces them exactly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <sstream>

#include "tests/tools/csv_reader.h"
#include "tools/netsim/commands.h"
#include "tools/report/flow_summary.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;
using testing::read_csv;
using testing::read_file;

const std::string kQuickstart = std::string(NETSIM_SOURCE_DIR) + "/scenarios/quickstart.yaml";

class QuickstartTest : public ::testing::Test {
 protected:
  static fs::path run_into(const std::string& name,
                           std::optional<std::uint64_t> seed = std::nullopt) {
    const fs::path dir =
        fs::temp_directory_path() / ("netsim-e2e-" + std::to_string(::getpid())) / name;
    RunOptions options;
    options.scenario = kQuickstart;
    options.output = dir.string();
    options.seed = seed;
    options.quiet = true;
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(run_command(options, out, err), kExitOk) << err.str();
    EXPECT_EQ(out.str(), "");  // --quiet
    return dir;
  }
  static void TearDownTestSuite() {
    fs::remove_all(fs::temp_directory_path() / ("netsim-e2e-" + std::to_string(::getpid())));
  }
};

TEST_F(QuickstartTest, SummaryAgreesWithMessagesAndTheScenario) {
  const fs::path dir = run_into("a");
  const auto summary = read_csv((dir / "summary.csv").string());
  const auto messages = read_csv((dir / "messages.csv").string());

  const std::vector<std::string> required{
      "flow",           "transport",      "sent",           "delivered",      "delivery_ratio",
      "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "latency_max_ms", "goodput_mbps"};
  ASSERT_GE(summary.header.size(), required.size());
  EXPECT_TRUE(std::equal(required.begin(), required.end(), summary.header.begin()));
  EXPECT_EQ(messages.header,
            (std::vector<std::string>{"flow", "seq", "sent_ns", "received_ns", "latency_ns",
                                      "delivered", "fate", "head_of_line_ns"}));
  ASSERT_EQ(summary.rows.size(), 3u);
  EXPECT_EQ(summary.rows[0].at("flow"), "telemetry");
  EXPECT_EQ(summary.rows[1].at("flow"), "video");
  EXPECT_EQ(summary.rows[2].at("flow"), "control");
  // Telemetry: one message every 10 ms for 10 s, at 0, 10, ..., 9990 ms.
  EXPECT_EQ(summary.rows[0].at("sent"), "1000");

  std::uint64_t total_sent = 0;
  std::uint64_t total_link_loss = 0;
  for (const auto& row : summary.rows) {
    const std::string& flow = row.at("flow");
    EXPECT_EQ(row.at("transport"), "udp");
    std::vector<std::int64_t> latencies;
    std::uint64_t sent = 0;
    std::uint64_t link_loss = 0;
    std::uint64_t in_flight = 0;
    for (const auto& m : messages.rows) {
      if (m.at("flow") != flow) continue;
      ASSERT_EQ(m.at("seq"), std::to_string(sent)) << "messages of a flow are in order";
      ++sent;
      if (m.at("delivered") == "true") {
        const std::int64_t latency = std::stoll(m.at("latency_ns"));
        EXPECT_EQ(latency, std::stoll(m.at("received_ns")) - std::stoll(m.at("sent_ns")));
        // Nothing beats propagation + the message's own serialization on the 10 Mbit/s link.
        const std::int64_t payload = flow == "telemetry" ? 200 : flow == "video" ? 1200 : 100;
        EXPECT_GE(latency, 20'000'000 + (payload + 28) * 800);
        latencies.push_back(latency);
        EXPECT_EQ(m.at("fate"), "delivered");
      } else {
        EXPECT_EQ(m.at("received_ns"), "");
        EXPECT_EQ(m.at("latency_ns"), "");
        link_loss += m.at("fate") == "link_loss";
        in_flight += m.at("fate") == "in_flight";
      }
    }
    EXPECT_EQ(row.at("sent"), std::to_string(sent));
    EXPECT_EQ(row.at("delivered"), std::to_string(latencies.size()));
    EXPECT_EQ(row.at("link_loss"), std::to_string(link_loss));
    EXPECT_EQ(row.at("in_flight"), std::to_string(in_flight));
    if (flow == "telemetry") {
      EXPECT_GT(in_flight, 0u) << "messages sent at 9.98 s and 9.99 s are still travelling at 10 s";
    }
    // The percentiles, recomputed independently from messages.csv.
    std::sort(latencies.begin(), latencies.end());
    EXPECT_NEAR(std::stod(row.at("latency_p50_ms")), report::quantile(latencies, 0.50) / 1e6, 1e-6);
    EXPECT_NEAR(std::stod(row.at("latency_p99_ms")), report::quantile(latencies, 0.99) / 1e6, 1e-6);
    EXPECT_NEAR(std::stod(row.at("latency_max_ms")), latencies.back() / 1e6, 1e-6);
    total_sent += sent;
    total_link_loss += link_loss;
  }
  // Telemetry shares the uplink with ~80%-load Poisson video, so it queues at times.
  EXPECT_GT(std::stod(summary.rows[0].at("latency_p99_ms")),
            std::stod(summary.rows[0].at("latency_p50_ms")));
  // Loss on the wire is Bernoulli(1%) per packet: with n ≈ 7,800 packets the count has sd
  // sqrt(n·0.01·0.99) ≈ 8.8; the tolerance is 5 sd.
  const double n = static_cast<double>(total_sent);
  EXPECT_NEAR(static_cast<double>(total_link_loss), 0.01 * n, 5 * std::sqrt(n * 0.01 * 0.99));

  const std::string json = read_file((dir / "run.json").string());
  EXPECT_NE(json.find("\"seed\": 42"), std::string::npos);
  EXPECT_NE(json.find("\"scenario_sha256\": \""), std::string::npos);
  EXPECT_NE(json.find("\"events_executed\": "), std::string::npos);
  EXPECT_NE(json.find("\"netsim_version\": \""), std::string::npos);
}

// links.csv: the accounting identities, up to what was still queued or travelling at the end.
TEST_F(QuickstartTest, LinkAccountingAddsUp) {
  const fs::path dir = run_into("links");
  const auto links = read_csv((dir / "links.csv").string());
  ASSERT_EQ(links.rows.size(), 2u);  // one link, two directions
  for (const auto& l : links.rows) {
    const auto n = [&](const char* column) { return std::stoll(l.at(column)); };
    const std::int64_t not_sent =
        n("offered_packets") - n("queue_drops") - n("transmitted_packets");
    EXPECT_GE(not_sent, 0);
    EXPECT_LE(not_sent, n("max_queue_packets") + 1);  // still queued or being sent at 10 s
    const std::int64_t travelling = n("transmitted_packets") + n("duplicated_packets") -
                                    n("lost_packets") - n("delivered_packets");
    EXPECT_GE(travelling, 0);
    EXPECT_LE(travelling, 110);  // 20 ms of propagation holds at most ~110 packets at 10 Mbit/s
    EXPECT_EQ(n("ip_header_bytes"), 20 * n("transmitted_packets"));
    EXPECT_EQ(n("transport_header_bytes"), 8 * n("transmitted_packets"));
    EXPECT_EQ(n("transmitted_bytes"),
              n("ip_header_bytes") + n("transport_header_bytes") + n("payload_bytes"));
    const double utilization = std::stod(l.at("utilization"));
    EXPECT_GT(utilization, 0);
    EXPECT_LT(utilization, 1);
  }
  // The uplink is busy for what is offered to it: telemetry 228 B every 10 ms (0.18 Mbit/s) plus
  // video 1228 B every 1.5 ms on average (6.55 Mbit/s), 6.73 of 10 Mbit/s; the Poisson count
  // over 10 s varies by about 1.2%, so 0.05 is several standard deviations.
  EXPECT_NEAR(std::stod(links.rows[0].at("utilization")), 0.67, 0.05);
}

// Every bundled scenario runs (so none rots) and accounts for every message.
TEST_F(QuickstartTest, EveryBundledScenarioRuns) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(NETSIM_SOURCE_DIR) / "scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    const fs::path dir = fs::temp_directory_path() / ("netsim-e2e-" + std::to_string(::getpid())) /
                         ("bundled-" + entry.path().stem().string());
    RunOptions options;
    options.scenario = entry.path().string();
    options.output = dir.string();
    options.quiet = true;
    std::ostringstream out, err;
    ASSERT_EQ(run_command(options, out, err), kExitOk) << entry.path() << ": " << err.str();
    // A study (sweep or replications) has a row per run in sweep.csv or replications.csv.
    fs::path rows_file = dir / "summary.csv";
    for (const char* file : {"sweep.csv", "replications.csv"}) {
      if (fs::exists(dir / file)) rows_file = dir / file;
    }
    const auto summary = read_csv(rows_file.string());
    // A scenario of Socket.IO applications alone has no flows, but its clients have rows.
    const bool realtime_only = summary.rows.empty() && fs::exists(dir / "realtime_clients.csv");
    if (realtime_only) {
      EXPECT_FALSE(read_csv((dir / "realtime_clients.csv").string()).rows.empty()) << entry.path();
    }
    EXPECT_TRUE(realtime_only || !summary.rows.empty()) << entry.path();
    for (const auto& row : summary.rows) {
      std::uint64_t accounted = std::stoull(row.at("delivered")) + std::stoull(row.at("in_flight"));
      for (std::size_t r = 0; r < net::kDropReasonCount; ++r) {
        accounted +=
            std::stoull(row.at(std::string(net::to_string(static_cast<net::DropReason>(r)))));
      }
      EXPECT_EQ(accounted, std::stoull(row.at("sent"))) << entry.path() << " " << row.at("flow");
    }
  }
  EXPECT_GE(count, 5);
}

TEST_F(QuickstartTest, SameSeedGivesByteIdenticalCsvs) {
  const fs::path a = run_into("same-1");
  const fs::path b = run_into("same-2");
  for (const char* file : {"summary.csv", "messages.csv", "links.csv"}) {
    EXPECT_EQ(read_file((a / file).string()), read_file((b / file).string())) << file;
  }
  const fs::path c = run_into("other-seed", 7);
  EXPECT_NE(read_file((a / "messages.csv").string()), read_file((c / "messages.csv").string()));
  EXPECT_NE(read_file((c / "run.json").string()).find("\"seed\": 7"), std::string::npos);
}

TEST_F(QuickstartTest, ARerunReplacesTheFolder) {
  const fs::path dir = run_into("rerun");
  std::ofstream(dir / "stale.txt") << "from an older run";
  run_into("rerun");
  EXPECT_FALSE(fs::exists(dir / "stale.txt"));
  EXPECT_TRUE(fs::exists(dir / "summary.csv"));
}

}  // namespace
}  // namespace netsim::cli
