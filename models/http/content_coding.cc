// RFC 9110 §8.4.1 (content codings), §12.5.3 (Accept-Encoding), as negotiator 0.6.3
// (lib/encoding.js) reads the field for socket.io's `sendFile`.
#include "models/http/content_coding.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>

namespace netsim::http {
namespace {

// JavaScript's whitespace in the Latin-1 range, where Node.js puts header bytes: String.trim
// and the regular expression class \s (WhiteSpace and LineTerminator, ECMA-262 §12.2-12.3).
bool js_space(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u == ' ' || (u >= 0x09 && u <= 0x0d) || u == 0xa0;
}

std::string_view js_trim(std::string_view s) {
  while (!s.empty() && js_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && js_space(s.back())) s.remove_suffix(1);
  return s;
}

// JavaScript's parseFloat (ECMA-262 §21.1.2.12): the longest prefix, after whitespace, that is a
// decimal literal (sign, digits, point, exponent) or "Infinity"; NaN if there is none.
double js_parse_float(std::string_view s) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  while (!s.empty() && js_space(s.front())) s.remove_prefix(1);
  double sign = 1;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    if (s.front() == '-') sign = -1;
    s.remove_prefix(1);
  }
  if (s.starts_with("Infinity")) return sign * std::numeric_limits<double>::infinity();
  const auto digits = [&s](std::size_t from) {
    std::size_t i = from;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i;
  };
  std::size_t end = digits(0);
  const bool integer = end > 0;
  if (end < s.size() && s[end] == '.') {
    const std::size_t fraction = digits(end + 1);
    if (!integer && fraction == end + 1) return kNaN;  // "." alone
    end = fraction;
  } else if (!integer) {
    return kNaN;
  }
  if (end < s.size() && (s[end] == 'e' || s[end] == 'E')) {
    std::size_t at = end + 1;
    if (at < s.size() && (s[at] == '+' || s[at] == '-')) ++at;
    if (const std::size_t exponent = digits(at); exponent > at) end = exponent;
  }
  double value = 0;
  std::from_chars(s.data(), s.data() + end, value);
  return sign * value;
}

struct Accepted {
  std::string_view coding;  // a token, or "*"
  double q;                 // NaN when the q value is not a number
  std::size_t position;     // the element's index in the field (empty elements count)
};

// negotiator `parseEncoding`: /^\s*([^\s;]+)\s*(?:;(.*))?$/ on the trimmed element, then the
// first parameter whose name is exactly "q".
std::optional<Accepted> parse_element(std::string_view element, std::size_t position) {
  element = js_trim(element);
  std::size_t end = 0;
  while (end < element.size() && !js_space(element[end]) && element[end] != ';') ++end;
  if (end == 0) return std::nullopt;
  Accepted a{element.substr(0, end), 1.0, position};
  std::string_view rest = element.substr(end);
  while (!rest.empty() && js_space(rest.front())) rest.remove_prefix(1);
  if (rest.empty()) return a;
  if (rest.front() != ';') return std::nullopt;  // "gzip deflate": no match
  rest.remove_prefix(1);
  while (!rest.empty()) {
    const std::size_t semicolon = rest.find(';');
    const std::string_view param = js_trim(rest.substr(0, semicolon));
    rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    const std::size_t equals = param.find('=');
    if (param.substr(0, equals) != "q") continue;
    // `p[1]` of param.split("="): what lies between the first '=' and the next; none: NaN.
    a.q = equals == std::string_view::npos
              ? std::numeric_limits<double>::quiet_NaN()
              : js_parse_float(param.substr(equals + 1, param.find('=', equals + 1) - equals - 1));
    break;
  }
  return a;
}

// The value of JavaScript's `a || b || c` on numbers: the first that is neither 0 nor NaN, else
// the last.
double js_or(double a, double b, double c) {
  if (a != 0 && !std::isnan(a)) return a;
  if (b != 0 && !std::isnan(b)) return b;
  return c;
}

struct Priority {
  double q = 0;
  int specificity = 0;  // 1: the coding by name; 0: through "*"
  double position = -1;
  std::size_t offered_index = 0;
};

}  // namespace

std::string_view coding_name(ContentCoding coding) {
  switch (coding) {
    case ContentCoding::Identity:
      return "identity";
    case ContentCoding::Br:
      return "br";
    case ContentCoding::Gzip:
      return "gzip";
    case ContentCoding::Deflate:
      return "deflate";
  }
  return "identity";
}

std::string accept_encoding(const std::vector<Header>& headers) {
  std::string value;
  for (const Header& h : headers) {
    if (!equals_ignore_case(h.name, "Accept-Encoding")) continue;
    if (!value.empty()) value += ", ";
    value += h.value;
  }
  return value;
}

ContentCoding negotiate_coding(std::string_view accept_encoding,
                               std::span<const ContentCoding> offered) {
  // negotiator `parseAcceptEncoding`: the field split on every comma. (It also appends an
  // implicit identity entry, which no coding offered here can match.)
  std::vector<Accepted> accepted;
  std::size_t position = 0;
  for (std::string_view rest = accept_encoding;; ++position) {
    const std::size_t comma = rest.find(',');
    if (auto a = parse_element(rest.substr(0, comma), position)) accepted.push_back(*a);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  // `getEncodingPriority`: of the entries that name the coding or are "*", the one that is more
  // specific, then has the higher q, then comes later in the field.
  std::vector<Priority> ranked;
  for (std::size_t i = 0; i < offered.size(); ++i) {
    Priority best;
    best.offered_index = i;
    for (const Accepted& a : accepted) {
      int specificity = 0;
      if (equals_ignore_case(a.coding, coding_name(offered[i]))) {
        specificity = 1;
      } else if (a.coding != "*") {
        continue;
      }
      const double order = js_or(best.specificity - specificity, best.q - a.q,
                                 best.position - static_cast<double>(a.position));
      if (order < 0) {
        best.q = a.q;
        best.specificity = specificity;
        best.position = static_cast<double>(a.position);
      }
    }
    if (best.q > 0) ranked.push_back(best);  // false for NaN
  }
  // `compareSpecs` under Array.sort (stable): q down, specificity down, position, server order.
  const auto first =
      std::min_element(ranked.begin(), ranked.end(), [](const Priority& a, const Priority& b) {
        if (a.q != b.q) return a.q > b.q;
        if (a.specificity != b.specificity) return a.specificity > b.specificity;
        if (a.position != b.position) return a.position < b.position;
        return a.offered_index < b.offered_index;
      });
  return first == ranked.end() ? ContentCoding::Identity : offered[first->offered_index];
}

}  // namespace netsim::http
