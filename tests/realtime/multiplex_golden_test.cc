// The multiplexed session of tools/validate/multiplex_golden/generate.js, which the reference
// implementation (socket.io 4.8.3 and socket.io-client 4.8.3 over a real localhost connection)
// ran to write tests/data/multiplex_golden.tsv, run again in netsim: a page opens "/" and
// "/admin" on one Manager at 0 ms, "/admin" disconnects at 500 ms and "/" at 700 ms (over
// polling just after an emit), over WebSocket only and over long-polling only. Compared kind by
// kind (the order between kinds depends on timing): what the client sent (WebSocket frames, or POST
// bodies as batches), decoded by tshark from netsim's capture; what the server sent (WebSocket; not
// the open packet, which the reference sends before a listener can see it); the server sockets'
// disconnect reasons; whether the client's connection was open after each socket left.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "models/net/pcap_writer.h"
#include "tests/realtime/realtime_fixture.h"
#include "tests/tools/golden_tsv.h"
#include "tests/tools/tshark.h"

namespace netsim::realtime {
namespace {

namespace fs = std::filesystem;
using netsim::testing::fields_from;
using netsim::testing::Tshark;
using netsim::testing::tshark;
using testing::RealtimeNet;

using Kinds = std::map<std::string, std::vector<std::string>>;  // kind → values in order

// Socket ids are random, and netsim's event payloads carry its event ids: both are masked, on
// both sides.
std::string mask(const std::string& text) {
  static const std::regex sid(R"("sid":"[^"]*")");
  static const std::regex chat(R"(\["chat",.*\])");
  return std::regex_replace(std::regex_replace(text, sid, R"("sid":"<id>")"), chat,
                            R"(["chat",<data>])");
}

std::map<std::string, Kinds> golden() {
  std::map<std::string, Kinds> out;
  std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/tests/data/multiplex_golden.tsv");
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = netsim::testing::golden_fields(line);  // case, kind, value
    out[f.at(0)][f.at(1)].push_back(mask(f.at(2)));
  }
  return out;
}

Kinds run_netsim(socketio::Transport transport) {
  const fs::path dir =
      fs::temp_directory_path() / ("netsim-multiplex-golden-" + std::to_string(::getpid()) + "-" +
                                   std::to_string(static_cast<int>(transport)));
  fs::remove_all(dir);
  fs::create_directories(dir);
  Kinds out;
  {
    RealtimeNet net;
    net::PcapWriter pcap(net.network, dir);
    pcap.set_payload_source(&net.directory);
    net.network.set_tap(&pcap);
    ClientSpec spec;
    spec.name = "main";
    spec.options.transports = {transport};
    Client& main = net.add_client(spec);
    spec.name = "admin";
    spec.nsp = "/admin";
    Client& admin = net.add_socket(main, spec);
    main.connect();
    admin.connect();
    net.at_ms(500, [](RealtimeNet& n) { n.clients[1]->disconnect(); });
    net.run_until_ms(700);
    out["engine"].push_back(net.entries("main", "eio-close").empty() ? "open" : "closed");
    if (transport == socketio::Transport::Polling) {
      // Its POST is in flight when the DISCONNECT is written.
      net.at_ms(700, [](RealtimeNet& n) { n.clients[0]->emit("chat", 2); });
    }
    net.at_ms(700, [](RealtimeNet& n) { n.clients[0]->disconnect(); });
    net.run_until_ms(900);
    out["engine"].push_back(net.entries("main", "eio-close").empty() ? "open" : "closed");
    out["disconnect"] = net.app.namespace_disconnects;
    net.network.set_tap(nullptr);
    pcap.close();
  }
  const fs::path capture = dir / "client-l.pcap";
  if (transport == socketio::Transport::WebSocket) {
    const Tshark t = tshark(capture, {"ip.src", "websocket.payload.text"});
    EXPECT_EQ(t.status, 0) << t.errors;
    for (const auto& r : t.rows) {
      if (r.size() < 2 || r[1].empty()) continue;
      const std::string text = mask(fields_from(r, 1));
      if (r[0] == "10.0.0.1" && text != "3") out["client"].push_back(text);
      if (r[0] == "10.0.0.2" && text != "2" && !text.starts_with("0{")) {
        out["server"].push_back(text);
      }
    }
  } else {
    const Tshark t = tshark(capture, {"http.request.method", "http.file_data"});
    EXPECT_EQ(t.status, 0) << t.errors;
    for (const auto& r : t.rows) {
      if (!r.empty() && r[0] == "POST") out["client"].push_back(mask(fields_from(r, 1)));
    }
  }
  fs::remove_all(dir);
  return out;
}

TEST(MultiplexGolden, websocket_session_matches_the_reference) {
  const auto expected = golden();
  ASSERT_EQ(expected.count("websocket"), 1u) << "tests/data/multiplex_golden.tsv";
  EXPECT_EQ(run_netsim(socketio::Transport::WebSocket), expected.at("websocket"));
}

TEST(MultiplexGolden, polling_session_matches_the_reference) {
  const auto expected = golden();
  ASSERT_EQ(expected.count("polling"), 1u) << "tests/data/multiplex_golden.tsv";
  EXPECT_EQ(run_netsim(socketio::Transport::Polling), expected.at("polling"));
}

}  // namespace
}  // namespace netsim::realtime
