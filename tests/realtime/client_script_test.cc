// The client file's response bodies (socket.io index.ts `sendFile`): its size in each content
// coding and the chunks a Node.js stream writes them in (RFC 9112 §7.1), for the reference file
// (measured: tests/data/http_golden.tsv) and for a file of configured sizes.
#include "models/realtime/client_script.h"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

namespace netsim::realtime {
namespace {

using http::ContentCoding;
using Chunks = std::vector<std::size_t>;

std::uint64_t sum(const Chunks& c) { return std::accumulate(c.begin(), c.end(), std::uint64_t{0}); }

TEST(ClientScript, the_reference_file_comes_in_the_measured_chunks) {
  const ClientScript reference;
  EXPECT_EQ(reference.chunks(ContentCoding::Identity), (Chunks{65'536, 65'536, 24'764}));
  EXPECT_EQ(reference.chunks(ContentCoding::Br), (Chunks{16'384, 15'169}));
  EXPECT_EQ(reference.chunks(ContentCoding::Gzip), (Chunks{10, 16'374, 9'640, 6'744, 4'892}));
  EXPECT_EQ(reference.chunks(ContentCoding::Deflate), (Chunks{2, 16'382, 9'632, 6'752, 4'880}));
  for (const ContentCoding c :
       {ContentCoding::Identity, ContentCoding::Br, ContentCoding::Gzip, ContentCoding::Deflate}) {
    EXPECT_EQ(sum(reference.chunks(c)), reference.size(c)) << http::coding_name(c);
  }
  EXPECT_EQ(reference.size(ContentCoding::Deflate), 37'648u);  // gzip's 37,660 less 12
}

TEST(ClientScript, a_configured_file_is_cut_into_reads_and_zlib_buffers) {
  const ClientScript s{200'000, 50'000, 40'000};
  // 64 KiB reads.
  EXPECT_EQ(s.chunks(ContentCoding::Identity), (Chunks{65'536, 65'536, 65'536, 3'392}));
  // gzip: the 10-byte header pushed alone, the rest of the first 16 KiB buffer, full buffers.
  EXPECT_EQ(s.chunks(ContentCoding::Gzip), (Chunks{10, 16'374, 16'384, 16'384, 848}));
  // deflate: a 2-byte header, 12 bytes less in all.
  EXPECT_EQ(s.chunks(ContentCoding::Deflate), (Chunks{2, 16'382, 16'384, 16'384, 836}));
  // brotli has no header of its own to push.
  EXPECT_EQ(s.chunks(ContentCoding::Br), (Chunks{16'384, 16'384, 7'232}));
}

TEST(ClientScript, tiny_and_empty_files) {
  const ClientScript s{0, ClientScript::kMinGzipBytes, 1};
  EXPECT_TRUE(s.chunks(ContentCoding::Identity).empty());  // only the last chunk, "0"
  EXPECT_EQ(s.chunks(ContentCoding::Gzip), (Chunks{10, 10}));
  EXPECT_EQ(s.chunks(ContentCoding::Deflate), (Chunks{2, 6}));
  EXPECT_EQ(s.chunks(ContentCoding::Br), (Chunks{1}));
}

}  // namespace
}  // namespace netsim::realtime
