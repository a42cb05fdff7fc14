// Replications and sweeps through the `run` command: confidence intervals on a scenario whose
// answer is known, results independent of the thread count, and Ctrl-C leaving a consistent,
// marked-partial results folder.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "tests/tools/csv_reader.h"
#include "tests/tools/netsim_process.h"
#include "tools/netsim/commands.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;
using testing::read_csv;
using testing::read_file;

class StudyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("netsim-study-cli-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }
  int run(RunOptions options, std::string* err_text = nullptr) {
    options.quiet = true;
    std::ostringstream out, err;
    const int status = run_command(options, out, err);
    if (err_text != nullptr) *err_text = err.str();
    return status;
  }
  fs::path dir_;
};

// 1000 datagrams through 10% random loss, 30 replications. Each replication's delivery ratio is
// binomial: mean 0.9, standard deviation √(0.9·0.1/1000) = 0.009487.
constexpr const char* kLossy =
    "name: lossy\n"
    "seed: 5\n"
    "duration: 2s\n"
    "replications: 30\n"
    "nodes: {a: {}, b: {}}\n"
    "links: {l: {between: [a, b], rate: 10Mbps, delay: 1ms, loss: 10%}}\n"
    "traffic: {t: {from: a, to: b, size: 100B, interval: 1ms, stop: 1s}}\n";

TEST_F(StudyCliTest, ReplicationsEstimateAKnownLossRate) {
  RunOptions options;
  options.scenario = write("lossy.yaml", kLossy);
  options.output = (dir_ / "out").string();
  options.jobs = 2;
  ASSERT_EQ(run(options), kExitOk);
  const auto runs = read_csv((dir_ / "out" / "replications.csv").string());
  ASSERT_EQ(runs.rows.size(), 30U);
  std::set<std::string> delivered;
  for (std::size_t r = 0; r < 30; ++r) {
    EXPECT_EQ(runs.rows[r].at("replication"), std::to_string(r));
    EXPECT_EQ(runs.rows[r].at("seed"), "5");
    EXPECT_EQ(runs.rows[r].at("sent"), "1000");
    delivered.insert(runs.rows[r].at("delivered"));
  }
  // Independent streams: the replications do not repeat one another.
  EXPECT_GE(delivered.size(), 10U);

  const auto summary = read_csv((dir_ / "out" / "summary.csv").string());
  const std::map<std::string, std::string>* ratio = nullptr;
  for (const auto& row : summary.rows) {
    if (row.at("metric") == "delivery_ratio") ratio = &row;
  }
  ASSERT_NE(ratio, nullptr);
  EXPECT_EQ(ratio->at("n"), "30");
  const double mean = std::stod(ratio->at("mean"));
  const double sd = std::stod(ratio->at("sd"));
  constexpr double kSigma = 0.009487;
  // The mean of 30 is within 4 standard errors (4 · 0.009487 / √30 = 0.0069) of 0.9.
  EXPECT_NEAR(mean, 0.9, 4 * kSigma / std::sqrt(30.0));
  // A sample standard deviation of 30 normal values has a relative standard error of
  // 1/√(2·29) = 13%; ±50% is almost 4 of them.
  EXPECT_NEAR(sd, kSigma, 0.5 * kSigma);
  // The interval is mean ± t(0.975, 29)·sd/√30, t = 2.04523 (Student's t table).
  EXPECT_NEAR(std::stod(ratio->at("ci95_high")) - mean, 2.04523 * sd / std::sqrt(30.0), 1e-7);
  EXPECT_NEAR(mean - std::stod(ratio->at("ci95_low")), 2.04523 * sd / std::sqrt(30.0), 1e-7);

  // Replication 0 is the single run of the same seed.
  options.output = (dir_ / "single").string();
  std::string single_text = kLossy;
  single_text.replace(single_text.find("replications: 30"), 16, "replications: 1");
  options.scenario = write("single.yaml", single_text);
  ASSERT_EQ(run(options), kExitOk);
  const auto single = read_csv((dir_ / "single" / "summary.csv").string());
  EXPECT_EQ(single.rows.at(0).at("delivered"), runs.rows[0].at("delivered"));
}

TEST_F(StudyCliTest, ResultsAreByteIdenticalForAnyNumberOfJobs) {
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/loss-sweep.yaml";
  options.sets = {"duration=5s", "replications=3"};
  options.jobs = 1;
  options.output = (dir_ / "j1").string();
  ASSERT_EQ(run(options), kExitOk);
  options.jobs = 4;
  options.output = (dir_ / "j4").string();
  ASSERT_EQ(run(options), kExitOk);
  for (const char* file : {"summary.csv", "sweep.csv"}) {
    const std::string one = read_file((dir_ / "j1" / file).string());
    EXPECT_GT(one.size(), 1000U) << file;
    EXPECT_EQ(one, read_file((dir_ / "j4" / file).string())) << file;
  }
  const auto sweep = read_csv((dir_ / "j1" / "sweep.csv").string());
  EXPECT_EQ(sweep.header.at(0), "links.access.loss");
  EXPECT_EQ(sweep.header.at(1), "traffic.chat.transport");
  EXPECT_EQ(sweep.rows.size(), 5U * 2 * 3);  // loss values × transports × replications
}

TEST_F(StudyCliTest, RunJsonRecordsTheScenarioAsRun) {
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  options.sets = {"links.uplink.loss=5%", "duration=2s"};
  options.output = (dir_ / "q").string();
  ASSERT_EQ(run(options), kExitOk);
  const std::string json = read_file((dir_ / "q" / "run.json").string());
  EXPECT_NE(json.find("\"loss\": \"5%\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"duration\": \"2s\""), std::string::npos);
  EXPECT_NE(json.find("\"partial\": false"), std::string::npos);
  EXPECT_NE(json.find("\"git_revision\": \""), std::string::npos);
  EXPECT_NE(json.find("\"peak_memory_mib\": "), std::string::npos);
  EXPECT_NE(json.find("\"duration_ns\": 2000000000"), std::string::npos);
}

// run.json's "resolved" is a complete scenario (JSON is YAML) that reruns to the same bytes.
TEST_F(StudyCliTest, TheResolvedScenarioReproducesTheRun) {
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/tcp-handshake-loss.yaml";
  options.sets = {"duration=25s"};  // past its fault at 20 s
  options.output = (dir_ / "original").string();
  ASSERT_EQ(run(options), kExitOk);
  const std::string json = read_file((dir_ / "original" / "run.json").string());
  const std::size_t at = json.find("\"resolved\": ");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = json.rfind('}', json.rfind('}') - 1);  // the object before the last }
  const std::string resolved = json.substr(at + 12, end - (at + 12) + 1);
  EXPECT_EQ(resolved.find("preset"), std::string::npos) << "every TCP key is explicit";

  RunOptions again;
  again.scenario = write("resolved.yaml", resolved);
  again.output = (dir_ / "again").string();
  std::string err;
  ASSERT_EQ(run(again, &err), kExitOk) << err;
  for (const char* file : {"summary.csv", "messages.csv", "flows.csv", "links.csv"}) {
    EXPECT_EQ(read_file((dir_ / "original" / file).string()),
              read_file((dir_ / "again" / file).string()))
        << file;
  }
}

// reports.messages: false writes no messages.csv and the same summary.
TEST_F(StudyCliTest, MessageRowsCanBeTurnedOff) {
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/quickstart.yaml";
  options.output = (dir_ / "with").string();
  ASSERT_EQ(run(options), kExitOk);
  options.sets = {"reports.messages=false"};
  options.output = (dir_ / "without").string();
  ASSERT_EQ(run(options), kExitOk);
  EXPECT_TRUE(fs::exists(dir_ / "with" / "messages.csv"));
  EXPECT_FALSE(fs::exists(dir_ / "without" / "messages.csv"));
  EXPECT_EQ(read_file((dir_ / "with" / "summary.csv").string()),
            read_file((dir_ / "without" / "summary.csv").string()));
  // No part files are left behind in the folder.
  for (const auto& entry : fs::directory_iterator(dir_ / "with")) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".")) << entry.path();
  }
}

// chat-room.yaml with carol's mobile link cut at 49 s for 10, 30 or 150 s (the scenario's comments
// give the timeline). 10 s: TCP's retransmission bridges the cut (the link is back at 59 s,
// before the retry at ~65 s), nobody disconnects, nothing is missed. 30 s: carol's heartbeat
// gives up at ~70 s; she reconnects at ~79 s and connection state recovery replays the news she
// missed, ~28 s late. 150 s: the link stays down to the end (120 s): the news sent while her
// connection was dying is lost in flight, and after the server's ping timeout it is not sent.
TEST_F(StudyCliTest, RealtimeSweepReportsEachRecipientPerPoint) {
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/chat-room.yaml";
  options.sets = {"sweep.grid.faults.0.duration=[10s, 30s, 150s]"};
  options.output = (dir_ / "rt").string();
  options.quiet = false;
  std::ostringstream out, err;
  ASSERT_EQ(run_command(options, out, err), kExitOk) << err.str();
  EXPECT_NE(out.str().find("recipient  kind"), std::string::npos) << out.str();

  const auto sweep = read_csv((dir_ / "rt" / "realtime_sweep.csv").string());
  EXPECT_EQ(sweep.header.at(0), "faults.0.duration");
  ASSERT_EQ(sweep.rows.size(), 3U * 5);  // points × (alice, bob, carol, guest, chat)
  const auto row = [&](const std::string& duration, const std::string& recipient) {
    for (const auto& r : sweep.rows) {
      if (r.at("faults.0.duration") == duration && r.at("recipient") == recipient) return r;
    }
    ADD_FAILURE() << "no row " << duration << " " << recipient;
    return std::map<std::string, std::string>{};
  };
  const auto number = [&](const std::string& duration, const std::string& recipient,
                          const std::string& metric) {
    return std::stod(row(duration, recipient).at(metric));
  };
  EXPECT_EQ(row("10s", "guest").at("strategy"), "none");  // the scenario as written
  EXPECT_EQ(row("10s", "guest").at("kind"), "client");
  EXPECT_EQ(row("10s", "chat").at("kind"), "server");
  EXPECT_EQ(row("10s", "chat").at("latency_p50_ms"), "");  // a client figure: undefined

  for (const char* d : {"10s", "30s", "150s"}) {
    // alice and bob are not on the mobile link: every news for them is handled.
    EXPECT_EQ(number(d, "alice", "missed"), 0) << d;
    EXPECT_EQ(number(d, "bob", "intended"), number(d, "bob", "handled")) << d;
    // carol's page stays open the whole run: the same news are meant for her.
    EXPECT_EQ(number(d, "carol", "intended"), number("10s", "carol", "intended")) << d;
  }
  EXPECT_EQ(number("10s", "carol", "missed"), 0);
  EXPECT_EQ(number("10s", "carol", "reconnections"), 0);
  EXPECT_EQ(number("30s", "carol", "missed"), 0);
  EXPECT_EQ(number("30s", "carol", "reconnections"), 1);
  EXPECT_EQ(number("30s", "carol", "recovered_connects"), 1);
  EXPECT_GT(number("30s", "carol", "recovered"), 0);  // deliveries replayed by recovery
  EXPECT_GT(number("30s", "carol", "latency_max_ms"), 25'000);
  EXPECT_GT(number("150s", "carol", "lost_in_flight"), 0);
  EXPECT_GT(number("150s", "carol", "not_sent_disconnected"), 0);
  EXPECT_EQ(number("150s", "carol", "missed"),
            number("150s", "carol", "unhandled") + number("150s", "carol", "lost_in_flight") +
                number("150s", "carol", "not_sent_disconnected") +
                number("150s", "carol", "volatile_dropped"));
  EXPECT_EQ(number("150s", "carol", "connected_at_end"), 0);

  // One replication per point: each summary row is that run's value, n = 1.
  const auto summary = read_csv((dir_ / "rt" / "realtime_summary.csv").string());
  bool found = false;
  for (const auto& r : summary.rows) {
    if (r.at("faults.0.duration") != "150s" || r.at("recipient") != "carol" ||
        r.at("metric") != "missed") {
      continue;
    }
    found = true;
    EXPECT_EQ(r.at("n"), "1");
    EXPECT_EQ(std::stod(r.at("mean")), number("150s", "carol", "missed"));
  }
  EXPECT_TRUE(found);
}

// late-joiner.yaml's mitigations under replications: each replication runs every strategy on
// its own random streams, and the summary gives each strategy's mean over replications.
// listeners_first registers every listener before connecting, so nothing can arrive
// unhandled; on_any adds a listener that sees everything but is not a buffer, so it saves
// nothing (models/scenario/mitigation.h).
TEST_F(StudyCliTest, RealtimeReplicationsCompareTheMitigations) {
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/late-joiner.yaml";
  options.sets = {"replications=2"};
  options.output = (dir_ / "lj").string();
  ASSERT_EQ(run(options), kExitOk);
  const auto runs = read_csv((dir_ / "lj" / "realtime_replications.csv").string());
  std::map<std::string, std::map<std::string, double>> unhandled, missed;  // replication 0
  std::set<std::string> strategies;
  for (const auto& r : runs.rows) {
    strategies.insert(r.at("strategy"));
    if (r.at("replication") != "0") continue;
    unhandled[r.at("strategy")][r.at("recipient")] = std::stod(r.at("unhandled"));
    missed[r.at("strategy")][r.at("recipient")] = std::stod(r.at("missed"));
  }
  EXPECT_EQ(strategies,
            (std::set<std::string>{"none", "listeners_first", "on_any", "state_recovery",
                                   "server_replay", "listeners_first+state_recovery"}));
  double unhandled_as_written = 0;
  for (const auto& [recipient, n] : unhandled.at("none")) unhandled_as_written += n;
  EXPECT_GT(unhandled_as_written, 0);  // the scenario's late listeners
  for (const auto& [recipient, n] : unhandled.at("listeners_first")) {
    EXPECT_EQ(n, 0) << recipient;
  }
  EXPECT_EQ(missed.at("on_any"), missed.at("none"));

  const auto summary = read_csv((dir_ / "lj" / "realtime_summary.csv").string());
  std::size_t rows = 0;
  for (const auto& r : summary.rows) {
    if (r.at("metric") != "intended") continue;
    ++rows;
    EXPECT_EQ(r.at("n"), "2") << r.at("strategy") << " " << r.at("recipient");
  }
  EXPECT_EQ(rows, runs.rows.size() / 2);  // one per strategy and recipient

  // Replication 0 is the single run (same seed): summed over recipients, each strategy's rows
  // give its line of the single run's mitigations.csv.
  options.sets = {};
  options.output = (dir_ / "single").string();
  ASSERT_EQ(run(options), kExitOk);
  for (const auto& line : read_csv((dir_ / "single" / "mitigations.csv").string()).rows) {
    double sum_missed = 0;
    for (const auto& [recipient, n] : missed.at(line.at("strategy"))) sum_missed += n;
    EXPECT_EQ(sum_missed, std::stod(line.at("missed"))) << line.at("strategy");
  }
}

TEST_F(StudyCliTest, PcapIsRefusedForStudies) {
  RunOptions options;
  options.scenario = write("lossy.yaml", kLossy);
  options.output = (dir_ / "out").string();
  options.pcap = true;
  std::string err;
  EXPECT_EQ(run(options, &err), kExitScenarioError);
  EXPECT_NE(err.find("--pcap captures a single run"), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

// Ctrl-C in the middle of a long sweep: the folder appears, marked partial, holding exactly the
// points that completed, and the exit status is 130.
TEST_F(StudyCliTest, InterruptionLeavesAConsistentMarkedPartialFolder) {
  // 400 points of a 20-second TCP bulk transfer: far longer than the second it is given.
  const std::string scenario =
      write("long.yaml",
            "name: long\nduration: 20s\nreplications: 2\nnodes: {a: {}, b: {}}\n"
            "links: {l: {between: [a, b], rate: 50Mbps, delay: 5ms}}\n"
            "traffic: {bulk: {app: bulk, transport: tcp, from: a, to: b}}\n"
            "sweep: {grid: {links.l.loss: {from: 0, to: 3.99%, step: 0.01%}}}\n");
  const fs::path out = dir_ / "out";
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    execl(NETSIM_BINARY, NETSIM_BINARY, "run", scenario.c_str(), "-o", out.c_str(), "-j", "2",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(kill(child, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kExitInterrupted);

  const std::string json = read_file((out / "run.json").string());
  EXPECT_NE(json.find("\"partial\": true"), std::string::npos) << json;
  const std::size_t at = json.find("\"points_completed\": ");
  ASSERT_NE(at, std::string::npos);
  const std::size_t points = std::stoul(json.substr(at + 20));
  EXPECT_LT(points, 400U);
  const auto sweep = read_csv((out / "sweep.csv").string());
  EXPECT_EQ(sweep.rows.size(), points * 2);  // two replications, one flow
  // A point is reported only with all its replications.
  std::map<std::string, int> per_point;
  for (const auto& row : sweep.rows) ++per_point[row.at("links.l.loss")];
  EXPECT_EQ(per_point.size(), points);
  for (const auto& [loss, n] : per_point) EXPECT_EQ(n, 2) << loss;
  // Nothing is left staged next to the folder.
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_FALSE(entry.path().filename().string().starts_with(".")) << entry.path();
  }
}

}  // namespace
}  // namespace netsim::cli
