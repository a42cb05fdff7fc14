// A Socket.IO session captured with the TCP byte streams as the pcap writer's payload source, and
// decoded by Wireshark's own HTTP and WebSocket dissectors (tshark), which know nothing of netsim:
// the Upgrade request and the 101 with its RFC 6455 §4.2.2 accept key, the frames (masked from
// client to server only, RFC 6455 §5.3) carrying the Engine.IO and Socket.IO packets as text, and
// checksums that verify over the real bytes. A corrupted packet keeps its flipped bit. The HTTP
// answers decode as Node.js's: the client file chunked, Date and Keep-Alive, the server's FIN
// first on an idle connection.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/net/pcap_writer.h"
#include "models/websocket/handshake.h"
#include "tests/realtime/realtime_fixture.h"
#include "tests/tools/tshark.h"

namespace netsim::realtime {
namespace {

namespace fs = std::filesystem;
using netsim::testing::fields_from;
using netsim::testing::Tshark;
using netsim::testing::tshark;
using testing::RealtimeNet;

constexpr std::string_view kClient = "10.0.0.1";
constexpr std::string_view kServer = "10.0.0.2";

class RealtimePcapTest : public ::testing::Test {
 protected:
  // One client connects, emits "chat"; the server broadcasts "news"; both are captured.
  static void SetUpTestSuite() {
    fs::remove_all(dir());
    fs::create_directories(dir());
    RealtimeNet net;
    net::PcapWriter pcap(net.network, dir());
    pcap.set_payload_source(&net.directory);
    net.network.set_tap(&pcap);
    ClientSpec spec;
    spec.name = "c1";
    spec.options.transports = {
        socketio::Transport::WebSocket};  // one TCP connection: HTTP Upgrade, then frames
    Client& c = net.add_client(spec);
    c.listeners().add("news", {sim::Time::from_ns(0), std::nullopt});
    c.connect();
    net.run_until_ms(100);
    ASSERT_TRUE(c.connected()) << net.dump();
    c.emit("chat", 20);
    ASSERT_EQ(net.server->emit(Audience{}, "news", 10), 1u);
    net.run_until_ms(200);
    ASSERT_EQ(net.events.received().size(), 2u) << net.dump();
    net.network.set_tap(nullptr);
    pcap.close();
    socket_id() = c.id();
  }
  static void TearDownTestSuite() { fs::remove_all(dir()); }
  static fs::path dir() {
    return fs::temp_directory_path() / ("netsim-realtime-pcap-" + std::to_string(::getpid()));
  }
  static fs::path client_capture() { return dir() / "client-l.pcap"; }
  static fs::path server_capture() { return dir() / "server-l.pcap"; }
  static std::string& socket_id() {
    static std::string id;
    return id;
  }
};

TEST_F(RealtimePcapTest, rfc6455_4_upgrade_request_and_101_decode_as_http_with_the_accept_key) {
  const Tshark t =
      tshark(server_capture(), {"ip.src", "http.request.method", "http.request.uri", "http.upgrade",
                                "http.sec_websocket_key", "http.response.code",
                                "http.response.phrase", "http.sec_websocket_accept"});
  ASSERT_EQ(t.status, 0) << t.errors;
  EXPECT_EQ(t.errors, "");
  std::vector<std::vector<std::string>> requests, responses;
  for (const auto& r : t.rows) {
    ASSERT_GE(r.size(), 2u);
    if (r[1] == "GET") requests.push_back(r);
    if (r.size() > 5 && !r[5].empty()) responses.push_back(r);
  }
  ASSERT_EQ(requests.size(), 1u);
  ASSERT_EQ(responses.size(), 1u);
  const auto& get = requests[0];
  ASSERT_GE(get.size(), 5u);
  EXPECT_EQ(get[0], kClient);
  EXPECT_EQ(get[2], "/socket.io/?EIO=4&transport=websocket");
  EXPECT_EQ(get[3], "websocket");
  EXPECT_EQ(get[4].size(), 24u);  // 16 random bytes, base64 (§4.1)
  const auto& answer = responses[0];
  ASSERT_EQ(answer.size(), 8u);
  EXPECT_EQ(answer[0], kServer);
  EXPECT_EQ(answer[5], "101");
  EXPECT_EQ(answer[6], "Switching Protocols");
  EXPECT_EQ(answer[7], websocket::accept_key(get[4]));
}

TEST_F(RealtimePcapTest,
       websocket_frames_are_masked_client_to_server_only_and_carry_socketio_text) {
  const Tshark t = tshark(client_capture(), {"ip.src", "websocket.opcode", "websocket.mask",
                                             "websocket.payload_length", "websocket.payload.text"});
  ASSERT_EQ(t.status, 0) << t.errors;
  EXPECT_EQ(t.errors, "");
  struct Frame {
    std::string src, opcode, mask, length, text;
  };
  std::vector<Frame> frames;
  for (const auto& r : t.rows) {
    if (r.size() < 2 || r[1].empty()) continue;  // no WebSocket frame in this segment
    ASSERT_GE(r.size(), 5u) << fields_from(r, 0);
    frames.push_back({r[0], r[1], r[2], r[3], fields_from(r, 4)});
  }
  // The Engine.IO open packet, the Socket.IO CONNECT and its ack, then an event each way.
  ASSERT_EQ(frames.size(), 5u);
  const std::vector<std::string_view> from = {kServer, kClient, kServer, kClient, kServer};
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    EXPECT_EQ(f.src, from[i]) << i;
    EXPECT_EQ(f.opcode, "1") << i;  // text (§5.2)
    // §5.3: a client masks every frame it sends, a server none.
    EXPECT_EQ(f.mask, f.src == kClient ? "1" : "0") << i;
    EXPECT_EQ(f.length, std::to_string(f.text.size())) << i;
  }
  EXPECT_TRUE(frames[0].text.starts_with(R"(0{"sid":")")) << frames[0].text;
  EXPECT_NE(frames[0].text.find(R"("pingInterval":25000,"pingTimeout":20000)"), std::string::npos)
      << frames[0].text;
  EXPECT_EQ(frames[1].text, "40");
  EXPECT_EQ(frames[2].text, R"(40{"sid":")" + socket_id() + R"("})");
  EXPECT_TRUE(frames[3].text.starts_with(R"(42["chat",")")) << frames[3].text;
  EXPECT_TRUE(frames[4].text.starts_with(R"(42["news",")")) << frames[4].text;
}

TEST_F(RealtimePcapTest, every_checksum_verifies_over_the_real_payload) {
  for (const fs::path& file : {client_capture(), server_capture()}) {
    const Tshark t = tshark(file, {"ip.checksum.status", "tcp.checksum.status", "tcp.len"});
    ASSERT_EQ(t.status, 0) << t.errors;
    std::uint64_t payload = 0;
    for (const auto& r : t.rows) {
      ASSERT_EQ(r.size(), 3u);
      EXPECT_EQ(r[0], "1") << file;  // Good
      EXPECT_EQ(r[1], "1") << file;
      payload += std::stoull(r[2]);
    }
    EXPECT_GT(payload, 0u);
  }
}

// Writes "Hello" into every payload.
class HelloSource final : public net::PayloadSource {
 public:
  bool fill_payload(const net::Packet&, std::span<std::uint8_t> payload) const override {
    constexpr std::string_view kHello = "Hello";
    if (payload.size() != kHello.size()) return false;
    std::copy(kHello.begin(), kHello.end(), payload.begin());
    return true;
  }
};

TEST_F(RealtimePcapTest, corrupted_packet_shows_its_flipped_bit_in_the_real_payload) {
  const fs::path out = dir() / "corrupt";
  fs::create_directories(out);
  RealtimeNet net;
  HelloSource hello;
  net::PcapWriter pcap(net.network, out);
  pcap.set_payload_source(&hello);
  net::Packet p;
  p.ip.protocol = net::IpProtocol::Tcp;
  p.ip.source = net.network.node(0).address();
  p.ip.destination = net.network.node(1).address();
  p.tcp.source_port = 40000;
  p.tcp.destination_port = 9000;
  p.tcp.flags = net::tcp_flags::kAck | net::tcp_flags::kPsh;
  p.payload = sim::Bytes(5);
  p.ip.total_length =
      static_cast<std::uint16_t>(net::kIpv4HeaderBytes + net::kTcpHeaderBytes + p.payload.count());
  // The last bit of the first payload byte, counted from the start of the IPv4 header.
  p.corrupted_bit =
      static_cast<std::int32_t>((net::kIpv4HeaderBytes + net::kTcpHeaderBytes) * 8 + 7);
  const sim::Time now = sim::Time::from_ns(0);
  pcap.on_transmit(net.link->forward, p, now);  // the sender's copy is intact
  pcap.on_arrive(net.link->forward, p, now);    // the receiver's copy carries the flip
  pcap.close();

  const Tshark sent = tshark(out / "client-l.pcap", {"tcp.payload", "tcp.checksum.status"});
  const Tshark received = tshark(out / "server-l.pcap", {"tcp.payload", "tcp.checksum.status"});
  ASSERT_EQ(sent.status, 0) << sent.errors;
  ASSERT_EQ(received.status, 0) << received.errors;
  ASSERT_EQ(sent.rows.size(), 1u);
  ASSERT_EQ(received.rows.size(), 1u);
  EXPECT_EQ(sent.rows[0], (std::vector<std::string>{"48656c6c6f", "1"}));      // "Hello", Good
  EXPECT_EQ(received.rows[0], (std::vector<std::string>{"49656c6c6f", "0"}));  // "Iello", Bad
}

}  // namespace
}  // namespace netsim::realtime

namespace netsim::realtime {
namespace {

// Multiplexing as Wireshark sees it: two sockets of one page, on "/" and "/admin", put their
// CONNECTs and events on one TCP stream, the namespace written before the payload (SIO-SPEC
// "Packet encoding": `<type>[<nsp>,][<data>]`, the nsp only when it is not "/").
TEST(RealtimePcap, multiplexed_namespaces_share_one_tcp_stream) {
  const fs::path dir =
      fs::temp_directory_path() / ("netsim-realtime-multiplex-pcap-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string main_id, admin_id;
  {
    RealtimeNet net;
    net::PcapWriter pcap(net.network, dir);
    pcap.set_payload_source(&net.directory);
    net.network.set_tap(&pcap);
    ClientSpec main_spec;
    main_spec.name = "main";
    main_spec.options.transports = {socketio::Transport::WebSocket};
    Client& main = net.add_client(main_spec);
    ClientSpec admin_spec = main_spec;
    admin_spec.name = "admin";
    admin_spec.nsp = "/admin";
    Client& admin = net.add_socket(main, admin_spec);
    admin.listeners().add("alert", {sim::Time::from_ns(0), std::nullopt});
    main.connect();
    admin.connect();
    net.run_until_ms(100);
    ASSERT_TRUE(admin.connected()) << net.dump();
    Audience to_admin;
    to_admin.nsp = "/admin";
    ASSERT_EQ(net.server->emit(to_admin, "alert", 10), 1u);
    net.run_until_ms(200);
    net.network.set_tap(nullptr);
    pcap.close();
    main_id = main.id();
    admin_id = admin.id();
  }
  const Tshark t = tshark(dir / "client-l.pcap", {"tcp.stream", "websocket.payload.text"});
  ASSERT_EQ(t.status, 0) << t.errors;
  std::vector<std::string> texts;
  for (const auto& r : t.rows) {
    ASSERT_FALSE(r.empty());
    EXPECT_EQ(r[0], "0");  // one TCP connection in the capture
    if (r.size() >= 2 && !r[1].empty()) texts.push_back(fields_from(r, 1));
  }
  // The open packet, both CONNECTs (in subscription order), both acks, the alert.
  ASSERT_EQ(texts.size(), 6u);
  EXPECT_TRUE(texts[0].starts_with(R"(0{"sid":")")) << texts[0];
  EXPECT_EQ(texts[1], "40");
  EXPECT_EQ(texts[2], "40/admin,");
  EXPECT_EQ(texts[3], R"(40{"sid":")" + main_id + R"("})");
  EXPECT_EQ(texts[4], R"(40/admin,{"sid":")" + admin_id + R"("})");
  EXPECT_TRUE(texts[5].starts_with(R"(42/admin,["alert",")")) << texts[5];
  fs::remove_all(dir);
}

// A page that fetches the client file (asking for no coding), then polls and upgrades; the
// server closes the idle HTTP connections 6 s after their last answer. Wireshark's HTTP dissector
// reads the chunked file (three 64 KiB-or-less chunks, reassembled), the Date and Keep-Alive
// fields Node.js adds, and sees the server's FIN first on each HTTP connection.
TEST(RealtimePcap, http_answers_decode_with_chunks_dates_and_the_servers_idle_close) {
  const fs::path dir =
      fs::temp_directory_path() / ("netsim-realtime-http-pcap-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    RealtimeNet net;  // serves socket.io 4.8.3's socket.io.js
    net::PcapWriter pcap(net.network, dir);
    pcap.set_payload_source(&net.directory);
    net.network.set_tap(&pcap);
    ClientSpec spec;
    spec.name = "page";
    spec.fetch_script = true;
    spec.accept_encoding = "";
    Client& c = net.add_client(spec);
    c.connect();
    net.run_until_ms(10'000);
    ASSERT_TRUE(c.connected()) << net.dump();
    net.network.set_tap(nullptr);
    pcap.close();
  }
  // One tshark run per multi-valued or comma-holding field, which goes last in its row.
  const fs::path capture = dir / "server-l.pcap";
  const Tshark chunks = tshark(capture, {"http.response.code", "http.response_for.uri",
                                         "http.transfer_encoding", "http.chunk_size"});
  ASSERT_EQ(chunks.status, 0) << chunks.errors;
  EXPECT_EQ(chunks.errors, "");
  int answers = 0;
  bool script = false;
  for (const auto& r : chunks.rows) {
    if (r.size() < 2 || r[0].empty()) continue;
    ++answers;
    if (r[1].ends_with("/socket.io/socket.io.js")) {
      script = true;
      ASSERT_GE(r.size(), 4u);
      EXPECT_EQ(r[2], "chunked");
      EXPECT_EQ(fields_from(r, 3), "65536,65536,24764,0");  // 64 KiB reads, then the last chunk
    }
  }
  EXPECT_TRUE(script);
  EXPECT_GE(answers, 5);  // the file, the handshake, the CONNECT's POST and poll, the 101, ...
  const Tshark dates = tshark(capture, {"http.response.code", "http.date"});
  ASSERT_EQ(dates.status, 0) << dates.errors;
  const Tshark lines = tshark(capture, {"http.response.code", "http.response.line"});
  ASSERT_EQ(lines.status, 0) << lines.errors;
  ASSERT_EQ(dates.rows.size(), lines.rows.size());
  for (std::size_t i = 0; i < dates.rows.size(); ++i) {
    const auto& d = dates.rows[i];
    if (d.empty() || d[0].empty() || d[0] == "101") continue;  // ws writes no Date
    // IMF-fixdate from the server's epoch (2026-01-01T00:00:00Z) plus the simulated clock.
    EXPECT_TRUE(fields_from(d, 1).starts_with("Thu, 01 Jan 2026 00:00:0")) << fields_from(d, 1);
    EXPECT_NE(fields_from(lines.rows[i], 1).find("Keep-Alive: timeout=5\\r\\n"), std::string::npos)
        << fields_from(lines.rows[i], 1);
  }
  // Who closed each connection: the first FIN of every HTTP connection is the server's.
  const Tshark fins = tshark(capture, {"tcp.stream", "ip.src", "tcp.flags.fin"});
  ASSERT_EQ(fins.status, 0) << fins.errors;
  std::map<std::string, std::string> first_fin;
  for (const auto& r : fins.rows) {
    if (r.size() >= 3 && r[2] == "1" && !first_fin.count(r[0])) first_fin[r[0]] = r[1];
  }
  ASSERT_EQ(first_fin.size(), 3u);  // the file's, the polls', the POSTs'; the WebSocket stays
  for (const auto& [stream, from] : first_fin) EXPECT_EQ(from, kServer) << "stream " << stream;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace netsim::realtime
