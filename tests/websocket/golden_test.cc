// netsim's frame encoder against the `ws` library's (the WebSocket implementation under
// engine.io and Socket.IO). tests/data/websocket_frames_golden.tsv holds, per case, the frame
// ws 8.23.0 encodes: its length, SHA-1 and first 200 bytes. This test encodes the same frame
// with append_frame, compares all three, and parses ws's bytes back with FrameParser.
//
// Regenerate the data (needs Node.js and npm; this test does not):
//   cd tools/validate/websocket_golden && npm ci && npm run --silent generate
#include <gtest/gtest.h>
#include <openssl/sha.h>

#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "models/websocket/close_status.h"
#include "models/websocket/frame.h"
#include "tests/websocket/bytes.h"

namespace netsim::websocket {
namespace {

using testing::from_hex;
using testing::pattern;

struct GoldenCase {
  std::string name;
  bool fin = true;
  Opcode opcode = Opcode::Text;
  std::string mask_key;  // 8 hex digits or "-"
  std::string payload;   // the spec column
  std::size_t length = 0;
  std::string sha1;
  std::string head;
};

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, '\t')) fields.push_back(field);
  return fields;
}

std::vector<GoldenCase> load_cases() {
  std::ifstream in(NETSIM_SOURCE_DIR "/tests/data/websocket_frames_golden.tsv");
  EXPECT_TRUE(in) << "tests/data/websocket_frames_golden.tsv not found";
  std::vector<GoldenCase> cases;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with("#")) continue;
    if (header) {  // the column names
      EXPECT_EQ(line, "case\tfin\topcode\tmask_key\tpayload\tlength\tsha1\thead");
      header = false;
      continue;
    }
    const std::vector<std::string> f = split_tabs(line);
    if (f.size() != 8) {
      ADD_FAILURE() << "bad line: " << line;
      continue;
    }
    GoldenCase c;
    c.name = f[0];
    c.fin = f[1] == "1";
    c.opcode = static_cast<Opcode>(std::stoi(f[2], nullptr, 16));
    c.mask_key = f[3];
    c.payload = f[4];
    c.length = std::stoul(f[5]);
    c.sha1 = f[6];
    c.head = f[7];
    cases.push_back(std::move(c));
  }
  return cases;
}

// The payload column: text:<utf-8> | bytes:<n> | close: | close:<code>:<reason>
std::string payload_of(const std::string& spec) {
  if (spec.starts_with("text:")) return spec.substr(5);
  if (spec.starts_with("bytes:")) return pattern(std::stoul(spec.substr(6)));
  if (spec == "close:") return close_payload(std::nullopt);
  if (spec.starts_with("close:")) {
    const std::size_t colon = spec.find(':', 6);
    const auto code = static_cast<std::uint16_t>(std::stoul(spec.substr(6, colon - 6)));
    return close_payload(code, spec.substr(colon + 1));
  }
  ADD_FAILURE() << "bad payload spec " << spec;
  return {};
}

std::string hex_digest(const std::string& bytes) {
  std::array<unsigned char, SHA_DIGEST_LENGTH> digest{};
  SHA1(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char b : digest) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0xF];
  }
  return out;
}

std::string plain_hex(std::string_view bytes) {
  std::string spaced = testing::to_hex(bytes);
  std::erase(spaced, ' ');
  return spaced;
}

TEST(Golden, append_frame_matches_ws_for_every_case) {
  const std::vector<GoldenCase> cases = load_cases();
  ASSERT_GE(cases.size(), 40u);
  for (const GoldenCase& c : cases) {
    Frame f;
    f.fin = c.fin;
    f.opcode = c.opcode;
    f.payload = payload_of(c.payload);
    if (c.mask_key != "-") {
      f.masked = true;
      const std::string key = from_hex(c.mask_key);
      ASSERT_EQ(key.size(), 4u) << c.name;
      for (std::size_t i = 0; i < 4; ++i) f.mask_key[i] = static_cast<std::uint8_t>(key[i]);
    }
    std::string bytes;
    append_frame(f, bytes);
    EXPECT_EQ(bytes.size(), c.length) << c.name;
    EXPECT_EQ(plain_hex(std::string_view(bytes).substr(0, 200)), c.head) << c.name;
    EXPECT_EQ(hex_digest(bytes), c.sha1) << c.name;

    // ws's bytes are what append_frame produced; they parse back to the frame.
    FrameParser parser(f.masked ? Role::Server : Role::Client);
    parser.feed(bytes);
    const std::optional<Frame> parsed = parser.next();
    ASSERT_TRUE(parsed) << c.name;
    EXPECT_EQ(*parsed, f) << c.name;
    if (f.opcode == Opcode::Close) {
      EXPECT_TRUE(std::holds_alternative<CloseBody>(parse_close_payload(parsed->payload)))
          << c.name;
    }
  }
}

}  // namespace
}  // namespace netsim::websocket
