// The HTTP answers of netsim's server model against the reference's: tools/validate/http_golden
// sent fixed requests to socket.io 4.8.3 on Node.js 20's http server and recorded every
// response byte (tests/data/http_golden.tsv). Here the same request bytes go to the model over
// the simulated TCP, and the response bytes must be the same — but for the session id, the Date
// value (the clock) and the client file's bytes (netsim sends as many filler bytes as the file
// has).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/realtime/realtime_fixture.h"
#include "tests/tools/golden_tsv.h"

namespace netsim::realtime::testing {
namespace {

struct GoldenCase {
  std::string request;   // with <sid> where a session's id goes
  std::string response;  // with <sid>, <date> and <N bytes> for the client file's chunks
};

std::map<std::string, GoldenCase> read_golden() {
  std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/tests/data/http_golden.tsv");
  std::map<std::string, GoldenCase> out;
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = netsim::testing::golden_fields(line);
    if (f.size() == 3) out[f[0]] = {f[1], f[2]};
  }
  return out;
}

void replace_all(std::string& text, std::string_view what, std::string_view with) {
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
}

// The golden file's masks applied to netsim's bytes: the Date value, the session id, a "sid"
// value in the body (also the Socket.IO id of a CONNECT ack), and each file chunk's data.
std::string masked(std::string response, const std::string& sid) {
  const std::size_t date = response.find("\r\nDate: ");
  if (date != std::string::npos) response.replace(date + 8, 29, "<date>");
  if (!sid.empty()) replace_all(response, sid, "<sid>");
  const std::size_t id = response.find(R"("sid":")");
  if (id != std::string::npos) {
    const std::size_t from = id + 7;
    response.replace(from, response.find('"', from) - from, "<sid>");
  }
  if (response.find("Transfer-Encoding: chunked") == std::string::npos) return response;
  std::string out = response.substr(0, response.find("\r\n\r\n") + 4);
  std::string_view body = std::string_view(response).substr(out.size());
  while (true) {
    const std::size_t eol = body.find("\r\n");
    if (eol == std::string_view::npos) return out + std::string(body);  // let the test show it
    const std::size_t size = std::stoul(std::string(body.substr(0, eol)), nullptr, 16);
    out += body.substr(0, eol + 2);
    body.remove_prefix(eol + 2);
    if (size == 0) return out + std::string(body);
    // Error bodies stay as they are; only the client file's chunks are masked.
    const bool file = response.find("ETag: ") != std::string::npos;
    out += file ? "<" + std::to_string(size) + " bytes>" : std::string(body.substr(0, size));
    body.remove_prefix(std::min(body.size(), size));
    out += body.substr(0, 2);
    body.remove_prefix(std::min<std::size_t>(body.size(), 2));
  }
}

class HttpGolden : public ::testing::Test {
 protected:
  void SetUp() override {
    golden_ = read_golden();
    ASSERT_EQ(golden_.size(), 31u) << "tests/data/http_golden.tsv";
    net_ = std::make_unique<RealtimeNet>();  // serves socket.io 4.8.3's socket.io.js
  }

  // Sends the case's request (with `sid`, and "<N bytes>" as N bytes of "x", as the generator
  // does) on a new connection; `wait_ms` later, what came back.
  std::string exchange(const std::string& name, const std::string& sid = "",
                       std::int64_t wait_ms = 300) {
    std::string request = golden_.at(name).request;
    replace_all(request, "<sid>", sid);
    const std::size_t open = request.find('<');
    const std::size_t close = request.find(" bytes>", open);
    if (open != std::string::npos && close != std::string::npos) {
      const std::size_t n = std::stoul(request.substr(open + 1, close - open - 1));
      request.replace(open, close + 7 - open, std::string(n, 'x'));
    }
    RawHttp& client = *clients_.emplace_back(std::make_unique<RawHttp>(net_->simulator, request));
    net_->directory.connect(*net_->tcp_client, net_->network.node(1).address(), 80, {}, &client);
    run_for_ms(wait_ms);
    return client.received;
  }
  void run_for_ms(std::int64_t ms) {
    net_->simulator.run_until(net_->simulator.now() + sim::ms(ms));
  }

  // The handshake's session id.
  std::string handshake() {
    const std::string r = exchange("handshake");
    const std::size_t at = r.find("\"sid\":\"") + 7;
    return r.substr(at, r.find('"', at) - at);
  }
  // A session connected to "/" (the generator's `openSession`).
  std::string connected_session() {
    const std::string sid = handshake();
    exchange("post", sid);
    return sid;
  }

  void expect_case(const std::string& name, const std::string& response, const std::string& sid) {
    EXPECT_EQ(masked(response, sid), golden_.at(name).response) << name;
  }

  std::map<std::string, GoldenCase> golden_;
  std::unique_ptr<RealtimeNet> net_;
  std::vector<std::unique_ptr<RawHttp>> clients_;
};

TEST_F(HttpGolden, handshake_post_and_poll_answers_are_the_reference_bytes) {
  const std::string first = exchange("handshake");
  const std::size_t at = first.find("\"sid\":\"") + 7;
  expect_case("handshake", first, first.substr(at, first.find('"', at) - at));
  const std::string sid = handshake();
  expect_case("post", exchange("post", sid), sid);
  expect_case("poll", exchange("poll", sid), sid);  // the CONNECT ack of that POST's `40`
}

TEST_F(HttpGolden, a_post_that_does_not_decode_is_answered_ok_and_closes_the_session) {
  const std::string sid = connected_session();
  expect_case("post-parse-error", exchange("post-parse-error", sid), sid);
  ASSERT_FALSE(net_->entries("server", "eio-close").empty()) << net_->dump();
  EXPECT_EQ(net_->entries("server", "eio-close").back().detail, sid + " parse error");
}

TEST_F(HttpGolden, a_post_over_max_http_buffer_size_gets_413_and_the_session_stays_open) {
  const std::string sid = connected_session();
  // A megabyte over the fixture's 10 Mbit/s link takes 0.8 s.
  expect_case("post-too-large", exchange("post-too-large", sid, 2000), sid);
  EXPECT_TRUE(net_->entries("server", "eio-close").empty()) << net_->dump();
  expect_case("poll", exchange("poll", sid), sid);  // the CONNECT ack, still there to take
}

TEST_F(HttpGolden, the_client_file_is_streamed_in_64_kib_chunks) {
  expect_case("script", exchange("script"), "");
}

TEST_F(HttpGolden, the_client_file_compressed_comes_in_the_pieces_zlib_pushed) {
  // Accept-Encoding "gzip, deflate" (a browser over http:) gets gzip: a 10-byte header chunk,
  // then zlib's 16 KiB buffers as they were pushed; br and deflate likewise.
  expect_case("script-gzip", exchange("script-gzip"), "");
  expect_case("script-br", exchange("script-br"), "");
  expect_case("script-deflate", exchange("script-deflate"), "");
}

TEST_F(HttpGolden, engine_io_errors_are_chunked_json_in_the_reference_order) {
  for (const char* name :
       {"session-unknown", "transport-unknown", "protocol-unsupported", "handshake-method",
        "transport-before-protocol", "sid-before-protocol", "websocket-without-upgrade"}) {
    expect_case(name, exchange(name), "");
  }
  const std::string sid = connected_session();
  expect_case("transport-mismatch", exchange("transport-mismatch", sid), sid);
  expect_case("protocol-mismatch", exchange("protocol-mismatch", sid), sid);
}

TEST_F(HttpGolden, a_second_poll_while_one_is_held_gets_an_empty_400) {
  const std::string sid = connected_session();
  exchange("poll", sid);  // takes the CONNECT ack: the next poll is held
  std::string held_request = golden_.at("poll").request;
  replace_all(held_request, "<sid>", sid);
  RawHttp& held = *clients_.emplace_back(std::make_unique<RawHttp>(net_->simulator, held_request));
  net_->directory.connect(*net_->tcp_client, net_->network.node(1).address(), 80, {}, &held);
  run_for_ms(50);
  EXPECT_TRUE(held.received.empty());
  expect_case("poll-overlap", exchange("poll-overlap", sid), sid);
}

TEST_F(HttpGolden, a_websocket_session_opens_with_ws_101_and_the_open_packet_frame) {
  // The accept key is the RFC 6455 §1.3 example's (the request uses its nonce).
  for (const char* name : {"ws-handshake", "ws-version-8", "ws-no-host"}) {
    const std::string r = exchange(name);
    const std::size_t at = r.find("\"sid\":\"") + 7;
    expect_case(name, r, r.substr(at, r.find('"', at) - at));
    EXPECT_FALSE(clients_.back()->peer_closed_at) << name;
  }
}

TEST_F(HttpGolden, refused_upgrades_get_engine_io_or_ws_text_and_the_connection_closes) {
  for (const char* name :
       {"ws-session-unknown", "ws-transport-unknown", "ws-version-unsupported", "ws-bad-key",
        "ws-upgrade-not-websocket", "ws-handshake-method", "ws-protocol-unsupported"}) {
    expect_case(name, exchange(name), "");
    EXPECT_TRUE(clients_.back()->peer_closed_at) << name;
  }
}

TEST_F(HttpGolden, a_request_that_does_not_parse_gets_nodes_400_and_the_connection_closes) {
  expect_case("bad-request", exchange("bad-request"), "");
  EXPECT_TRUE(clients_.back()->peer_closed_at);
}

TEST_F(HttpGolden, an_idle_connection_is_closed_as_long_after_its_answer_as_nodes) {
  // The golden row's "response" is the time from the answer to the server's FIN, in tenths of a
  // second (keepAliveTimeout 5 s plus Node.js's 1 s margin).
  const std::string expected = golden_.at("keep-alive-idle-close").response;
  exchange("keep-alive-idle-close");
  EXPECT_FALSE(clients_.back()->peer_closed_at);  // still open 300 ms after its answer
  run_for_ms(10'000);
  const RawHttp& c = *clients_.back();
  ASSERT_TRUE(c.first_byte_at && c.peer_closed_at);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s",
                static_cast<double>((*c.peer_closed_at - *c.first_byte_at).ns()) * 1e-9);
  EXPECT_EQ(seconds, expected);
}

}  // namespace
}  // namespace netsim::realtime::testing
