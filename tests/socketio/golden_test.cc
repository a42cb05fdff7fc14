// Every line of tests/data/socketio_golden.tsv: outputs of the reference JavaScript code
// (engine.io-parser 5.2.3, socket.io-parser 4.2.6, engine.io-client 6.6.6, socket.io-client
// 4.8.3 contrib/backo2, socket.io-adapter 2.5.8 contrib/yeast, base64id 2.0.0) for a fixed list
// of cases, compared with ours.
//
// Regenerate (needs Node.js and the npm registry; this test does not):
//   cd tools/validate/socketio_golden && npm ci && node generate.js >
//   ../../../tests/data/socketio_golden.tsv
// The file's format is described at the top of generate.js.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "models/engineio/ids.h"
#include "models/engineio/json.h"
#include "models/engineio/open_packet.h"
#include "models/engineio/packet.h"
#include "models/socketio/backoff.h"
#include "models/socketio/packet.h"
#include "models/socketio/yeast.h"
#include "tests/tools/golden_tsv.h"

namespace netsim {
namespace {

namespace eio = engineio;
namespace sio = socketio;
using testing::split;

constexpr std::string_view kAbsent = "~";

// --- Reading the file -------------------------------------------------------------------------

std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

struct Case {
  int line;
  std::vector<std::string> fields;  // unescaped; fields[0] is the kind
};

const std::map<std::string, std::vector<Case>>& golden() {
  static const std::map<std::string, std::vector<Case>> cases = [] {
    std::map<std::string, std::vector<Case>> by_kind;
    std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/tests/data/socketio_golden.tsv");
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
      ++number;
      if (line.empty()) continue;
      std::vector<std::string> fields = testing::golden_fields(line);
      by_kind[fields[0]].push_back(Case{number, std::move(fields)});
    }
    return by_kind;
  }();
  return cases;
}

const std::vector<Case>& cases_of(const std::string& kind) {
  static const std::vector<Case> none;
  const auto it = golden().find(kind);
  return it == golden().end() ? none : it->second;
}

std::string where(const Case& c) { return "socketio_golden.tsv:" + std::to_string(c.line); }

// --- Engine.IO --------------------------------------------------------------------------------

eio::PacketType eio_type(const std::string& name) {
  for (const char c : std::string_view("0123456")) {
    const eio::PacketType type = *eio::packet_type_from_char(c);
    if (eio::to_string(type) == name) return type;
  }
  ADD_FAILURE() << "unknown Engine.IO packet type " << name;
  return eio::PacketType::Message;
}

// (type, binary, data) starting at fields[at].
eio::Packet eio_packet(const std::vector<std::string>& fields, std::size_t at) {
  const bool binary = fields[at + 1] == "1";
  const std::string& data = fields[at + 2];
  return eio::Packet{eio_type(fields[at]),
                     binary            ? from_hex(data)
                     : data == kAbsent ? ""
                                       : data,
                     binary};
}

std::vector<eio::Packet> eio_packets(const std::vector<std::string>& fields, std::size_t count_at) {
  std::vector<eio::Packet> packets;
  const int n = std::stoi(fields[count_at]);
  for (int i = 0; i < n; ++i) packets.push_back(eio_packet(fields, count_at + 1 + 3 * i));
  return packets;
}

TEST(Golden, FileHasEveryKind) {
  for (const char* kind : {"eio_ws_encode",
                           "eio_ws_decode",
                           "eio_payload_encode",
                           "eio_payload_decode",
                           "eio_writable",
                           "eio_handshake",
                           "sio_encode",
                           "sio_encode_binary",
                           "sio_decode",
                           "json_quote",
                           "json_valid",
                           "json_string",
                           "sio_event_payload",
                           "sio_server_connect",
                           "sio_client_connect",
                           "sio_connect_error",
                           "sio_append_offset",
                           "backoff",
                           "yeast",
                           "yeast_encode",
                           "base64id",
                           "base64id_fresh"}) {
    EXPECT_FALSE(cases_of(kind).empty()) << kind;
  }
  std::size_t total = 0;
  for (const auto& [kind, cases] : golden()) total += cases.size();
  EXPECT_GT(total, 300u);
  EXPECT_EQ(golden().size(), 22u) << "a kind this test does not check";
}

TEST(Golden, EngineIoWebSocketEncode) {
  for (const Case& c : cases_of("eio_ws_encode")) {
    SCOPED_TRACE(where(c));
    const eio::Packet packet = eio_packet(c.fields, 1);
    const bool binary_frame = c.fields[4] == "binary";
    EXPECT_EQ(eio::ws_frame_kind(packet),
              binary_frame ? eio::FrameKind::Binary : eio::FrameKind::Text);
    EXPECT_EQ(eio::encode_ws(packet), binary_frame ? from_hex(c.fields[5]) : c.fields[5]);
  }
}

TEST(Golden, EngineIoWebSocketDecode) {
  for (const Case& c : cases_of("eio_ws_decode")) {
    SCOPED_TRACE(where(c));
    const bool binary_frame = c.fields[1] == "binary";
    const auto decoded =
        eio::decode_ws(binary_frame ? from_hex(c.fields[2]) : c.fields[2], binary_frame);
    if (c.fields[3] == "error") {
      EXPECT_EQ(decoded, std::nullopt);
    } else {
      EXPECT_EQ(decoded, eio_packet(c.fields, 3));
    }
  }
}

TEST(Golden, EngineIoPayloadEncode) {
  for (const Case& c : cases_of("eio_payload_encode")) {
    SCOPED_TRACE(where(c));
    EXPECT_EQ(eio::encode_payload(eio_packets(c.fields, 2)), c.fields[1]);
  }
}

TEST(Golden, EngineIoPayloadDecode) {
  for (const Case& c : cases_of("eio_payload_decode")) {
    SCOPED_TRACE(where(c));
    const auto decoded = eio::decode_payload(c.fields[1]);
    const int n = std::stoi(c.fields[2]);
    // The reference ends the list with an error packet where a part is invalid; we reject.
    if (c.fields[3 + 3 * (n - 1)] == "error") {
      EXPECT_EQ(decoded, std::nullopt);
    } else {
      EXPECT_EQ(decoded, eio_packets(c.fields, 2));
    }
  }
}

TEST(Golden, EngineIoClientWritablePackets) {
  for (const Case& c : cases_of("eio_writable")) {
    SCOPED_TRACE(where(c));
    EXPECT_EQ(eio::writable_packet_count(eio_packets(c.fields, 3), std::stoll(c.fields[1])),
              std::stoul(c.fields[2]));
  }
}

TEST(Golden, EngineIoHandshake) {
  for (const Case& c : cases_of("eio_handshake")) {
    SCOPED_TRACE(where(c));
    eio::Handshake handshake{
        c.fields[1], {}, std::stoll(c.fields[3]), std::stoll(c.fields[4]), std::stoll(c.fields[5])};
    if (!c.fields[2].empty()) handshake.upgrades = split(c.fields[2], ',');
    const std::string json = eio::encode_handshake(handshake);
    EXPECT_EQ(json, c.fields[6]);
    EXPECT_EQ(1 + json.size(), std::stoul(c.fields[7]));
    EXPECT_EQ(eio::parse_handshake(c.fields[6]), handshake);
  }
}

// --- Socket.IO --------------------------------------------------------------------------------

TEST(Golden, SocketIoEncode) {
  for (const Case& c : cases_of("sio_encode")) {
    SCOPED_TRACE(where(c));
    sio::Packet packet{static_cast<sio::PacketType>(std::stoi(c.fields[1])), c.fields[2],
                       std::nullopt, c.fields[5] == kAbsent ? "" : c.fields[5],
                       std::stoi(c.fields[4])};
    if (c.fields[3] != kAbsent) packet.id = std::stoull(c.fields[3]);
    const std::string encoded = sio::encode(packet);
    EXPECT_EQ(encoded, c.fields[6]);
    EXPECT_EQ(1 + encoded.size(), std::stoul(c.fields[7]));
    if (packet.nsp.empty()) packet.nsp = "/";
    EXPECT_EQ(sio::decode(encoded), packet);
  }
}

TEST(Golden, SocketIoEncodeBinary) {
  for (const Case& c : cases_of("sio_encode_binary")) {
    SCOPED_TRACE(where(c));
    const auto decoded = sio::decode(c.fields[1]);
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->attachments, static_cast<int>(split(c.fields[2], ',').size()));
    EXPECT_EQ(sio::encode(*decoded), c.fields[1]);
  }
}

TEST(Golden, SocketIoDecode) {
  for (const Case& c : cases_of("sio_decode")) {
    SCOPED_TRACE(where(c) + " " + c.fields[1]);
    const auto decoded = sio::decode(c.fields[1]);
    if (c.fields[2] == "error") {
      EXPECT_EQ(decoded, std::nullopt) << c.fields[3];
      continue;
    }
    ASSERT_TRUE(decoded);
    EXPECT_EQ(static_cast<int>(decoded->type), std::stoi(c.fields[3]));
    EXPECT_EQ(decoded->nsp, c.fields[4]);
    if (c.fields[5] == kAbsent) {
      EXPECT_EQ(decoded->id, std::nullopt);
    } else {
      EXPECT_EQ(decoded->id, std::stoull(c.fields[5]));
    }
    EXPECT_EQ(decoded->attachments, std::stoi(c.fields[6]));
    EXPECT_EQ(decoded->data, c.fields[7] == kAbsent ? "" : c.fields[7]);
  }
}

TEST(Golden, JsonStringifyQuote) {
  for (const Case& c : cases_of("json_quote")) {
    SCOPED_TRACE(where(c));
    EXPECT_EQ(eio::json::quote(c.fields[1]), c.fields[2]);
    EXPECT_EQ(c.fields[2].size(), std::stoul(c.fields[3]));
  }
}

TEST(Golden, JsonParseAcceptance) {
  for (const Case& c : cases_of("json_valid")) {
    SCOPED_TRACE(where(c) + " " + c.fields[1]);
    EXPECT_EQ(eio::json::parse_kind(c.fields[1]).has_value(), c.fields[2] == "1");
  }
}

TEST(Golden, JsonParseString) {
  for (const Case& c : cases_of("json_string")) {
    SCOPED_TRACE(where(c));
    EXPECT_EQ(eio::json::read_string(c.fields[1]), c.fields[2]);
  }
}

TEST(Golden, SocketIoEventPayload) {
  for (const Case& c : cases_of("sio_event_payload")) {
    SCOPED_TRACE(where(c));
    std::vector<std::string> args;
    if (!c.fields[2].empty()) args = split(c.fields[2], '\x1f');
    EXPECT_EQ(sio::event_payload(c.fields[1], args), c.fields[3]);
    const auto parsed = sio::parse_event_payload(c.fields[3]);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->name, c.fields[1]);
  }
}

std::optional<std::string_view> optional_field(const std::string& field) {
  if (field == kAbsent) return std::nullopt;
  return field;
}

TEST(Golden, SocketIoConnectPayloads) {
  for (const Case& c : cases_of("sio_server_connect")) {
    SCOPED_TRACE(where(c));
    const std::string json = sio::server_connect_payload(c.fields[1], optional_field(c.fields[2]));
    EXPECT_EQ(json, c.fields[3]);
    EXPECT_EQ(2 + json.size(), std::stoul(c.fields[4]));  // "40" + data
  }
  for (const Case& c : cases_of("sio_client_connect")) {
    SCOPED_TRACE(where(c));
    const std::string json =
        sio::client_connect_payload(optional_field(c.fields[1]), optional_field(c.fields[2]));
    EXPECT_EQ(json, c.fields[3] == kAbsent ? "" : c.fields[3]);
    EXPECT_EQ(2 + json.size(), std::stoul(c.fields[4]));
  }
  for (const Case& c : cases_of("sio_connect_error")) {
    SCOPED_TRACE(where(c));
    EXPECT_EQ(sio::connect_error_payload(c.fields[1], optional_field(c.fields[2])), c.fields[3]);
  }
}

TEST(Golden, SocketIoAppendOffset) {
  for (const Case& c : cases_of("sio_append_offset")) {
    SCOPED_TRACE(where(c));
    EXPECT_EQ(sio::append_offset(c.fields[1], c.fields[2]), c.fields[3]);
  }
}

// --- backo2, yeast, base64id ------------------------------------------------------------------

TEST(Golden, Backo2Durations) {
  for (const Case& c : cases_of("backoff")) {
    SCOPED_TRACE(where(c));
    sio::Backoff backoff(std::stoll(c.fields[1]), std::stoll(c.fields[2]),
                         std::strtod(c.fields[3].c_str(), nullptr),
                         std::strtod(c.fields[4].c_str(), nullptr));
    const std::vector<std::string> rands = split(c.fields[5], ',');
    const std::vector<std::string> expected = split(c.fields[6], ',');
    ASSERT_EQ(rands.size(), expected.size());
    for (std::size_t i = 0; i < rands.size(); ++i) {
      if (rands[i] == "R") {
        backoff.reset();
        continue;
      }
      ASSERT_EQ(backoff.duration(std::strtod(rands[i].c_str(), nullptr)),
                sim::ms(std::stoll(expected[i])))
          << "call " << i << " rand " << rands[i];
    }
  }
}

TEST(Golden, YeastOffsets) {
  for (const Case& c : cases_of("yeast")) {
    SCOPED_TRACE(where(c));
    sio::Yeast yeast;
    const std::vector<std::string> times = split(c.fields[1], ',');
    const std::vector<std::string> offsets = split(c.fields[2], ',');
    ASSERT_EQ(times.size(), offsets.size());
    for (std::size_t i = 0; i < times.size(); ++i) {
      EXPECT_EQ(yeast.next(std::stoll(times[i])), offsets[i]) << "call " << i;
    }
  }
  for (const Case& c : cases_of("yeast_encode")) {
    SCOPED_TRACE(where(c));
    EXPECT_EQ(sio::yeast_encode(std::stoll(c.fields[1])), c.fields[2]);
  }
}

TEST(Golden, Base64Ids) {
  for (const Case& c : cases_of("base64id")) {
    SCOPED_TRACE(where(c));
    const std::string bytes = from_hex(c.fields[1]);
    std::array<std::uint8_t, 12> random{};
    for (std::size_t i = 0; i < random.size(); ++i) random[i] = static_cast<std::uint8_t>(bytes[i]);
    EXPECT_EQ(eio::encode_id(random, std::stoi(c.fields[2])), c.fields[3]);
  }
  for (const Case& c : cases_of("base64id_fresh")) {
    SCOPED_TRACE(where(c));
    // A fresh generator's first two ids carry sequence numbers 0 and 1.
    const eio::IdGenerator fresh;
    EXPECT_EQ(fresh.next_sequence(), 0);
    const std::array<std::uint8_t, 12> zeros{};
    EXPECT_EQ(eio::encode_id(zeros, 0), c.fields[1]);
    EXPECT_EQ(eio::encode_id(zeros, 1), c.fields[2]);
  }
}

}  // namespace
}  // namespace netsim
