#include "models/realtime/client_script.h"

#include <algorithm>
#include <array>

namespace netsim::realtime {
namespace {

// fs.createReadStream's highWaterMark: one chunk per read.
constexpr std::size_t kReadBytes = 64 * 1024;
// Node.js zlib's default `chunkSize` (Z_DEFAULT_CHUNK): the output buffer a zlib stream fills.
constexpr std::size_t kZlibBufferBytes = 16 * 1024;
constexpr std::size_t kGzipHeaderBytes = 10;    // RFC 1952 §2.3 member header, no options
constexpr std::size_t kDeflateHeaderBytes = 2;  // RFC 1950 §2.2 CMF and FLG
// gzip's header and trailer (CRC-32, ISIZE) against zlib's (ADLER-32): 10 + 8 − (2 + 4).
constexpr std::uint64_t kGzipOverDeflateBytes = 12;

// Measured (tools/validate/http_golden, Node.js 20.20): the reference file's compressed chunks.
constexpr std::array<std::size_t, 2> kReferenceBr = {16'384, 15'169};
constexpr std::array<std::size_t, 5> kReferenceGzip = {10, 16'374, 9'640, 6'744, 4'892};
constexpr std::array<std::size_t, 5> kReferenceDeflate = {2, 16'382, 9'632, 6'752, 4'880};

template <std::size_t N>
std::vector<std::size_t> measured(const std::array<std::size_t, N>& chunks) {
  return {chunks.begin(), chunks.end()};
}

// `bytes` as a stream pushes them: `header` alone (if any), the rest of its first buffer, then
// full buffers of `buffer` bytes and what is left.
std::vector<std::size_t> pieces(std::uint64_t bytes, std::size_t header, std::size_t buffer) {
  std::vector<std::size_t> out;
  if (header > 0 && bytes > header) {
    out.push_back(header);
    bytes -= header;
    if (bytes > buffer - header) {
      out.push_back(buffer - header);
      bytes -= buffer - header;
    }
  }
  for (; bytes > 0; bytes -= out.back()) out.push_back(std::min<std::uint64_t>(bytes, buffer));
  return out;
}

}  // namespace

std::uint64_t ClientScript::size(http::ContentCoding coding) const {
  switch (coding) {
    case http::ContentCoding::Br:
      return br_bytes;
    case http::ContentCoding::Gzip:
      return gzip_bytes;
    case http::ContentCoding::Deflate:
      return gzip_bytes - kGzipOverDeflateBytes;
    case http::ContentCoding::Identity:
      break;
  }
  return bytes;
}

std::vector<std::size_t> ClientScript::chunks(http::ContentCoding coding) const {
  const bool reference = *this == ClientScript{};
  switch (coding) {
    case http::ContentCoding::Br:
      return reference ? measured(kReferenceBr) : pieces(size(coding), 0, kZlibBufferBytes);
    case http::ContentCoding::Gzip:
      return reference ? measured(kReferenceGzip)
                       : pieces(size(coding), kGzipHeaderBytes, kZlibBufferBytes);
    case http::ContentCoding::Deflate:
      return reference ? measured(kReferenceDeflate)
                       : pieces(size(coding), kDeflateHeaderBytes, kZlibBufferBytes);
    case http::ContentCoding::Identity:
      break;
  }
  return pieces(bytes, 0, kReadBytes);
}

}  // namespace netsim::realtime
