// The bundled chat room (scenarios/chat-room.yaml) run end to end through the `run` command: its
// reports tell the story its comments promise — the handshake, the heartbeat noticing the cut
// link on both sides, the reconnection attempts with their backoff, the session recovered with the
// missed events replayed — and they are reproducible, from the same seed and from run.json.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/tools/csv_reader.h"
#include "tests/tools/netsim_process.h"
#include "tests/tools/realtime_results.h"
#include "tests/tools/tshark.h"
#include "tools/netsim/commands.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;
using testing::CsvTable;
using testing::read_csv;
using testing::read_file;
using testing::Row;

const std::string kChatRoom = std::string(NETSIM_SOURCE_DIR) + "/scenarios/chat-room.yaml";

class ChatRoomTest : public ::testing::Test {
 protected:
  static fs::path root() {
    return fs::temp_directory_path() / ("netsim-realtime-e2e-" + std::to_string(::getpid()));
  }
  static void TearDownTestSuite() { fs::remove_all(root()); }

  // Runs the chat room once per test suite (cheap, but the tests read the same results).
  static const fs::path& results() {
    static const fs::path dir = run_into("chat-room", kChatRoom);
    return dir;
  }
  static fs::path run_into(const std::string& name, const std::string& scenario,
                           std::string* stdout_text = nullptr) {
    return testing::run_scenario(root() / name, scenario, stdout_text);
  }

  static CsvTable timeline() { return read_csv((results() / "realtime_timeline.csv").string()); }
  static CsvTable events() { return read_csv((results() / "realtime_events.csv").string()); }

  // The timeline rows of `who` doing `what`, in order.
  static std::vector<Row> rows(const std::string& who, const std::string& what) {
    return testing::timeline_rows(results(), who, what);
  }
};

using testing::t;

TEST_F(ChatRoomTest, ReportsHaveTheDocumentedColumns) {
  EXPECT_EQ(timeline().header, (std::vector<std::string>{"time_s", "who", "what", "detail"}));
  EXPECT_EQ(events().header, (std::vector<std::string>{"event_id", "event", "sender", "emitted_s",
                                                       "recipient", "received_s", "latency_ms",
                                                       "listeners", "any_listeners", "buffered"}));
  const CsvTable clients = read_csv((results() / "realtime_clients.csv").string());
  EXPECT_EQ(clients.header,
            (std::vector<std::string>{
                "client",          "node",           "server",           "connects",
                "disconnects",     "reconnections",  "recovered",        "emitted",
                "events_received", "events_handled", "events_unhandled", "events_repeated",
                "events_replayed", "latency_p50_ms", "latency_p99_ms",   "latency_max_ms",
                "acks_ok",         "acks_failed",    "volatile_dropped", "connected_at_end"}));
  std::vector<std::string> names;
  for (const Row& r : clients.rows) names.push_back(r.at("client"));
  EXPECT_EQ(names, (std::vector<std::string>{"alice", "bob", "carol", "guest-1", "guest-2"}));
  const std::string json = read_file((results() / "run.json").string());
  for (const char* file :
       {"realtime_timeline.csv", "realtime_events.csv", "realtime_clients.csv"}) {
    EXPECT_NE(json.find(std::string("\"") + file + "\""), std::string::npos) << file;
  }
  // Every event row's latency is its two times' difference, and the timeline is in time order.
  for (const Row& r : events().rows) {
    EXPECT_NEAR(t(r, "received_s") - t(r, "emitted_s"), t(r, "latency_ms") / 1e3, 1e-9);
  }
  double last = 0;
  for (const Row& r : timeline().rows) {
    EXPECT_GE(t(r), last);
    last = t(r);
  }
}

TEST_F(ChatRoomTest, CarolsOutageIsDetectedAndHerSessionRecovered) {
  // The handshake: polling open, CONNECT, then the upgrade to WebSocket, within 0.3 s.
  const auto opens = rows("carol", "eio-open");
  const auto connects = rows("carol", "connect");
  ASSERT_EQ(opens.size(), 2u);
  ASSERT_EQ(connects.size(), 2u);
  EXPECT_LT(t(connects[0]), 0.3);
  ASSERT_FALSE(rows("carol", "upgrade").empty());
  EXPECT_EQ(rows("carol", "upgrade")[0].at("detail"), "websocket");
  const std::string id = connects[0].at("detail");

  // Heartbeat: the only ping carol hears before the cut is the one at ~25 s; 45 s later her
  // engine closes with "ping timeout", and the server's 20 s after its lost ping at ~50 s.
  const auto pings = rows("carol", "ping");
  ASSERT_GE(pings.size(), 2u);
  EXPECT_NEAR(t(pings[0]), 25.06, 0.01);
  const auto closes = rows("carol", "eio-close");
  ASSERT_EQ(closes.size(), 1u);
  EXPECT_EQ(closes[0].at("detail"), "ping timeout");
  EXPECT_NEAR(t(closes[0]), t(pings[0]) + 45, 1e-9);
  std::vector<Row> server_closes;
  for (const Row& r : rows("chat", "disconnect")) {
    if (r.at("detail") == id + " ping timeout") server_closes.push_back(r);
  }
  ASSERT_EQ(server_closes.size(), 1u);
  EXPECT_NEAR(t(server_closes[0]), 70.08, 0.01);

  // Reconnection: attempts while the link is down give up after `timeout: 5s`; the one after
  // 79 s (link back) succeeds.
  const auto attempts = rows("carol", "reconnect-attempt");
  const auto errors = rows("carol", "reconnect-error");
  ASSERT_GE(attempts.size(), 2u);
  ASSERT_EQ(errors.size(), attempts.size() - 1);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    EXPECT_EQ(errors[i].at("detail"), "timeout");
    EXPECT_NEAR(t(errors[i]), t(attempts[i]) + 5, 1e-9);
  }
  EXPECT_GT(t(opens[1]), 79.0);
  EXPECT_EQ(rows("carol", "reconnect").size(), 1u);

  // Recovery: the same id, the missed news replayed before the CONNECT ack.
  EXPECT_EQ(connects[1].at("detail"), id + " recovered");
  const auto recoveries = rows("chat", "recovery");
  ASSERT_EQ(recoveries.size(), 1u);
  std::size_t replayed = 0;
  for (const Row& r : events().rows) {
    if (r.at("recipient") != "carol" || r.at("buffered") != "true") continue;
    ++replayed;
    EXPECT_EQ(r.at("event"), "news");
    EXPECT_GT(t(r, "emitted_s"), 49.0);  // sent into the cut link, or after the server gave up
    EXPECT_EQ(r.at("received_s"), connects[1].at("time_s"));
  }
  EXPECT_GE(replayed, 5u);
  EXPECT_EQ(recoveries[0].at("detail"), std::to_string(replayed) + " missed packets");
}

TEST_F(ChatRoomTest, ListenerMistakesShowInTheEvents) {
  std::size_t carol_after = 0, guest_unhandled = 0, typing_unhandled = 0;
  const double reconnected = t(rows("carol", "connect")[1]);
  for (const Row& r : events().rows) {
    const std::string& who = r.at("recipient");
    if (who == "carol" && r.at("event") == "news") {
      // Registered in the connect handler: once per connect (the replay ran before the second).
      const bool after = t(r, "received_s") > reconnected;
      EXPECT_EQ(r.at("listeners"), after ? "2" : "1") << r.at("emitted_s");
      carol_after += after;
    }
    if (who.starts_with("guest-") && r.at("listeners") == "0") {
      ++guest_unhandled;
      EXPECT_LT(t(r, "received_s"), who == "guest-1" ? 15.0 : 17.0);  // before their listener
    }
    if (who == "chat" && r.at("event") == "typing" && r.at("listeners") == "0") {
      ++typing_unhandled;
      EXPECT_LT(t(r, "received_s"), 0.61 + 2);  // bob's socket connected at ~0.61 s
    }
  }
  EXPECT_GT(carol_after, 5u);
  EXPECT_EQ(guest_unhandled, 4u);  // news at 6 and 11 s (guest-1), 11 and 16 s (guest-2)
  EXPECT_GE(typing_unhandled, 1u);
  // carol's chats from 49 s until her engine closed at ~70 s went into the dead connection.
  for (const Row& r : events().rows) {
    if (r.at("sender") == "carol" && r.at("event") == "chat") {
      const double sent = t(r, "emitted_s");
      EXPECT_FALSE(sent > 49 && sent < 70) << "chat sent at " << sent << " arrived";
    }
  }
  const CsvTable clients = read_csv((results() / "realtime_clients.csv").string());
  const Row& carol = clients.rows[2];
  EXPECT_EQ(carol.at("connects"), "2");
  EXPECT_EQ(carol.at("disconnects"), "1");
  EXPECT_EQ(carol.at("reconnections"), "1");
  EXPECT_EQ(carol.at("recovered"), "1");
  EXPECT_EQ(carol.at("events_repeated"), std::to_string(carol_after));
  EXPECT_EQ(carol.at("connected_at_end"), "true");
  const Row& alice = clients.rows[0];
  EXPECT_EQ(alice.at("acks_ok"), alice.at("emitted"));  // every chat acknowledged
  EXPECT_EQ(alice.at("acks_failed"), "0");
}

TEST_F(ChatRoomTest, TheTerminalSummaryHasTheRealtimeTable) {
  std::string out;
  run_into("chat-room-printed", kChatRoom, &out);
  EXPECT_NE(out.find("server chat on server: 6 connections (5 now), 1 recovered of 1 attempts"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("guest-1..2"), std::string::npos) << out;
  EXPECT_EQ(out.find("goodput Mbps"), std::string::npos) << "no flows, no flow table";
}

TEST_F(ChatRoomTest, SameSeedAndTheResolvedScenarioGiveTheSameBytes) {
  const fs::path again = run_into("chat-room-again", kChatRoom);
  const std::string json = read_file((results() / "run.json").string());
  const std::size_t at = json.find("\"resolved\": ");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = json.rfind('}', json.rfind('}') - 1);
  std::ofstream(root() / "resolved.yaml") << json.substr(at + 12, end - (at + 12) + 1);
  const fs::path rerun = run_into("chat-room-resolved", (root() / "resolved.yaml").string());
  for (const char* file :
       {"realtime_timeline.csv", "realtime_events.csv", "realtime_clients.csv", "links.csv"}) {
    const std::string original = read_file((results() / file).string());
    EXPECT_FALSE(original.empty()) << file;
    EXPECT_EQ(original, read_file((again / file).string())) << file;
    EXPECT_EQ(original, read_file((rerun / file).string())) << file;
  }
}

// With --pcap the Socket.IO connections carry their real bytes: Wireshark decodes the polling
// requests, the upgrade and the WebSocket frames. (Tearing the run down closes the clients'
// WebSockets after the captures are closed: that must not reach the writer.)
TEST_F(ChatRoomTest, CapturesDecodeAsHttpAndWebSocket) {
  const fs::path dir = root() / "chat-room-pcap";
  RunOptions options;
  options.scenario = kChatRoom;
  options.output = dir.string();
  options.quiet = true;
  options.pcap = true;
  std::ostringstream out, err;
  ASSERT_EQ(run_command(options, out, err), kExitOk) << err.str();
  const auto t = netsim::testing::tshark(dir / "pcap" / "phone-mobile.pcap",
                                         {"frame.protocols", "http.request.uri"});
  ASSERT_EQ(t.status, 0) << t.errors;
  bool polling = false, websocket = false;
  for (const auto& row : t.rows) {
    if (row.size() > 1 && row[1].starts_with("/socket.io/?EIO=4&transport=polling")) polling = true;
    if (!row.empty() && row[0].find("websocket") != std::string::npos) websocket = true;
  }
  EXPECT_TRUE(polling);
  EXPECT_TRUE(websocket);
}

TEST(RealtimeCli, AMistakeIsLocatedAndExitsWithStatus2) {
  const fs::path dir =
      fs::temp_directory_path() / ("netsim-realtime-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "bad.yaml") << "name: bad\nduration: 10s\nnodes: {s: {}, c: {}}\n"
                                     "links: {l: {between: [c, s], rate: 1Mbps}}\n"
                                     "realtime:\n  servers:\n    chat: {node: s}\n"
                                     "  clients:\n    c1: {node: c, server: chats}\n";
  const auto r = netsim::testing::run_netsim("validate " + (dir / "bad.yaml").string());
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, (dir / "bad.yaml").string() +
                       ":9:27: realtime.clients.c1.server: unknown realtime server 'chats' (did "
                       "you mean 'chat'?)\n");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace netsim::cli
