// TCP scenarios run end to end through the `run` command, checked against what the link and the
// RFCs say must happen: a bulk transfer fills the link, loss and outages are recovered by fast
// retransmit and by timeouts with backoff, connect() gives up after its SYN retries, a crashed
// peer answers with RST, and TCP turns message loss into head-of-line delay.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/tools/csv_reader.h"
#include "tools/netsim/commands.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;
using testing::CsvTable;
using testing::read_csv;
using testing::read_file;

using Row = std::map<std::string, std::string>;

class TcpRunTest : public ::testing::Test {
 protected:
  static fs::path root() {
    return fs::temp_directory_path() / ("netsim-tcp-e2e-" + std::to_string(::getpid()));
  }
  static void TearDownTestSuite() { fs::remove_all(root()); }

  // Runs the scenario text; returns the results folder.
  static fs::path run(const std::string& name, const std::string& yaml, bool pcap = false) {
    const fs::path dir = root() / name;
    fs::create_directories(dir);
    std::ofstream(dir / "s.yaml") << yaml;
    RunOptions options;
    options.scenario = (dir / "s.yaml").string();
    options.output = (dir / "out").string();
    options.quiet = true;
    options.pcap = pcap;
    std::ostringstream out, err;
    EXPECT_EQ(run_command(options, out, err), kExitOk) << err.str();
    return dir / "out";
  }

  static Row find(const CsvTable& table, const std::string& flow, const std::string& role = "") {
    for (const auto& row : table.rows) {
      if (row.at("flow") == flow && (role.empty() || row.at("role") == role)) return row;
    }
    ADD_FAILURE() << "no row for " << flow << " " << role;
    return {};
  }
};

double num(const Row& row, const std::string& column) { return std::stod(row.at(column)); }
std::uint64_t count(const Row& row, const std::string& column) {
  return std::stoull(row.at(column));
}

// Two hosts, 10 Mbit/s and 20 ms each way, 100-packet drop-tail queues; `extra` goes under the
// link, `traffic` is the traffic section.
std::string two_hosts(const std::string& duration, const std::string& extra,
                      const std::string& traffic) {
  return "name: t\nseed: 7\nduration: " + duration +
         "\nnodes: {a: {}, b: {}}\n"
         "links:\n  wire:\n    between: [a, b]\n    rate: 10Mbps\n    delay: 20ms\n    queue: 100 "
         "packets\n" +
         extra + "traffic:\n" + traffic;
}

// Bandwidth-delay product 10 Mbit/s × 40 ms = 50 kB ≈ 34 segments, plus 100 queued, exceeds the
// 131072-byte receive window (89 segments), so the window, not the queue, limits the flight: no
// segment is ever dropped, and after slow start the link is busy all the time. Goodput is then
// the link rate times the payload share of each packet, 1460 / (1460 + 20 + 20), less the
// start-up: the handshake (one RTT) and slow start from 10 segments to the 34-segment pipe, two
// more RTTs, so 3 × 40 ms of a 10 s run is at most 1.2%; allow 2%.
TEST_F(TcpRunTest, BulkTransferFillsTheLink) {
  const fs::path out = run(
      "bulk", two_hosts("10s", "", "  download: {app: bulk, transport: tcp, from: b, to: a}\n"));
  const CsvTable flows = read_csv((out / "flows.csv").string());
  const Row sender = find(flows, "download", "client");
  const Row receiver = find(flows, "download", "server");
  EXPECT_EQ(sender.at("local"), "b");
  EXPECT_EQ(count(sender, "segments_retransmitted"), 0u);
  EXPECT_EQ(count(sender, "timeouts"), 0u);
  EXPECT_NEAR(num(sender, "handshake_ms"), 40.0,
              0.1);  // SYN and SYN-ACK: 2 × (20 ms + 44 B at 10 Mbit/s)
  const double ceiling = 10.0 * 1460 / 1500;
  EXPECT_LE(num(receiver, "goodput_mbps"), ceiling);
  EXPECT_GE(num(receiver, "goodput_mbps"), 0.98 * ceiling);
  // Nothing delivered beyond what was sent, and what is missing is at most one window in flight.
  EXPECT_LE(count(receiver, "bytes_received"), count(sender, "bytes_sent"));
  EXPECT_LE(count(sender, "bytes_sent") - count(receiver, "bytes_received"), 131072u);
  // The summary's goodput is the same bytes over the whole run.
  const Row summary = find(read_csv((out / "summary.csv").string()), "download");
  EXPECT_NEAR(num(summary, "goodput_mbps"), count(receiver, "bytes_received") * 8 / 10.0 * 1e-6,
              1e-6);
}

// 2% random loss on the data direction: a 1 MB transfer still arrives whole and in order, the
// losses are repaired by fast retransmit (RFC 5681 §3.2) and the connection closes in order.
TEST_F(TcpRunTest, LossIsRepairedAndTheTransferCompletes) {
  const fs::path out = run("lossy", two_hosts("30s", "    forward: {loss: 2%}\n",
                                              "  upload: {app: bulk, transport: tcp, from: a, to: "
                                              "b, bytes: 1MB, tcp: {sack: true}}\n"));
  const CsvTable flows = read_csv((out / "flows.csv").string());
  const Row sender = find(flows, "upload", "client");
  const Row receiver = find(flows, "upload", "server");
  EXPECT_EQ(count(receiver, "bytes_received"), 1000000u);
  EXPECT_EQ(count(sender, "bytes_sent"), 1000000u);
  // ~690 data segments at 2%: about 14 losses (σ ≈ 3.7), so at least one fast retransmit.
  EXPECT_GT(count(sender, "segments_retransmitted"), 0u);
  EXPECT_GT(count(sender, "fast_retransmits"), 0u);
  // The sender closed first: TIME-WAIT (2·MSL = 240 s outlasts the run); the receiver is closed.
  EXPECT_EQ(sender.at("state"), "TIME-WAIT");
  EXPECT_EQ(receiver.at("state"), "CLOSED");
}

// A transfer smaller than the send buffer is written whole before the handshake ends; the
// application's close must wait for ESTABLISHED (a CLOSE in SYN-SENT deletes the connection, RFC
// 9293 §3.10.4), and the data then goes out with the FIN behind it.
TEST_F(TcpRunTest, ASmallTransferIsNotLostToAnEarlyClose) {
  const fs::path out = run("small", two_hosts("5s", "",
                                              "  upload: {app: bulk, transport: tcp, from: a, to: "
                                              "b, bytes: 100B}\n"));
  const CsvTable flows = read_csv((out / "flows.csv").string());
  const Row sender = find(flows, "upload", "client");
  const Row receiver = find(flows, "upload", "server");
  EXPECT_EQ(count(receiver, "bytes_received"), 100u);
  EXPECT_EQ(sender.at("state"), "TIME-WAIT");
  EXPECT_EQ(receiver.at("state"), "CLOSED");
}

// Head-of-line blocking, by hand. 200-byte messages every 10 ms over 10 Mbit/s and 20 ms; the
// message written at 1.000 s is lost (100% loss on the wire for 1 ms). Each later message arrives
// 20.192 ms after it was written (240 bytes take 192 µs to send) and waits behind the hole. The
// receiver answers each with a duplicate ACK (32 µs to send, 20 ms across); the third, for the
// message of 1.030 s, reaches the sender at 1.070224 s, which resends from the hole at once: one
// full segment (1460 bytes, 1.2 ms to send) that arrives at 1.091424 s and releases messages
// 100-107 together. So message j (written at t_j = 1.010 … 1.070 s) waited
// 1.091424 − (t_j + 0.020192) = 1.071232 − t_j: 61.232 ms down to 1.232 ms; message 100 itself
// and message 108 (arriving at 1.100192 s, after the repair) did not wait.
TEST_F(TcpRunTest, HeadOfLineWaitsMatchAHandComputedTrace) {
  const fs::path out = run("hol", two_hosts("2s", "",
                                            "  m: {transport: tcp, from: a, to: b, size: 200B, "
                                            "interval: 10ms,\n      tcp: {nagle: false, "
                                            "timestamps: false}}\n"
                                            "faults:\n  - {at: 1s, link: wire, direction: "
                                            "forward, set: {loss: 100%}, duration: 1ms}\n"));
  const CsvTable messages = read_csv((out / "messages.csv").string());
  std::map<std::uint64_t, Row> by_seq;
  for (const auto& row : messages.rows) by_seq[std::stoull(row.at("seq"))] = row;
  EXPECT_EQ(by_seq.at(100).at("received_ns"), "1091424000");
  EXPECT_EQ(by_seq.at(100).at("head_of_line_ns"), "0");
  for (std::uint64_t j = 101; j <= 107; ++j) {
    const std::int64_t written = 1'000'000'000 + static_cast<std::int64_t>(j - 100) * 10'000'000;
    EXPECT_EQ(by_seq.at(j).at("received_ns"), "1091424000") << j;
    EXPECT_EQ(std::stoll(by_seq.at(j).at("head_of_line_ns")), 1'071'232'000 - written) << j;
  }
  EXPECT_EQ(by_seq.at(108).at("head_of_line_ns"), "0");
  int blocked = 0;
  for (const auto& row : messages.rows) {
    if (!row.at("head_of_line_ns").empty() && row.at("head_of_line_ns") != "0") ++blocked;
  }
  EXPECT_EQ(blocked, 7);
}

// The link is down from 2 s to 5.5 s. The sender's RTO timer (last restarted by the ACKs arriving
// just before 2 s) fires at about 3 s and is doubled (RFC 6298 §5.5), fires at about 5 s, into
// the outage, and is doubled again, then at about 9 s; that retransmission gets through, and the
// first RTT sample from new data brings the RTO back to its minimum (Karn's rule: none from the
// retransmission itself).
TEST_F(TcpRunTest, AnOutageIsRiddenOutWithBackedOffTimeouts) {
  const fs::path out =
      run("outage", two_hosts("12s", "",
                              "  download: {app: bulk, transport: tcp, from: b, to: a}\n"
                              "faults:\n  - {at: 2s, link: wire, action: down, duration: 3.5s}\n"
                              "reports: {timeseries: on_change}\n"));
  const Row sender = find(read_csv((out / "flows.csv").string()), "download", "client");
  EXPECT_EQ(count(sender, "timeouts"), 3u);
  std::vector<std::pair<double, double>> rto_changes;  // (time s, RTO ms)
  std::vector<double> cwnd_at_timeouts;
  double in_flight_late = 0;
  for (const auto& row : read_csv((out / "timeseries.csv").string()).rows) {
    if (row.at("flow") != "download" || row.at("role") != "client") continue;
    const double t = std::stod(row.at("time_ns")) * 1e-9;
    const double rto = std::stod(row.at("rto_ms"));
    if (t > 1 && (rto_changes.empty() || rto_changes.back().second != rto)) {
      rto_changes.emplace_back(t, rto);
      if (rto > 1000) cwnd_at_timeouts.push_back(std::stod(row.at("cwnd")));
    }
    if (t > 11) in_flight_late = std::max(in_flight_late, std::stod(row.at("bytes_in_flight")));
  }
  ASSERT_EQ(rto_changes.size(), 5u);
  EXPECT_EQ(rto_changes[0].second, 1000.0);  // the minimum: the measured RTT is far below it
  EXPECT_EQ(rto_changes[1].second, 2000.0);
  EXPECT_NEAR(rto_changes[1].first, 3.0, 0.01);
  EXPECT_EQ(rto_changes[2].second, 4000.0);
  EXPECT_NEAR(rto_changes[2].first, 5.0, 0.01);
  EXPECT_EQ(rto_changes[3].second, 8000.0);
  EXPECT_NEAR(rto_changes[3].first, 9.0, 0.01);
  EXPECT_EQ(rto_changes[4].second, 1000.0);
  EXPECT_GT(rto_changes[4].first, 9.04);  // at least a round trip after the retransmission
  EXPECT_LT(rto_changes[4].first, 9.5);
  for (const double cwnd : cwnd_at_timeouts) EXPECT_EQ(cwnd, 1460.0);  // loss window, RFC 5681 §3.1
  EXPECT_GT(in_flight_late, 10.0 * 1460);                              // back to full speed
}

// No path at all: the SYN is sent at 0 and retried after 1 and 2 more seconds (syn_retries: 2,
// doubling from syn_rto 1 s); 4 s after the last one connect() fails (RFC 6298 §5.5 backoff).
TEST_F(TcpRunTest, ConnectGivesUpAfterItsSynRetries) {
  const fs::path out =
      run("no-path",
          two_hosts("10s", "",
                    "  chat: {transport: tcp, from: a, to: b, size: 100B, interval: 1s,"
                    " tcp: {syn_retries: 2}}\n"
                    "faults:\n  - {at: 0s, link: wire, action: down}\n"),
          true);
  const Row client = find(read_csv((out / "flows.csv").string()), "chat", "client");
  EXPECT_EQ(client.at("state"), "CLOSED");
  EXPECT_EQ(count(client, "syn_retransmissions"), 2u);
  EXPECT_EQ(client.at("handshake_ms"), "");
  EXPECT_EQ(find(read_csv((out / "flows.csv").string()), "chat", "server").at("state"), "LISTEN");
  const Row summary = find(read_csv((out / "summary.csv").string()), "chat");
  EXPECT_EQ(count(summary, "delivered"), 0u);
}

// The receiver crashes at 2 s and is back at 3 s with no memory of the connection: the sender's
// next retransmission draws a RST (RFC 9293 §3.5.2, "a segment arrives for a connection that does
// not exist") and the sender's connection is reset.
TEST_F(TcpRunTest, APeerThatRestartedResetsTheConnection) {
  const fs::path out =
      run("crash", two_hosts("10s", "",
                             "  download: {app: bulk, transport: tcp, from: b, to: a}\n"
                             "faults:\n  - {at: 2s, node: a, action: crash, duration: 1s}\n"));
  const Row sender = find(read_csv((out / "flows.csv").string()), "download", "client");
  EXPECT_EQ(sender.at("state"), "CLOSED");
  EXPECT_GE(count(sender, "timeouts"), 1u);
  // Retransmissions at about 3 s and 5 s (RTO 1 s, doubled): the reset comes by 5.1 s.
  double reset_at = 0;
  for (const auto& row : read_csv((out / "timeseries.csv").string()).rows) {
    if (row.at("flow") == "download" && row.at("role") == "client" && row.at("state") == "CLOSED") {
      reset_at = std::stod(row.at("time_ns")) * 1e-9;
      break;
    }
  }
  EXPECT_GE(reset_at, 3.0);
  EXPECT_LE(reset_at, 5.2);
}

// The same 200-byte messages every 10 ms over UDP and over TCP (Nagle off), 3% loss both ways.
// UDP loses about 3% of them and delivers the rest in one trip; TCP loses none, but a lost
// segment holds back every message behind it until the retransmission arrives, at least one more
// round trip (head-of-line blocking), so TCP's tail latency is far above UDP's.
TEST_F(TcpRunTest, TcpTradesLossForHeadOfLineDelay) {
  const fs::path out =
      run("hol", two_hosts("60s", "    loss: 3%\n",
                           "  over_udp: {from: a, to: b, size: 200B, interval: 10ms}\n"
                           "  over_tcp: {transport: tcp, from: a, to: b, size: 200B, interval: "
                           "10ms, tcp: {nagle: false}}\n"));
  const CsvTable summary = read_csv((out / "summary.csv").string());
  const Row udp = find(summary, "over_udp");
  const Row tcp = find(summary, "over_tcp");
  // 6000 datagrams at 3%: 180 lost expected, σ = √(6000·0.03·0.97) ≈ 13; allow ±4σ.
  EXPECT_NEAR(static_cast<double>(count(udp, "link_loss")), 180.0, 52.0);
  EXPECT_EQ(count(tcp, "link_loss"), 0u);
  EXPECT_EQ(count(tcp, "delivered") + count(tcp, "in_flight"), count(tcp, "sent"));
  EXPECT_LE(count(tcp, "in_flight"), 100u);  // at most the last second's messages
  // One trip: 20 ms + (200 + 28) B at 10 Mbit/s = 20.182 ms, for every delivered datagram.
  EXPECT_NEAR(num(udp, "latency_p99_ms"), 20.1824, 1e-6);
  EXPECT_LT(num(tcp, "latency_p50_ms"), 20.2 + 10);    // most messages are not held back
  EXPECT_GT(num(tcp, "latency_p99_ms"), 20.2 + 40.0);  // ≥ one more round trip
}

// Request/response with 10 kB answers: with Nagle on at the server, the last, partial segment of
// each answer waits until all earlier ones are acknowledged (RFC 896), a round trip after they
// left, so an exchange takes two round trips; with Nagle off it takes one plus transmission.
TEST_F(TcpRunTest, NagleHoldsBackTheTailOfEachResponse) {
  const std::string traffic =
      "  nagle_on: {app: request_response, transport: tcp, from: a, to: b, request: 100B, "
      "response: 10000B, interval: 500ms}\n"
      "  nagle_off: {app: request_response, transport: tcp, from: a, to: b, request: 100B, "
      "response: 10000B, interval: 500ms,"
      " start: 250ms, tcp: {nagle: false}}\n";  // in between, so that the two never share the link
  const CsvTable summary =
      read_csv((run("nagle", two_hosts("10s", "", traffic)) / "summary.csv").string());
  // Request 140 B: 0.112 ms; response 7 segments, 10280 B: 8.224 ms; both ways 40 ms.
  EXPECT_NEAR(num(find(summary, "nagle_off"), "latency_p50_ms"), 40 + 0.112 + 8.224, 0.05);
  EXPECT_GT(num(find(summary, "nagle_on"), "latency_p50_ms"), 80.0);
}

// The bundled TCP scenario shows what it says it shows: handshakes (one retried), losses repaired
// by fast retransmit, timeouts from the outage, and TCP delivering every message UDP loses.
TEST_F(TcpRunTest, BundledScenarioShowsHandshakeLossTimeoutAndFastRetransmit) {
  const fs::path dir = root() / "bundled";
  RunOptions options;
  options.scenario = std::string(NETSIM_SOURCE_DIR) + "/scenarios/tcp-handshake-loss.yaml";
  options.output = dir.string();
  options.quiet = true;
  std::ostringstream out, err;
  ASSERT_EQ(run_command(options, out, err), kExitOk) << err.str();
  const CsvTable flows = read_csv((dir / "flows.csv").string());
  std::uint64_t syn_retries = 0;
  for (const char* flow : {"chat-tcp", "upload", "api"}) {
    const Row client = find(flows, flow, "client");
    EXPECT_GE(num(client, "handshake_ms"), 40.0) << flow;
    syn_retries += count(client, "syn_retransmissions");
  }
  EXPECT_GE(syn_retries, 1u);
  const Row upload = find(flows, "upload", "client");
  EXPECT_GT(count(upload, "fast_retransmits"), 10u);
  EXPECT_GE(count(upload, "timeouts"), 3u);  // the 3 s outage against a 200 ms minimum RTO
  const CsvTable summary = read_csv((dir / "summary.csv").string());
  EXPECT_GT(count(find(summary, "chat-udp"), "link_loss"), 0u);
  EXPECT_GT(count(find(summary, "chat-udp"), "link_down"), 0u);
  EXPECT_EQ(
      count(find(summary, "chat-tcp"), "link_loss") + count(find(summary, "chat-tcp"), "link_down"),
      0u);
  EXPECT_GT(num(find(summary, "chat-tcp"), "latency_p99_ms"),
            num(find(summary, "chat-udp"), "latency_p99_ms"));
}

TEST_F(TcpRunTest, SameSeedSameFiles) {
  const std::string yaml = two_hosts(
      "5s", "    loss: 1%\n",
      "  download: {app: bulk, transport: tcp, from: b, to: a, tcp: {preset: linux}}\n"
      "  chat: {transport: tcp, from: a, to: b, size: 300B, interval: 5ms, arrival: poisson}\n");
  const fs::path first = run("seed-1", yaml);
  const fs::path second = run("seed-2", yaml);
  for (const char* file : {"flows.csv", "timeseries.csv", "messages.csv", "summary.csv"}) {
    EXPECT_EQ(read_file((first / file).string()), read_file((second / file).string())) << file;
    EXPECT_GT(read_file((first / file).string()).size(), 100u) << file;
  }
}

}  // namespace
}  // namespace netsim::cli
