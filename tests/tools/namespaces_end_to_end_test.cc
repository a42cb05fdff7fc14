// The bundled two-namespace scenario (scenarios/namespaces.yaml) end to end: the page that
// multiplexes "/" and "/admin" on one connection (dash) against the page that opens one per
// namespace (kiosk), read from the reports as its comments promise.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "tests/tools/csv_reader.h"
#include "tests/tools/realtime_results.h"

namespace netsim::cli {
namespace {

namespace fs = std::filesystem;
using testing::CsvTable;
using testing::read_csv;
using testing::Row;
using testing::t;

class NamespacesTest : public ::testing::Test {
 protected:
  static fs::path root() {
    return fs::temp_directory_path() / ("netsim-namespaces-e2e-" + std::to_string(::getpid()));
  }
  static void TearDownTestSuite() { fs::remove_all(root()); }

  // Runs the scenario once per test suite.
  static const fs::path& results() {
    static const fs::path results_dir = testing::run_scenario(
        root() / "namespaces", std::string(NETSIM_SOURCE_DIR) + "/scenarios/namespaces.yaml");
    return results_dir;
  }
  static std::vector<Row> rows(const std::string& who, const std::string& what) {
    return testing::timeline_rows(results(), who, what);
  }
};

TEST_F(NamespacesTest, AMultiplexedPageHasOneConnectionForBothNamespaces) {
  // dash-admin's socket rides dash's connection: no open, handshake or ping of its own; its
  // CONNECT at 3 s is answered one RTT (2 × 25 ms) later. kiosk-admin opens a connection.
  EXPECT_EQ(rows("dash", "open").size(), 2u);  // and the reconnection's
  EXPECT_TRUE(rows("dash-admin", "open").empty());
  EXPECT_TRUE(rows("dash-admin", "ws-open").empty());
  EXPECT_TRUE(rows("dash-admin", "ping").empty());
  ASSERT_EQ(rows("dash-admin", "connect").size(), 2u);
  EXPECT_NEAR(t(rows("dash-admin", "connect")[0]), 3.05, 0.001);
  EXPECT_EQ(rows("kiosk-admin", "open").size(), 2u);
  EXPECT_NEAR(t(rows("kiosk-admin", "connect")[0]), 3.15, 0.001);  // TCP, Upgrade, CONNECT
  // One heartbeat for the page: dash hears as many pings as kiosk and kiosk-admin each.
  EXPECT_EQ(rows("dash", "ping").size(), rows("kiosk", "ping").size());
  EXPECT_EQ(rows("dash", "ping").size(), rows("kiosk-admin", "ping").size());
  EXPECT_FALSE(rows("dash", "ping").empty());
  // So its mobile link carries fewer bytes each way.
  std::map<std::string, double> bytes;
  for (const Row& r : read_csv((results() / "links.csv").string()).rows) {
    bytes[r.at("link") + " " + r.at("direction")] = std::stod(r.at("delivered_bytes"));
  }
  EXPECT_LT(bytes.at("dash-mobile forward"), bytes.at("kiosk-mobile forward"));
  EXPECT_LT(bytes.at("dash-mobile reverse"), bytes.at("kiosk-mobile reverse"));
}

TEST_F(NamespacesTest, OneHeartbeatDropsBothSocketsTogetherAndOneReconnectionRestoresThem) {
  const auto dash = rows("dash", "disconnect");
  const auto dash_admin = rows("dash-admin", "disconnect");
  ASSERT_EQ(dash.size(), 1u);
  ASSERT_EQ(dash_admin.size(), 1u);
  EXPECT_EQ(dash.at(0).at("detail"), "ping timeout");
  EXPECT_EQ(dash_admin.at(0).at("detail"), "ping timeout");
  EXPECT_EQ(dash.at(0).at("time_s"), dash_admin.at(0).at("time_s"));
  // 45 s (pingInterval + pingTimeout) after the last ping before the cut at 40 s.
  EXPECT_NEAR(t(dash.at(0)), t(rows("dash", "ping").at(0)) + 45, 1e-9);
  EXPECT_EQ(rows("dash", "reconnect").size(), 1u);
  EXPECT_TRUE(rows("dash-admin", "reconnect").empty());
  // Each socket recovers its own session: same id, "recovered".
  for (const char* who : {"dash", "dash-admin", "kiosk", "kiosk-admin"}) {
    const auto connects = rows(who, "connect");
    ASSERT_EQ(connects.size(), 2u) << who;
    EXPECT_EQ(connects[1].at("detail"), connects[0].at("detail") + " recovered") << who;
  }
  // Two connections, two heartbeats: kiosk-admin's started 3 s later, so it notices 3 s later
  // (give or take the two handshakes' few µs of transmission).
  const auto kiosk = rows("kiosk", "disconnect");
  const auto kiosk_admin = rows("kiosk-admin", "disconnect");
  ASSERT_EQ(kiosk.size(), 1u);
  ASSERT_EQ(kiosk_admin.size(), 1u);
  EXPECT_NEAR(t(kiosk_admin.at(0)) - t(kiosk.at(0)), 3.0, 1e-3);
}

TEST_F(NamespacesTest, EachBroadcastIsMeantForItsNamespaceAndRecoveredThere) {
  // news every 5 s from 1 s to "/" (30), alerts every 10 s from 4 s to "/admin" (15). The
  // outage (40-70 s, reconnected at ~71.4 s; kiosk-admin at ~74.4 s) recovers the news of 41 …
  // 71 s (7) and the alerts of 44, 54, 64 s (3; kiosk-admin also 74 s).
  const std::map<std::string, std::pair<int, int>> expected{
      {"dash", {30, 7}}, {"dash-admin", {15, 3}}, {"kiosk", {30, 7}}, {"kiosk-admin", {15, 4}}};
  const CsvTable missed = read_csv((results() / "missed.csv").string());
  int seen = 0;
  for (const Row& r : missed.rows) {
    if (r.at("scope") != "recipient") continue;
    const auto& [intended, recovered] = expected.at(r.at("key"));
    EXPECT_EQ(std::stoi(r.at("intended")), intended) << r.at("key");
    EXPECT_EQ(std::stoi(r.at("recovered")), recovered) << r.at("key");
    EXPECT_EQ(r.at("missed"), "0") << r.at("key");
    ++seen;
  }
  EXPECT_EQ(seen, 4);
  // The replays travel on their own namespace: "/" sockets get news only, "/admin" alerts only.
  for (const Row& r : read_csv((results() / "realtime_events.csv").string()).rows) {
    const std::string& who = r.at("recipient");
    if (who == "app") continue;
    const bool admin = who.find("-admin") != std::string::npos;
    EXPECT_EQ(r.at("event"), admin ? "alert" : "news") << who;
  }
}

}  // namespace
}  // namespace netsim::cli
