// `netsim replay`: a trace is the scenario it stands for (the bundled traces against the same
// timelines written as scenarios, byte for byte), CSV and JSON lines say the same, the replayed
// clients disconnect and connect again and the server keeps their rooms, and every mistake in a
// trace is reported at its line with the exact message.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/scenario/scenario_error.h"
#include "models/scenario/scenario_loader.h"
#include "tests/tools/csv_reader.h"
#include "tests/tools/netsim_process.h"
#include "tests/tools/realtime_results.h"
#include "tools/netsim/commands.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;
using testing::CsvTable;
using testing::read_csv;
using testing::read_file;
using testing::Row;
using testing::run_netsim;

const std::string kSource = NETSIM_SOURCE_DIR;
const std::string kNetwork = kSource + "/scenarios/traces/chat-network.yaml";
const std::string kChatTrace = kSource + "/scenarios/traces/chat.csv";
const std::string kOrdersTrace = kSource + "/scenarios/traces/orders.jsonl";

// The reports a realtime run writes, compared byte for byte.
const std::vector<std::string> kRealtimeFiles{"deliveries.csv", "realtime_events.csv",
                                              "realtime_timeline.csv", "realtime_clients.csv",
                                              "missed.csv"};

fs::path root() {
  return fs::temp_directory_path() / ("netsim-replay-test-" + std::to_string(::getpid()));
}

class ReplayTest : public ::testing::Test {
 protected:
  static void TearDownTestSuite() { fs::remove_all(root()); }

  // The chat trace replayed once for the tests that read its results.
  static const fs::path& chat() {
    static const fs::path dir = replay("chat", kChatTrace);
    return dir;
  }
  static fs::path replay(const std::string& name, const std::string& trace,
                         const std::string& seed = "") {
    const fs::path dir = root() / name;
    const auto r = run_netsim("replay " + trace + " --scenario " + kNetwork + " -q -o " +
                              dir.string() + (seed.empty() ? "" : " --seed " + seed));
    EXPECT_EQ(r.status, kExitOk) << r.err;
    return dir;
  }

  static CsvTable events() { return read_csv((chat() / "realtime_events.csv").string()); }
  static std::vector<Row> rows(const std::string& who, const std::string& what) {
    return testing::timeline_rows(chat(), who, what);
  }
};

using testing::t;

void expect_same_files(const fs::path& a, const fs::path& b) {
  for (const std::string& file : kRealtimeFiles) {
    const std::string left = read_file((a / file).string());
    EXPECT_FALSE(left.empty()) << file;
    EXPECT_EQ(left, read_file((b / file).string())) << file;
  }
}

// --- a trace is its scenario ---------------------------------------------------------------

TEST_F(ReplayTest, ChatTraceEqualsTheSameTimelineWrittenAsAScenario) {
  const fs::path replayed = replay("chat-seed-3", kChatTrace, "3");
  const fs::path run = root() / "chat-equivalent";
  const auto r = run_netsim("run " + kSource + "/tests/data/replay/chat-equivalent.yaml -q -o " +
                            run.string() + " --seed 3");
  ASSERT_EQ(r.status, kExitOk) << r.err;
  expect_same_files(replayed, run);
}

TEST_F(ReplayTest, OrdersTraceEqualsTheSameTimelineWrittenAsAScenario) {
  const fs::path replayed = replay("orders", kOrdersTrace);
  const fs::path run = root() / "orders-equivalent";
  const auto r = run_netsim("run " + kSource + "/tests/data/replay/orders-equivalent.yaml -q -o " +
                            run.string());
  ASSERT_EQ(r.status, kExitOk) << r.err;
  expect_same_files(replayed, run);
}

TEST_F(ReplayTest, CsvAndJsonLinesGiveTheSameResults) {
  const fs::path json = replay("chat-jsonl", kSource + "/tests/data/replay/chat.jsonl");
  expect_same_files(chat(), json);
}

TEST_F(ReplayTest, TheSeedChangesTheRun) {
  // The Socket.IO ids come from the seeded streams: another seed, other ids.
  const fs::path other = replay("chat-seed-9", kChatTrace, "9");
  EXPECT_NE(read_file((chat() / "realtime_timeline.csv").string()),
            read_file((other / "realtime_timeline.csv").string()));
}

// --- what the chat trace does ---------------------------------------------------------------

TEST_F(ReplayTest, ClientsAreMadeFromTheirFirstLinesInOrder) {
  const CsvTable clients = read_csv((chat() / "realtime_clients.csv").string());
  ASSERT_EQ(clients.rows.size(), 3u);
  const std::vector<std::pair<std::string, std::string>> expected{
      {"alice", "laptop1"}, {"bob", "laptop2"}, {"carol", "phone"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(clients.rows[i].at("client"), expected[i].first);
    EXPECT_EQ(clients.rows[i].at("node"), expected[i].second);
    EXPECT_EQ(clients.rows[i].at("server"), "app");
  }
  EXPECT_NEAR(t(rows("bob", "open")[0]), 0.5, 1e-9);  // its first line's time
}

TEST_F(ReplayTest, AClientConnectsAgainAfterDisconnecting) {
  // carol: connect at 1 s, socket.disconnect() at 20 s, socket.connect() at 32 s.
  const auto connects = rows("carol", "connect");
  const auto disconnects = rows("carol", "disconnect");
  ASSERT_EQ(connects.size(), 2u);
  ASSERT_EQ(disconnects.size(), 1u);
  EXPECT_EQ(disconnects[0].at("detail"), "io client disconnect");
  EXPECT_DOUBLE_EQ(t(disconnects[0]), 20.0);
  const auto opens = rows("carol", "open");
  ASSERT_EQ(opens.size(), 2u);
  EXPECT_DOUBLE_EQ(t(opens[1]), 32.0);
  EXPECT_GT(t(connects[1]), 32.0);
  EXPECT_NE(connects[1].at("detail"), connects[0].at("detail"));  // a new socket
  EXPECT_TRUE(rows("carol", "reconnect").empty());                // not the Manager's reconnection

  bool buffered_chat = false, news_after = false;
  for (const Row& r : events().rows) {
    // The chat she emitted at 28 s, while disconnected, went once she was connected again.
    if (r.at("sender") == "carol" && t(r, "emitted_s") == 28.0) {
      buffered_chat = true;
      EXPECT_GT(t(r, "received_s"), t(connects[1]));
    }
    // Broadcasts to `lobby` reach her new socket: the server put it back in the room.
    if (r.at("recipient") == "carol" && r.at("event") == "news" && t(r, "emitted_s") == 35.0) {
      news_after = true;
      EXPECT_EQ(r.at("listeners"), "1");
    }
  }
  EXPECT_TRUE(buffered_chat);
  EXPECT_TRUE(news_after);
  const CsvTable clients = read_csv((chat() / "realtime_clients.csv").string());
  EXPECT_EQ(clients.rows[2].at("connects"), "2");
  EXPECT_EQ(clients.rows[2].at("connected_at_end"), "true");
}

TEST_F(ReplayTest, RoomsFollowJoinsAndLeaves) {
  // Every `news` goes to `lobby`. carol is away from 20 s to 32 s; bob leaves at 42 s.
  std::map<std::string, std::vector<double>> news;
  for (const Row& r : events().rows) {
    if (r.at("event") == "news") news[r.at("recipient")].push_back(t(r, "emitted_s"));
  }
  EXPECT_EQ(news["alice"].size(), 11u);  // 5 s … 55 s
  EXPECT_EQ(news["bob"], (std::vector<double>{5, 10, 15, 20, 25, 30, 35, 40}));
  EXPECT_EQ(news["carol"], (std::vector<double>{5, 10, 15, 35}));  // the link is down from 40 s
}

TEST_F(ReplayTest, ListenersAreRegisteredWhenTheTraceSays) {
  // bob listens for `news` from 12 s: the news at 5 s and 10 s reach him unhandled.
  for (const Row& r : events().rows) {
    if (r.at("recipient") != "bob" || r.at("event") != "news") continue;
    EXPECT_EQ(r.at("listeners"), t(r, "emitted_s") < 12 ? "0" : "1") << r.at("emitted_s");
  }
}

TEST_F(ReplayTest, OnAnyAndUnlisten) {
  // orders.jsonl: frank listens to everything (`*`) and to `ticker` until 20 s.
  const fs::path dir = replay("orders-events", kOrdersTrace);
  int before = 0, after = 0;
  for (const Row& r : read_csv((dir / "realtime_events.csv").string()).rows) {
    if (r.at("recipient") != "frank" || r.at("event") != "ticker") continue;
    EXPECT_EQ(r.at("any_listeners"), "1");
    const bool removed = t(r, "emitted_s") >= 20;
    EXPECT_EQ(r.at("listeners"), removed ? "0" : "1") << r.at("emitted_s");
    (removed ? after : before) += 1;
  }
  EXPECT_EQ(before, 3);
  EXPECT_EQ(after, 4);  // 20, 25, 30, 35 s; the phone's link is down from 40 s
}

TEST_F(ReplayTest, TheSummaryNamesTheTraceAndTheFiles) {
  const fs::path dir = root() / "chat-loud";
  const auto r =
      run_netsim("replay " + kChatTrace + " --scenario " + kNetwork + " -o " + dir.string());
  ASSERT_EQ(r.status, kExitOk) << r.err;
  EXPECT_NE(r.out.find(kChatTrace + " on chat-network: 60s simulated (seed 7)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("client  server  connects"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Results in " + dir.string() +
                       "/ (summary.csv, messages.csv, links.csv, flows.csv, timeseries.csv, "
                       "realtime_timeline.csv, realtime_events.csv, realtime_clients.csv, "
                       "deliveries.csv, missed.csv, run.json)"),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(fs::exists(dir / "run.json"));
}

// --- help ----------------------------------------------------------------------------------

TEST(ReplayHelp, HasTheFormatAndAnExample) {
  const auto r = run_netsim("replay --help");
  EXPECT_EQ(r.status, kExitOk);
  for (const char* text :
       {"Replay a recorded timeline of Socket.IO actions", "time,client,action,event,room,size",
        "2s,chat,emit,news,lobby,200",
        "netsim replay scenarios/traces/chat.csv --scenario scenarios/traces/chat-network.yaml",
        "--scenario TEXT REQUIRED", "--seed", "-o,--output"}) {
    EXPECT_NE(r.out.find(text), std::string::npos) << text << "\n" << r.out;
  }
  EXPECT_NE(run_netsim("--help").out.find("replay"), std::string::npos);
  const auto missing = run_netsim("replay " + kChatTrace);
  EXPECT_EQ(missing.status, kExitScenarioError);
  EXPECT_NE(missing.err.find("--scenario is required"), std::string::npos) << missing.err;
}

// --- mistakes ------------------------------------------------------------------------------

// Replays `text` as trace `name` (in a folder of its own) on `network`: the exit status, and
// what was said on stderr. Nothing may be written.
class ReplayErrorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = root() / ("errors-" + std::to_string(++count_));
    fs::create_directories(dir_);
  }

  std::string error(const std::string& name, const std::string& text,
                    const std::string& network = kNetwork) {
    std::ofstream(dir_ / name) << text;
    ReplayOptions options;
    options.trace = (dir_ / name).string();
    options.scenario = network;
    options.output = (dir_ / "out").string();
    options.quiet = true;
    std::ostringstream out, err;
    EXPECT_EQ(replay_command(options, out, err), kExitScenarioError) << name;
    EXPECT_FALSE(fs::exists(dir_ / "out")) << name;
    std::string message = err.str();
    // The trace's folder is the test's; the messages name the file as given.
    const std::string prefix = dir_.string() + "/";
    if (message.starts_with(prefix)) message.erase(0, prefix.size());
    if (!message.empty() && message.back() == '\n') message.pop_back();
    return message;
  }
  std::string csv(const std::string& lines) { return error("t.csv", lines); }

  std::string network(const std::string& yaml) {
    const fs::path file = dir_ / "network.yaml";
    std::ofstream(file) << yaml;
    return file.string();
  }

  fs::path dir_;
  static inline int count_ = 0;
};

TEST_F(ReplayErrorTest, MalformedCsv) {
  EXPECT_EQ(csv(""),
            "t.csv: empty: a CSV trace starts with a header line, e.g. time,client,action");
  EXPECT_EQ(csv("time,client,action\n# only a comment\n\n"),
            "t.csv: no actions: a trace has one line per action");
  EXPECT_EQ(csv("time,client,action,evnt\n"),
            "t.csv:1:20: unknown column 'evnt' (did you mean 'event'?); columns: time, client, "
            "action, event, room, size, node, server, volatile, ack");
  EXPECT_EQ(csv("time,client,action,client\n"), "t.csv:1:20: the column 'client' appears twice");
  EXPECT_EQ(csv("time,client\n1s,alice\n"),
            "t.csv:1:1: the header has no `action` column (every line has a time, a client and "
            "an action)");
  EXPECT_EQ(csv("time,client,action\n1s,alice,connect,x\n"),
            "t.csv:2:1: 4 fields, but the header has 3 (time, client, action)");
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,connect,\"news\n"),
            "t.csv:2:18: a quoted field does not end on its line (a trace has one action per "
            "line)");
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,connect,\"news\"x\n"),
            "t.csv:2:24: text after a closing quote");
}

TEST_F(ReplayErrorTest, MalformedFields) {
  EXPECT_EQ(csv("time,client,action\n,alice,connect\n"),
            "t.csv:2:1: time: missing: every line has a time, a client and an action");
  EXPECT_EQ(csv("time,client,action\nsoon,alice,connect\n"),
            "t.csv:2:1: time: expected a time such as 1.5s, 250ms or 1.5 (seconds), got 'soon'");
  EXPECT_EQ(csv("time,client,action\n-1s,alice,connect\n"),
            "t.csv:2:1: time: a duration cannot be negative, got '-1s'");
  EXPECT_EQ(csv("time,client,action\n1,al ice,connect\n"),
            "t.csv:2:3: client: 'al ice' is not a valid name (use letters, digits, '_', '-' and "
            "'.', not starting with '.')");
  EXPECT_EQ(csv("time,client,action\n1s,alice,conect\n"),
            "t.csv:2:10: action: unknown action 'conect' (did you mean 'connect'?); actions: "
            "connect, disconnect, emit, listen, unlisten, join, leave");
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,connect,news\n"),
            "t.csv:2:18: event: `connect` has no event");
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,listen,\n"),
            "t.csv:2:17: event: `listen` needs an event");
  EXPECT_EQ(csv("time,client,action,event,size\n1s,alice,emit,connect,10\n"),
            "t.csv:2:15: event: 'connect' is reserved by Socket.IO (connect, connect_error, "
            "disconnect, disconnecting, newListener, removeListener)");
  EXPECT_EQ(csv("time,client,action,event,size\n1s,alice,emit,*,10\n"),
            "t.csv:2:15: event: '*' stands for every event (onAny) in listen and unlisten only");
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,emit,chat\n"),
            "t.csv:2:1: size: `emit` needs a size");
  EXPECT_EQ(csv("time,client,action,event,size\n1s,alice,emit,chat,10x\n"),
            "t.csv:2:20: size: expected a size such as '1500B' (units: B, KB, MB, GB, KiB, MiB, "
            "GiB), got '10x'");
  EXPECT_EQ(csv("time,client,action,room\n1s,alice,join,\n"),
            "t.csv:2:15: room: `join` needs a room");
  EXPECT_EQ(csv("time,client,action,event,size,volatile\n1s,alice,emit,chat,10,yes\n"),
            "t.csv:2:23: volatile: expected true or false, got 'yes'");
}

TEST_F(ReplayErrorTest, MalformedJsonLines) {
  EXPECT_EQ(error("t.jsonl", "{\"time\": 1, \"client\": \"alice\", \"action\": \"connect\"\n"),
            "t.jsonl:1:1: not a JSON object (one per line, e.g. {\"time\": \"1.5s\", \"client\": "
            "\"alice\", \"action\": \"connect\"})");
  EXPECT_EQ(error("t.jsonl",
                  "{\"time\": 1, \"client\": \"alice\", \"action\": \"connect\", \"evnt\": 1}\n"),
            "t.jsonl:1:53: evnt: unknown field (did you mean 'event'?); fields: time, client, "
            "action, event, room, size, node, server, volatile, ack");
  EXPECT_EQ(error("t.jsonl",
                  "{\"time\": 1, \"client\": \"alice\", \"action\": \"connect\", \"time\": 2}\n"),
            "t.jsonl:1:53: time: given twice");
  EXPECT_EQ(error("t.jsonl", "{\"time\": [1], \"client\": \"alice\", \"action\": \"connect\"}\n"),
            "t.jsonl:1:10: time: expected a string, a number, true or false");
  EXPECT_EQ(error("t.jsonl", "{\"time\": 1, \"client\": \"alice\"}\n"),
            "t.jsonl:1:1: action: missing: every line has a time, a client and an action");
  EXPECT_EQ(error("t.jsonl", "\n# nothing\n"),
            "t.jsonl: no actions: a trace has one line per action");
}

TEST_F(ReplayErrorTest, TheFileItself) {
  EXPECT_EQ(error("t.txt", "x"),
            "t.txt: a trace is CSV (.csv) or JSON lines (.jsonl), told by its extension");
  ReplayOptions options;
  options.trace = (dir_ / "missing.csv").string();
  options.scenario = kNetwork;
  std::ostringstream out, err;
  EXPECT_EQ(replay_command(options, out, err), kExitScenarioError);
  EXPECT_EQ(err.str(), options.trace + ": cannot read the file\n");
}

TEST_F(ReplayErrorTest, TimeOrder) {
  EXPECT_EQ(csv("time,client,action\n2s,alice,connect\n1s,alice,disconnect\n"),
            "t.csv:3:1: time: time goes backwards: 1s after 2s (a trace is in time order)");
  EXPECT_EQ(csv("time,client,action\n61s,alice,connect\n"),
            "t.csv:2:1: time: after the end of the run (60s)");
  EXPECT_EQ(csv("time,client,action\n60s,alice,connect\n"),
            "t.csv:2:1: time: the client must start before the end of the run (60s)");
}

TEST_F(ReplayErrorTest, ClientsAndServers) {
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,listen,news\n"),
            "t.csv:2:10: action: 'alice' appears first with `listen`: a client's first line is "
            "its `connect`");
  EXPECT_EQ(csv("time,client,action\n1s,app,connect\n"),
            "t.csv:2:8: action: 'app' is a server: its lines are emits, got `connect`");
  EXPECT_EQ(csv("time,client,action,event,size,node\n1s,app,emit,news,10,phone\n"),
            "t.csv:2:21: node: a server's emit has no node");
  EXPECT_EQ(csv("time,client,action,node\n1s,alice,connect,laptp1\n"),
            "t.csv:2:18: node: unknown node 'laptp1' (did you mean 'laptop1'?)");
  EXPECT_EQ(csv("time,client,action,node\n1s,alice,connect,core\n"),
            "t.csv:2:18: node: 'core' is a router; applications run on hosts");
  EXPECT_EQ(csv("time,client,action,node\n1s,alice,connect,server\n"),
            "t.csv:2:18: node: a client runs on another node than its server ('server')");
  EXPECT_EQ(csv("time,client,action,server\n1s,alice,connect,ap\n"),
            "t.csv:2:18: server: unknown realtime server 'ap' (did you mean 'app'?)");
  EXPECT_EQ(csv("time,client,action,node\n1s,alice,connect,laptop1\n2s,alice,disconnect,laptop2\n"),
            "t.csv:3:21: node: 'alice' runs on 'laptop1'");
  EXPECT_EQ(csv("time,client,action,server\n1s,alice,connect,app\n2s,alice,disconnect,other\n"),
            "t.csv:3:21: server: 'alice' connects to 'app'");
}

TEST_F(ReplayErrorTest, TheNetwork) {
  const std::string two_servers = network(
      "name: two\nduration: 10s\nnodes: {s: {}, r: {kind: router}, a: {}, b: {}}\n"
      "links:\n  l1: {between: [s, r], rate: 1Mbps}\n  l2: {between: [a, r], rate: 1Mbps}\n"
      "realtime:\n  servers:\n    one: {node: s}\n    two: {node: s, port: 81}\n");
  EXPECT_EQ(error("t.csv", "time,client,action\n1s,alice,connect\n", two_servers),
            "t.csv:2:4: client: which server does 'alice' connect to? The scenario has one, two: "
            "give its first line a `server`");
  // The default node is `a` (the first host without a server); `b` has no link.
  EXPECT_EQ(error("t.csv", "time,client,action,node,server\n1s,alice,connect,b,one\n", two_servers),
            "t.csv:2:18: node: 's' (server 'one') cannot be reached from 'b' (hosts do not "
            "forward; connect them through routers)");
  const std::string only_servers = network(
      "name: busy\nduration: 10s\nnodes: {s: {}}\nrealtime:\n  servers:\n    app: {node: s}\n");
  EXPECT_EQ(error("t.csv", "time,client,action\n1s,alice,connect\n", only_servers),
            "t.csv:2:4: client: no host for 'alice': every host runs a realtime server; give its "
            "first line a `node`");
  const std::string no_servers =
      network("name: plain\nduration: 10s\nnodes: {a: {}}\ntraffic: {}\n");
  EXPECT_EQ(error("t.csv", "time,client,action\n1s,alice,connect\n", no_servers),
            "network.yaml: the trace's clients need a server: the scenario has no "
            "`realtime.servers`");
  const std::string study = network(
      "name: study\nduration: 10s\nreplications: 3\nnodes: {s: {}, a: {}}\n"
      "links: {l: {between: [s, a], rate: 1Mbps}}\nrealtime:\n  servers:\n    app: {node: s}\n");
  EXPECT_EQ(error("t.csv", "time,client,action\n1s,alice,connect\n", study),
            "network.yaml: a replay is one run: the scenario has a `sweep` or `replications`");
  const std::string taken = network(
      "name: taken\nduration: 10s\nnodes: {s: {}, a: {}}\n"
      "links: {l: {between: [s, a], rate: 1Mbps}}\n"
      "realtime:\n  servers:\n    app: {node: s}\n  clients:\n    alice: {node: a, server: app}\n");
  EXPECT_EQ(error("t.csv", "time,client,action\n1s,alice,connect\n", taken),
            "t.csv:2:4: client: the name 'alice' is already taken by a realtime client of the "
            "scenario");
}

TEST_F(ReplayErrorTest, ConnectAndDisconnect) {
  EXPECT_EQ(csv("time,client,action\n1s,alice,connect\n2s,alice,connect\n"),
            "t.csv:3:10: action: 'alice' is connected already (connect on line 2)");
  EXPECT_EQ(csv("time,client,action\n1s,alice,connect\n2s,alice,disconnect\n3s,alice,disconnect\n"),
            "t.csv:4:10: action: 'alice' is not connected (it disconnected on line 3)");
  EXPECT_EQ(csv("time,client,action\n1s,alice,connect\n1s,alice,disconnect\n"),
            "t.csv:3:1: time: 'alice' disconnects as it connects (line 2)");
}

TEST_F(ReplayErrorTest, ListenersAndRooms) {
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,connect,\n2s,alice,unlisten,news\n"),
            "t.csv:3:19: event: 'alice' has no 'news' listener to remove");
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,connect,\n2s,alice,unlisten,*\n"),
            "t.csv:3:19: event: 'alice' has no onAny listener to remove");
  EXPECT_EQ(csv("time,client,action,event\n1s,alice,connect,\n2s,alice,listen,news\n"
                "2s,alice,unlisten,news\n"),
            "t.csv:4:1: time: 'alice' removes the listener of line 3 as it registers it");
  EXPECT_EQ(csv("time,client,action,room\n1s,alice,connect,\n2s,alice,join,lobby\n"
                "3s,alice,join,lobby\n"),
            "t.csv:4:15: room: 'alice' is in 'lobby' already (joined on line 3)");
  EXPECT_EQ(csv("time,client,action,room\n1s,alice,connect,\n2s,alice,leave,lobby\n"),
            "t.csv:3:16: room: 'alice' is not in 'lobby'");
  EXPECT_EQ(csv("time,client,action,room\n1s,alice,connect,\n2s,alice,join,lobby\n"
                "2s,alice,leave,lobby\n"),
            "t.csv:4:1: time: 'alice' leaves 'lobby' as it joins it (line 3)");
  EXPECT_EQ(csv("time,client,action,event,room,size\n1s,alice,connect,,,\n"
                "2s,alice,emit,chat,lobby,10\n"),
            "t.csv:3:20: room: a client's emit goes to its server: no room (rooms are for a "
            "server's emits)");
  EXPECT_EQ(csv("time,client,action,event,room,size\n1s,alice,connect,,,\n"
                "2s,app,emit,news,lobyy,10\n3s,alice,join,,lobby,\n"),
            "t.csv:3:18: room: unknown room 'lobyy' (did you mean 'lobby'?): no client of 'app' "
            "joins it, and it is not in its `rooms`");
  const std::string with_rooms = network(
      "name: rooms\nduration: 10s\nnodes: {s: {}, a: {}}\n"
      "links: {l: {between: [s, a], rate: 1Mbps}}\n"
      "realtime:\n  servers:\n    app: {node: s, rooms: [lobby]}\n");
  EXPECT_EQ(error("t.csv", "time,client,action,room\n1s,alice,connect,\n2s,alice,join,lobby\n",
                  with_rooms),
            "t.csv:3:15: room: every socket of 'app' joins 'lobby' already (its `rooms`)");
}

// --- the scenario keys a trace becomes -------------------------------------------------------

std::string load_error(const std::string& realtime) {
  const std::string yaml =
      "name: keys\nduration: 60s\nnodes: {s: {}, a: {}}\n"
      "links: {l: {between: [s, a], rate: 1Mbps}}\nrealtime:\n" +
      realtime;
  try {
    scenario::load_scenario_text(yaml, "keys.yaml");
  } catch (const scenario::ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(ReplayScenarioKeys, JoinsAndConnectAgainAreChecked) {
  const std::string server = "  servers:\n    app:\n      node: s\n";
  const std::string client = "  clients:\n    alice:\n      node: a\n      server: app\n";
  EXPECT_EQ(load_error(server + "      joins: [{client: alice, room: vip, at: 5s}]\n" + client),
            "");
  EXPECT_EQ(load_error(server + "      joins: [{client: alcie, room: vip}]\n" + client),
            "keys.yaml:9:24: realtime.servers.app.joins[0].client: unknown realtime client "
            "'alcie' (did you mean 'alice'?)");
  EXPECT_EQ(
      load_error(server + "      joins: [{client: alice, room: vip, at: 5s, leave_at: 5s}]\n" +
                 client),
      "keys.yaml:9:60: realtime.servers.app.joins[0].leave_at: leaves before it joins (at: "
      "5s)");
  EXPECT_EQ(load_error(server +
                       "      joins: [{client: alice, room: vip}, {client: alice, room: vip, at: "
                       "5s}]\n" +
                       client),
            "keys.yaml:9:43: realtime.servers.app.joins[1]: 'alice' is in 'vip' already then "
            "(joined at 0s)");
  EXPECT_EQ(load_error(server + client + "      connect_again: [{at: 30s}]\n"),
            "keys.yaml:13:22: realtime.clients.alice.connect_again: socket.connect() again "
            "comes after a socket.disconnect(): set `disconnect_at`");
  EXPECT_EQ(
      load_error(server + client + "      disconnect_at: 20s\n      connect_again: [{at: 10s}]\n"),
      "keys.yaml:14:28: realtime.clients.alice.connect_again[0].at: before the disconnect "
      "it follows (20s)");
  EXPECT_EQ(load_error(server + client +
                       "      disconnect_at: 20s\n      connect_again: [{at: 30s}, {at: 40s}]\n"),
            "keys.yaml:14:23: realtime.clients.alice.connect_again[0]: only the last connect may "
            "stay connected: give it a `disconnect_at`");
}

}  // namespace
}  // namespace netsim::cli
