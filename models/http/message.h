// HTTP/1.1 messages as plain structs, written to bytes exactly as given (RFC 9112 §2.1, §3,
// §4, §5): start line, the header fields in order, CRLFs, an empty line, the body. Nothing is
// added implicitly (no Content-Length, no Date), so a model controls every byte it puts on the
// wire and size() is the number of bytes the message costs.
//
// Field names compare case-insensitively (RFC 9110 §5.1); list-valued fields such as
// Connection are comma-separated lists of tokens (RFC 9110 §5.6.1, §5.3 for repeated lines).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::http {

struct Header {
  std::string name;
  std::string value;
  bool operator==(const Header&) const = default;
};

struct Request {
  std::string method;
  std::string target;  // request-target, e.g. "/chat" or "/socket.io/?EIO=4&transport=polling"
  std::string version = "HTTP/1.1";
  std::vector<Header> headers;
  std::string body;
  bool operator==(const Request&) const = default;
};

struct Response {
  int status = 200;    // 100-599 (RFC 9110 §15)
  std::string reason;  // reason-phrase; may be empty
  std::string version = "HTTP/1.1";
  std::vector<Header> headers;
  std::string body;
  bool operator==(const Response&) const = default;
};

// `s` without the optional whitespace (SP, HTAB) around it (RFC 9110 §5.6.3 OWS).
std::string_view trim_ows(std::string_view s);

// ASCII case-insensitive equality (RFC 9110 §5.1 field names, tokens in list fields).
bool equals_ignore_case(std::string_view a, std::string_view b);

// The value of the first field named `name`, or nullptr.
const std::string* find_header(const std::vector<Header>& headers, std::string_view name);

// The elements of a comma-separated list field value, trimmed of optional whitespace; empty
// elements are dropped, as RFC 9110 §5.6.1 tells recipients to ("a, , b" → a, b).
std::vector<std::string_view> split_list(std::string_view value);

// True if the comma-separated list `value` has `token` as an element, compared
// case-insensitively, elements trimmed of optional whitespace (RFC 9110 §5.6.1).
bool list_contains_token(std::string_view value, std::string_view token);

// True if any field named `name` lists `token`: repeated field lines form one list (RFC 9110
// §5.3), e.g. header_has_token(h, "Connection", "upgrade") for "Connection: keep-alive, Upgrade".
bool header_has_token(const std::vector<Header>& headers, std::string_view name,
                      std::string_view token);

// The reason phrase RFC 9110 §15 gives a status code ("OK", "Switching Protocols", ...), or ""
// for a code it does not define — as Node.js's http server writes it (`http.STATUS_CODES`),
// which differs from RFC 9110 in one name: 413 keeps RFC 7231's "Payload Too Large" (the
// server model is Node.js's; tests/data/http_golden.tsv, `post-too-large`).
std::string_view reason_phrase(int status);

// `data` as a chunked body (RFC 9112 §7.1), one chunk per piece as a Node.js stream writes them:
// the pieces' sizes add up to the data's. Each chunk is its size in lowercase hex, CRLF, the data,
// CRLF; then the last chunk `0` CRLF and, with no trailer fields, the final CRLF. An empty piece
// writes nothing (a chunk of size 0 would end the body), so empty data is the last chunk alone.
// Goes in a message's body with a `Transfer-Encoding: chunked` field.
std::string chunked_body(std::string_view data, std::span<const std::size_t> piece_sizes);

// An instant as an HTTP date (RFC 9110 §5.6.7 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT",
// always 29 characters), from whole seconds since 1970-01-01T00:00:00Z.
std::string imf_fixdate(std::int64_t unix_seconds);

// Appends the message's exact bytes to `out`.
void append(const Request& request, std::string& out);
void append(const Response& response, std::string& out);

// The number of bytes append() writes.
std::size_t size(const Request& request);
std::size_t size(const Response& response);

}  // namespace netsim::http
