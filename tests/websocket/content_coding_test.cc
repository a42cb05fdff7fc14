// The content coding a server picks from Accept-Encoding (RFC 9110 §12.5.3), as socket.io 4.8.3
// picks one for its client file: first a few cases that show the rules, then every value of
// tests/data/accept_encoding_golden.tsv, which records what the reference code itself chose
// (tools/validate/http_golden/encodings.js: accepts(req).encodings(["br", "gzip", "deflate"])).
#include "models/http/content_coding.h"

#include <gtest/gtest.h>

#include <array>
#include <fstream>
#include <string>
#include <vector>

#include "tests/tools/golden_tsv.h"

namespace netsim::http {
namespace {

// socket.io index.ts `sendFile`: the server's order of preference.
constexpr std::array kSocketIoOffers = {ContentCoding::Br, ContentCoding::Gzip,
                                        ContentCoding::Deflate};

std::string_view pick(std::string_view accept) {
  return coding_name(negotiate_coding(accept, kSocketIoOffers));
}

TEST(ContentCoding, rfc9110_12_5_3_no_field_means_the_content_as_it_is) {
  EXPECT_EQ(pick(""), "identity");
  EXPECT_EQ(pick("identity"), "identity");
  EXPECT_EQ(pick("zstd"), "identity");  // nothing offered is acceptable
}

TEST(ContentCoding, a_browser_over_http_gets_gzip_and_over_https_too_when_it_lists_gzip_first) {
  // Chrome and Firefox send "gzip, deflate" to http: origins (br and zstd only to https:).
  EXPECT_EQ(pick("gzip, deflate"), "gzip");
  // With equal q the client's order decides before the server's: br comes later here.
  EXPECT_EQ(pick("gzip, deflate, br, zstd"), "gzip");
  EXPECT_EQ(pick("deflate, gzip"), "deflate");
  // "*" matches every offer equally: the server's order (br first) decides.
  EXPECT_EQ(pick("*"), "br");
}

TEST(ContentCoding, rfc9110_12_4_2_qvalues_rank_and_zero_refuses) {
  EXPECT_EQ(pick("gzip;q=0.5, br;q=0.4"), "gzip");
  EXPECT_EQ(pick("deflate;q=0.001, gzip;q=0.0009"), "deflate");
  EXPECT_EQ(pick("gzip;q=0"), "identity");
  EXPECT_EQ(pick("gzip;q=0, *"), "br");
  // A coding named outright outranks "*" at the same q.
  EXPECT_EQ(pick("*;q=0.5, gzip"), "gzip");
  EXPECT_EQ(pick("*, br;q=0"), "gzip");
  // The server sends the file anyway when everything is refused (socket.io's default branch).
  EXPECT_EQ(pick("identity;q=0, *;q=0"), "identity");
}

TEST(ContentCoding, negotiator_reads_q_as_parsefloat_and_only_lowercase) {
  EXPECT_EQ(pick("Br;Q=0.5, gzip;q=0.4"), "br");    // "Q=" is not q: br has q 1
  EXPECT_EQ(pick("br;q=abc, gzip;q=0.1"), "gzip");  // not a number: br is out
  EXPECT_EQ(pick("br;q=1.5, gzip"), "br");          // above 1 is taken as it is
  EXPECT_EQ(pick("gzip;q=1e-1, deflate;q=0.05"), "gzip");
  EXPECT_EQ(pick("gzip deflate"), "identity");  // one element, not a coding
  EXPECT_EQ(pick("GZIP"), "gzip");              // codings compare case-insensitively
}

TEST(ContentCoding, repeated_field_lines_form_one_list) {
  const std::vector<Header> headers = {
      {"Host", "server"}, {"Accept-Encoding", "br;q=0.1"}, {"accept-encoding", "deflate"}};
  EXPECT_EQ(accept_encoding(headers), "br;q=0.1, deflate");
  EXPECT_EQ(accept_encoding({{"Host", "server"}}), "");
}

TEST(ContentCoding, every_golden_value_as_the_reference_server_chose) {
  std::ifstream in(std::string(NETSIM_SOURCE_DIR) + "/tests/data/accept_encoding_golden.tsv");
  ASSERT_TRUE(in) << "tests/data/accept_encoding_golden.tsv";
  int cases = 0;
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = testing::golden_fields(line);
    ASSERT_EQ(f.size(), 2u) << line;
    const std::string accept = f[0] == "<absent>" ? "" : f[0];
    EXPECT_EQ(pick(accept), f[1]) << "Accept-Encoding: " << f[0];
    ++cases;
  }
  EXPECT_EQ(cases, 45);
}

}  // namespace
}  // namespace netsim::http
