// Content codings (RFC 9110 §8.4.1) and the choice a server makes among those it can send from
// a request's Accept-Encoding (RFC 9110 §12.5.3).
//
// The choice is the reference server's, not a reading of the RFC: socket.io 4.8.3 serves its
// client file with accepts(req).encodings(["br", "gzip", "deflate"]) (accepts 1.3 on negotiator
// 0.6.3), and sends the file unencoded when that returns false. Where negotiator departs from
// the RFC, this follows negotiator (tests/data/accept_encoding_golden.tsv is its answers):
//   - a `q` parameter is recognised only as lowercase `q=` with no space around `=`; its value
//     is read like JavaScript's parseFloat ("1e-1" is 0.1, "abc" is not a number, "1.5" is
//     accepted above 1); a value that is not a number, or is not above 0, excludes the coding;
//   - an element with whitespace inside its coding ("gzip deflate") is ignored;
//   - when a coding is named more than once, the specific entry with the highest q counts;
//   - ties in q go to the coding named by the more specific entry (a name over `*`), then the
//     one the client listed first, then the server's order.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/http/message.h"

namespace netsim::http {

enum class ContentCoding : std::uint8_t { Identity, Br, Gzip, Deflate };

// The coding's token: "identity", "br", "gzip", "deflate" (RFC 9110 §8.4.1, RFC 7932 for br).
std::string_view coding_name(ContentCoding coding);

// Every Accept-Encoding field line of `headers` as one list (RFC 9110 §5.3: joined with ", ",
// as Node.js joins repeated lines of this field); empty if there is none.
std::string accept_encoding(const std::vector<Header>& headers);

// The coding of `offered` (listed in the server's order of preference) that `accept_encoding`
// ranks first, or Identity if it accepts none of them: the server then sends the content as it
// is, which RFC 9110 §12.5.3 allows without the field, and which socket.io does even when the
// field refuses identity.
ContentCoding negotiate_coding(std::string_view accept_encoding,
                               std::span<const ContentCoding> offered);

}  // namespace netsim::http
