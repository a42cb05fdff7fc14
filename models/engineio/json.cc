#include "models/engineio/json.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace netsim::engineio::json {

bool is_whitespace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_whitespace(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_whitespace(text[pos])) ++pos;
  return pos;
}

std::string_view trim(std::string_view text) {
  const std::size_t begin = skip_whitespace(text, 0);
  std::size_t end = text.size();
  while (end > begin && is_whitespace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The 16-bit value of the 4 hex digits at text[pos..pos+4), or -1.
int read_hex4(std::string_view text, std::size_t pos) {
  if (pos + 4 > text.size()) return -1;
  int value = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    const int digit = hex_value(text[pos + k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// Whether any of the 8 bytes of `word` is '"', '\\' or a control character (< 0x20): the bytes
// that end the unescaped run of a string. The classic SWAR tests (a byte is zero: (x − 0x01…)
// & ~x & 0x80…; below n: (x − n·0x01…) & ~x & 0x80…); a byte ≥ 0x80 can set a false positive,
// which only sends those 8 bytes down the byte-by-byte path.
bool has_string_stop(std::uint64_t word) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t below_space = (word - 0x20 * kOnes) & ~word & kHigh;
  return (has_zero(word ^ ('"' * kOnes)) | has_zero(word ^ ('\\' * kOnes)) | below_space) != 0;
}

// Where the unescaped run of a string starting at text[pos] ends: the index of the first '"',
// '\\' or control character (or the end). Most payload text is plain ASCII: 16 bytes per step
// with SSE2 (part of x86-64), then 8 at a time (SWAR), then byte by byte.
std::size_t skip_plain_run(std::string_view text, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i last_control = _mm_set1_epi8(0x1F);
  while (pos + 16 <= text.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    // Unsigned v <= 0x1F exactly when min(v, 0x1F) == v.
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, last_control), v);
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) return pos + static_cast<std::size_t>(__builtin_ctz(mask));
    pos += 16;
  }
#endif
  while (pos + 8 <= text.size()) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + pos, sizeof word);
    if (has_string_stop(word)) break;
    pos += 8;
  }
  while (pos < text.size()) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == '"' || c == '\\' || c < 0x20) break;
    ++pos;
  }
  return pos;
}

// RFC 8259 §7: a string starting at text[pos] == '"'. Returns the index past the closing quote.
std::optional<std::size_t> scan_string(std::string_view text, std::size_t pos) {
  ++pos;
  while (pos < text.size()) {
    pos = skip_plain_run(text, pos);
    if (pos >= text.size()) break;
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == '"') return pos + 1;
    if (c < 0x20) return std::nullopt;  // control characters must be escaped
    // Otherwise an escape.
    if (pos + 1 >= text.size()) return std::nullopt;
    switch (text[pos + 1]) {
      case '"':
      case '\\':
      case '/':
      case 'b':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        pos += 2;
        break;
      case 'u':
        if (read_hex4(text, pos + 2) < 0) return std::nullopt;
        pos += 6;
        break;
      default:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

// RFC 8259 §6: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
std::optional<std::size_t> scan_number(std::string_view text, std::size_t pos) {
  const auto digits = [&](std::size_t p) {
    while (p < text.size() && is_digit(text[p])) ++p;
    return p;
  };
  if (pos < text.size() && text[pos] == '-') ++pos;
  if (pos >= text.size() || !is_digit(text[pos])) return std::nullopt;
  pos = text[pos] == '0' ? pos + 1 : digits(pos);
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t end = digits(pos + 1);
    if (end == pos + 1) return std::nullopt;
    pos = end;
  }
  if (pos < text.size() && (text[pos] == 'e' || text[pos] == 'E')) {
    ++pos;
    if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) ++pos;
    const std::size_t end = digits(pos);
    if (end == pos) return std::nullopt;
    pos = end;
  }
  return pos;
}

std::optional<std::size_t> scan_literal(std::string_view text, std::size_t pos,
                                        std::string_view word) {
  if (text.substr(pos, word.size()) != word) return std::nullopt;
  return pos + word.size();
}

// A scalar (string, number, true, false, null) at text[pos].
std::optional<std::size_t> scan_scalar(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return std::nullopt;
  switch (text[pos]) {
    case '"':
      return scan_string(text, pos);
    case 't':
      return scan_literal(text, pos, "true");
    case 'f':
      return scan_literal(text, pos, "false");
    case 'n':
      return scan_literal(text, pos, "null");
    default:
      return scan_number(text, pos);
  }
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_high_surrogate(int u) { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(int u) { return u >= 0xDC00 && u <= 0xDFFF; }

// Shared loop of split_array and object_members: the container at text (trimmed) opened by
// `open` and closed by `close`; `element` is called at the start of each element with the
// position and returns the position past it (or nullopt).
template <typename Element>
bool scan_container(std::string_view text, char open, char close, Element element) {
  if (text.empty() || text.front() != open) return false;
  std::size_t pos = skip_whitespace(text, 1);
  if (pos < text.size() && text[pos] == close) return pos + 1 == text.size();
  while (true) {
    const std::optional<std::size_t> end = element(skip_whitespace(text, pos));
    if (!end) return false;
    pos = skip_whitespace(text, *end);
    if (pos >= text.size()) return false;
    if (text[pos] == close) return pos + 1 == text.size();
    if (text[pos] != ',') return false;
    ++pos;
  }
}

}  // namespace

std::optional<std::size_t> skip_value(std::string_view text, std::size_t pos) {
  // Iterative: `open` holds the closing bracket of every container we are inside (a string, so
  // that nesting up to 15 deep needs no allocation).
  std::string open;
  bool expect_key = false;  // inside an object, at the start of a member
  while (true) {
    // At the start of a value (or, in an object, of a member).
    if (expect_key) {
      if (pos >= text.size() || text[pos] != '"') return std::nullopt;
      const std::optional<std::size_t> key_end = scan_string(text, pos);
      if (!key_end) return std::nullopt;
      pos = skip_whitespace(text, *key_end);
      if (pos >= text.size() || text[pos] != ':') return std::nullopt;
      pos = skip_whitespace(text, pos + 1);
      expect_key = false;
    }
    if (pos >= text.size()) return std::nullopt;
    if (text[pos] == '{' || text[pos] == '[') {
      const char close = text[pos] == '{' ? '}' : ']';
      pos = skip_whitespace(text, pos + 1);
      if (pos < text.size() && text[pos] == close) {
        ++pos;  // empty container: a complete value
      } else {
        open.push_back(close);
        expect_key = close == '}';
        continue;
      }
    } else {
      const std::optional<std::size_t> end = scan_scalar(text, pos);
      if (!end) return std::nullopt;
      pos = *end;
    }
    // After a complete value: close containers or move to the next element.
    while (true) {
      if (open.empty()) return pos;
      pos = skip_whitespace(text, pos);
      if (pos >= text.size()) return std::nullopt;
      if (text[pos] == open.back()) {
        open.pop_back();
        ++pos;
        continue;
      }
      if (text[pos] != ',') return std::nullopt;
      pos = skip_whitespace(text, pos + 1);
      expect_key = open.back() == '}';
      break;
    }
  }
}

std::optional<Kind> parse_kind(std::string_view text) {
  text = trim(text);
  const std::optional<std::size_t> end = skip_value(text, 0);
  if (!end || *end != text.size()) return std::nullopt;
  switch (text.front()) {
    case '{':
      return Kind::Object;
    case '[':
      return Kind::Array;
    case '"':
      return Kind::String;
    case 't':
      return Kind::True;
    case 'f':
      return Kind::False;
    case 'n':
      return Kind::Null;
    default:
      return Kind::Number;
  }
}

std::optional<std::string> read_string(std::string_view literal) {
  literal = trim(literal);
  if (literal.empty() || literal.front() != '"') return std::nullopt;
  const std::optional<std::size_t> end = scan_string(literal, 0);
  if (!end || *end != literal.size()) return std::nullopt;
  return read_valid_string(literal);
}

std::string read_valid_string(std::string_view literal) {
  // The literal is valid, so the escapes need no further checks.
  std::string out;
  out.reserve(literal.size());
  std::size_t pos = 1;
  const std::size_t last = literal.size() - 1;  // the closing quote
  while (pos < last) {
    // The run up to the next escape is copied as it is.
    const std::size_t escape = std::min(literal.find('\\', pos), last);
    out.append(literal.substr(pos, escape - pos));
    pos = escape;
    if (pos == last) break;
    const char e = literal[pos + 1];
    pos += 2;
    switch (e) {
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        const int unit = read_hex4(literal, pos);
        pos += 4;
        if (is_high_surrogate(unit) && pos + 6 <= last && literal[pos] == '\\' &&
            literal[pos + 1] == 'u' && is_low_surrogate(read_hex4(literal, pos + 2))) {
          const int low = read_hex4(literal, pos + 2);
          pos += 6;
          append_utf8(out, 0x10000 + ((static_cast<char32_t>(unit) - 0xD800) << 10) +
                               (static_cast<char32_t>(low) - 0xDC00));
        } else if (is_high_surrogate(unit) || is_low_surrogate(unit)) {
          append_utf8(out, 0xFFFD);
        } else {
          append_utf8(out, static_cast<char32_t>(unit));
        }
        break;
      }
      default:  // '"', '\\', '/'
        out.push_back(e);
        break;
    }
  }
  return out;
}

std::string quote(std::string_view utf8) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(utf8.size() + 2);
  out.push_back('"');
  for (const char c : utf8) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (u < 0x20) {
          out += "\\u00";
          out.push_back(kHex[u >> 4]);
          out.push_back(kHex[u & 0xF]);
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

ArrayReader::ArrayReader(std::string_view text) : text_(trim(text)) {
  if (text_.empty() || text_.front() != '[') {
    state_ = State::Invalid;
    return;
  }
  pos_ = skip_whitespace(text_, 1);
  if (pos_ < text_.size() && text_[pos_] == ']') {
    state_ = pos_ + 1 == text_.size() ? State::Done : State::Invalid;
  }
}

std::optional<std::string_view> ArrayReader::next() {
  if (state_ != State::Reading) return std::nullopt;
  const std::size_t start = pos_;
  const std::optional<std::size_t> end = skip_value(text_, start);
  std::size_t pos = end ? skip_whitespace(text_, *end) : text_.size();
  if (!end || pos >= text_.size()) {
    state_ = State::Invalid;
    return std::nullopt;
  }
  if (text_[pos] == ']') {
    state_ = pos + 1 == text_.size() ? State::Done : State::Invalid;
    if (state_ == State::Invalid) return std::nullopt;
  } else if (text_[pos] == ',') {
    pos_ = skip_whitespace(text_, pos + 1);
  } else {
    state_ = State::Invalid;
    return std::nullopt;
  }
  return text_.substr(start, *end - start);
}

std::optional<std::vector<std::string_view>> split_array(std::string_view text) {
  std::vector<std::string_view> elements;
  ArrayReader reader(text);
  while (const std::optional<std::string_view> element = reader.next()) {
    elements.push_back(*element);
  }
  if (!reader.valid()) return std::nullopt;
  return elements;
}

std::optional<std::vector<Member>> object_members(std::string_view text) {
  text = trim(text);
  std::vector<Member> members;
  const bool ok =
      scan_container(text, '{', '}', [&](std::size_t pos) -> std::optional<std::size_t> {
        if (pos >= text.size() || text[pos] != '"') return std::nullopt;
        const std::optional<std::size_t> key_end = scan_string(text, pos);
        if (!key_end) return std::nullopt;
        std::size_t p = skip_whitespace(text, *key_end);
        if (p >= text.size() || text[p] != ':') return std::nullopt;
        p = skip_whitespace(text, p + 1);
        const std::optional<std::size_t> value_end = skip_value(text, p);
        if (!value_end) return std::nullopt;
        members.push_back(
            Member{*read_string(text.substr(pos, *key_end - pos)), text.substr(p, *value_end - p)});
        return value_end;
      });
  if (!ok) return std::nullopt;
  return members;
}

std::optional<std::string_view> find_member(const std::vector<Member>& members,
                                            std::string_view key) {
  for (auto it = members.rbegin(); it != members.rend(); ++it) {
    if (it->key == key) return it->value;
  }
  return std::nullopt;
}

std::optional<std::string> string_member(std::string_view object_text, std::string_view key) {
  const std::optional<std::vector<Member>> members = object_members(object_text);
  if (!members) return std::nullopt;
  const std::optional<std::string_view> value = find_member(*members, key);
  if (!value) return std::nullopt;
  return read_string(*value);
}

std::optional<std::int64_t> read_integer(std::string_view number_text) {
  const std::optional<std::size_t> end = scan_number(number_text, 0);
  if (!end || *end != number_text.size()) return std::nullopt;
  // strtod on the validated text gives the double JSON.parse would: the JSON grammar is a
  // subset of strtod's, both round to nearest, and netsim never leaves the "C" locale (whose
  // decimal point is '.'). Unlike from_chars, strtod also gives 0 on underflow, as JavaScript.
  const std::string copy(number_text);
  const double value = std::strtod(copy.c_str(), nullptr);
  // 2^63 is exactly representable; anything at or beyond it does not fit.
  if (!(value >= -0x1p63 && value < 0x1p63) || std::trunc(value) != value) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

}  // namespace netsim::engineio::json
