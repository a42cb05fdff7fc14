// RFC 9112 §2.1 (message format), §3 (request line), §4 (status line), §5 (field lines);
// RFC 9110 §5.1 (case-insensitive names), §5.6.1 (lists), §5.6.7 (dates), §15 (status codes);
// RFC 9112 §7.1 (chunked transfer coding).
#include "models/http/message.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>

#include "sim/assert.h"

namespace netsim::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kFieldSeparator = ": ";

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::size_t headers_size(const std::vector<Header>& headers) {
  std::size_t n = 0;
  for (const Header& h : headers) {
    n += h.name.size() + kFieldSeparator.size() + h.value.size() + kCrlf.size();
  }
  return n;
}

void append_headers_and_body(const std::vector<Header>& headers, const std::string& body,
                             std::string& out) {
  for (const Header& h : headers) {
    out += h.name;
    out += kFieldSeparator;
    out += h.value;
    out += kCrlf;
  }
  out += kCrlf;  // the empty line that ends the header section (RFC 9112 §2.1)
  out += body;
}

}  // namespace

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

const std::string* find_header(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (equals_ignore_case(h.name, name)) return &h.value;
  }
  return nullptr;
}

std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> elements;
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view element = trim_ows(value.substr(0, comma));
    if (!element.empty()) elements.push_back(element);
    if (comma == std::string_view::npos) return elements;
    value.remove_prefix(comma + 1);
  }
}

bool list_contains_token(std::string_view value, std::string_view token) {
  for (const std::string_view element : split_list(value)) {
    if (equals_ignore_case(element, token)) return true;
  }
  return false;
}

bool header_has_token(const std::vector<Header>& headers, std::string_view name,
                      std::string_view token) {
  for (const Header& h : headers) {
    if (equals_ignore_case(h.name, name) && list_contains_token(h.value, token)) return true;
  }
  return false;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 101:
      return "Switching Protocols";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 206:
      return "Partial Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";  // Node.js; RFC 9110 §15.5.14 names it "Content Too Large"
    case 414:
      return "URI Too Long";
    case 426:
      return "Upgrade Required";
    case 431:
      return "Request Header Fields Too Large";  // RFC 6585 §5
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "";
  }
}

void append(const Request& request, std::string& out) {
  out.reserve(out.size() + size(request));
  // RFC 9112 §3: request-line = method SP request-target SP HTTP-version
  out += request.method;
  out += ' ';
  out += request.target;
  out += ' ';
  out += request.version;
  out += kCrlf;
  append_headers_and_body(request.headers, request.body, out);
}

void append(const Response& response, std::string& out) {
  // RFC 9112 §4: status-code = 3DIGIT
  NETSIM_ASSERT(response.status >= 100 && response.status <= 999,
                "an HTTP status code has three digits");
  out.reserve(out.size() + size(response));
  // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
  out += response.version;
  out += ' ';
  char digits[3];
  std::to_chars(digits, digits + 3, response.status);
  out.append(digits, 3);
  out += ' ';
  out += response.reason;
  out += kCrlf;
  append_headers_and_body(response.headers, response.body, out);
}

std::size_t size(const Request& request) {
  return request.method.size() + 1 + request.target.size() + 1 + request.version.size() +
         kCrlf.size() + headers_size(request.headers) + kCrlf.size() + request.body.size();
}

std::size_t size(const Response& response) {
  return response.version.size() + 1 + 3 + 1 + response.reason.size() + kCrlf.size() +
         headers_size(response.headers) + kCrlf.size() + response.body.size();
}

std::string chunked_body(std::string_view data, std::span<const std::size_t> piece_sizes) {
  std::string out;
  out.reserve(data.size() + 10 * piece_sizes.size() + 5);
  char size[17];
  for (const std::size_t n : piece_sizes) {
    NETSIM_ASSERT(n <= data.size(), "piece sizes add up to the data");
    if (n == 0) continue;
    const auto [end, ec] = std::to_chars(size, size + sizeof size, n, 16);
    out.append(size, end);
    out += kCrlf;
    out += data.substr(0, n);
    out += kCrlf;
    data.remove_prefix(n);
  }
  NETSIM_ASSERT(data.empty(), "piece sizes add up to the data");
  out += "0";
  out += kCrlf;  // last-chunk
  out += kCrlf;  // the empty trailer section ends
  return out;
}

std::string imf_fixdate(std::int64_t unix_seconds) {
  // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year.
  using namespace std::chrono;
  constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const sys_seconds t{seconds{unix_seconds}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> time{t - day};
  char out[40];
  std::snprintf(out, sizeof out, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                kDays[weekday{day}.c_encoding()], static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out;
}

}  // namespace netsim::http
