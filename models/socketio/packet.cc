#include "models/socketio/packet.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "models/engineio/json.h"

namespace netsim::socketio {

namespace json = engineio::json;

std::string_view to_string(PacketType type) {
  switch (type) {
    case PacketType::Connect:
      return "CONNECT";
    case PacketType::Disconnect:
      return "DISCONNECT";
    case PacketType::Event:
      return "EVENT";
    case PacketType::Ack:
      return "ACK";
    case PacketType::ConnectError:
      return "CONNECT_ERROR";
    case PacketType::BinaryEvent:
      return "BINARY_EVENT";
    case PacketType::BinaryAck:
      return "BINARY_ACK";
  }
  return "?";
}

std::string encode(const Packet& packet) {
  std::string out = std::to_string(static_cast<int>(packet.type));
  if (packet.type == PacketType::BinaryEvent || packet.type == PacketType::BinaryAck) {
    out += std::to_string(packet.attachments) + "-";
  }
  if (!packet.nsp.empty() && packet.nsp != "/") out += packet.nsp + ",";
  if (packet.id) out += std::to_string(*packet.id);
  out += packet.data;
  return out;
}

namespace {

// --- JavaScript's view of the text ----------------------------------------------------------
// decodeString runs on a JavaScript string and converts characters with Number(). Our text is
// UTF-8, so it is read a code point at a time (a BMP code point is one UTF-16 unit, and no
// astral one is a digit or whitespace, so the positions the reference compares are the same).

struct CodePoint {
  char32_t value;
  std::size_t length;  // bytes
};

// The code point at text[pos]; malformed UTF-8 reads as U+FFFD, one byte long (what decoding
// the bytes into a JavaScript string would give, as far as digits and whitespace go).
CodePoint code_point_at(std::string_view text, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  if (lead < 0x80) return {lead, 1};
  const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
  constexpr CodePoint kBad{0xFFFD, 1};
  if (length == 0 || length > 4 || pos + length > text.size()) return kBad;
  char32_t value = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    const auto byte = static_cast<unsigned char>(text[pos + k]);
    if ((byte & 0xC0) != 0x80) return kBad;
    value = (value << 6) | (byte & 0x3F);
  }
  constexpr std::array<char32_t, 5> kMin{0, 0, 0x80, 0x800, 0x10000};  // shortest forms only
  if (value < kMin[length] || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return kBad;
  }
  return {value, length};
}

// ECMA-262 StrWhiteSpaceChar: WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP, category Zs) and
// LineTerminator (LF, CR, LS, PS). Number() ignores these around its input.
bool is_js_whitespace(char32_t c) {
  switch (c) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

bool is_digit(char32_t c) { return c >= '0' && c <= '9'; }

// Number(c) == c for a one-character string c: a digit, or whitespace (Number(" ") is 0 and
// " " == 0 compares 0 with 0).
bool is_number_char(char32_t c) { return is_digit(c) || is_js_whitespace(c); }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Digits of a non-decimal integer literal ("0x1F" without the prefix), or NaN.
double parse_radix(std::string_view digits, int radix) {
  if (digits.empty()) return kNaN;
  double value = 0;
  for (const char c : digits) {
    int d = -1;
    if (c >= '0' && c <= '9') d = c - '0';
    if (c >= 'a' && c <= 'z') d = c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') d = c - 'A' + 10;
    if (d < 0 || d >= radix) return kNaN;
    value = value * radix + d;
  }
  return value;
}

// ECMA-262 StringToNumber (what Number(string) does): surrounding whitespace is ignored, an
// empty string is 0, "0x"/"0o"/"0b" integers, an optional sign before "Infinity" or a decimal
// literal ("1.", ".5", "1e3"). Anything else is NaN. Exact for the integers that matter here.
double js_string_to_number(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const CodePoint cp = code_point_at(text, begin);
    if (!is_js_whitespace(cp.value)) break;
    begin += cp.length;
  }
  std::size_t end = begin;
  for (std::size_t pos = begin; pos < text.size();) {
    const CodePoint cp = code_point_at(text, pos);
    pos += cp.length;
    if (!is_js_whitespace(cp.value)) end = pos;
  }
  std::string_view t = text.substr(begin, end - begin);
  if (t.empty()) return 0;
  if (t.size() >= 2 && t[0] == '0') {
    switch (t[1]) {
      case 'x':
      case 'X':
        return parse_radix(t.substr(2), 16);
      case 'o':
      case 'O':
        return parse_radix(t.substr(2), 8);
      case 'b':
      case 'B':
        return parse_radix(t.substr(2), 2);
      default:
        break;
    }
  }
  double sign = 1;
  if (t.front() == '+' || t.front() == '-') {
    if (t.front() == '-') sign = -1;
    t.remove_prefix(1);
  }
  if (t == "Infinity") return sign * std::numeric_limits<double>::infinity();
  // StrUnsignedDecimalLiteral: digits [. digits] or . digits, then an optional exponent.
  std::size_t pos = 0;
  std::size_t mantissa_digits = 0;
  const auto digits = [&] {
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      ++pos;
      ++mantissa_digits;
    }
  };
  digits();
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    digits();
  }
  if (mantissa_digits == 0) return kNaN;
  if (pos < t.size() && (t[pos] == 'e' || t[pos] == 'E')) {
    ++pos;
    if (pos < t.size() && (t[pos] == '+' || t[pos] == '-')) ++pos;
    const std::size_t exponent_start = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') ++pos;
    if (pos == exponent_start) return kNaN;
  }
  if (pos != t.size()) return kNaN;
  // strtod accepts this grammar, rounds as JavaScript does, and gives inf/0 on overflow and
  // underflow as JavaScript does ("C" locale: '.' is the decimal point).
  const std::string copy(t);
  return sign * std::strtod(copy.c_str(), nullptr);
}

bool is_integer(double v) { return std::isfinite(v) && std::trunc(v) == v; }

// --- isPayloadValid -------------------------------------------------------------------------

// A non-empty array whose first element is a string that is not a reserved name, or a number.
// Fills `event` (when given) from the same pass.
bool is_event_array(std::string_view payload, EventPayload* event) {
  json::ArrayReader reader(payload);
  const std::optional<std::string_view> first = reader.next();
  if (!first) return false;  // not an array, or an empty one
  // The arguments go straight into `event` (reusing its strings' capacity); every element is
  // validated before the array counts as one.
  std::size_t args = 0;
  while (const std::optional<std::string_view> element = reader.next()) {
    if (event == nullptr) continue;
    if (args < event->args.size()) {
      event->args[args].assign(*element);
    } else {
      event->args.emplace_back(*element);
    }
    ++args;
  }
  if (!reader.valid()) return false;
  if (event != nullptr) event->args.resize(args);
  // Only the first element's kind matters.
  if (first->front() != '"') {
    if (json::parse_kind(*first) != json::Kind::Number) return false;
    if (event != nullptr) event->name.clear();
    return true;
  }
  // ArrayReader validated the element: a literal starting with '"' is a whole string.
  std::string name = json::read_valid_string(*first);
  if (is_reserved_event(name)) return false;
  if (event != nullptr) event->name = std::move(name);
  return true;
}

bool is_payload_valid(PacketType type, std::string_view payload, EventPayload* event) {
  // An event's array is validated element by element by is_event_array (JSON.parse succeeds
  // exactly when split_array does); one pass instead of two.
  if (type == PacketType::Event || type == PacketType::BinaryEvent) {
    return is_event_array(payload, event);
  }
  const std::optional<json::Kind> kind = json::parse_kind(payload);  // JSON.parse
  if (!kind) return false;  // tryParse returns false, which no rule accepts
  switch (type) {
    case PacketType::Connect:
      return kind == json::Kind::Object;
    case PacketType::Disconnect:
      return false;  // payload === undefined
    case PacketType::ConnectError:
      return kind == json::Kind::String || kind == json::Kind::Object;
    case PacketType::Event:
    case PacketType::BinaryEvent:
      return is_event_array(payload, event);
    case PacketType::Ack:
    case PacketType::BinaryAck:
      return kind == json::Kind::Array;
  }
  return false;
}

}  // namespace

std::optional<Packet> decode(std::string_view text, int max_attachments, EventPayload* event) {
  Packet packet;
  // `pos` is where the reference's str.charAt(i + 1) looks: the byte after what is consumed.

  // Type: Number(str.charAt(0)) must name a packet type.
  std::size_t pos = 0;
  if (!text.empty()) {
    const CodePoint first = code_point_at(text, 0);
    if (first.value >= '0' && first.value <= '6') {
      packet.type = static_cast<PacketType>(first.value - '0');
    } else if (!is_js_whitespace(first.value)) {
      return std::nullopt;  // "unknown packet type"
    }
    pos = first.length;
  }

  // Attachments: BINARY_EVENT / BINARY_ACK only.
  if (packet.type == PacketType::BinaryEvent || packet.type == PacketType::BinaryAck) {
    const std::size_t dash = text.find('-', pos);
    if (dash == std::string_view::npos) return std::nullopt;  // "Illegal attachments"
    const double n = js_string_to_number(text.substr(pos, dash - pos));
    if (!is_integer(n) || n < 0) return std::nullopt;  // "Illegal attachments"
    if (n > max_attachments) return std::nullopt;      // "too many attachments"
    packet.attachments = static_cast<int>(n);
    pos = dash + 1;
  }

  // Namespace: "/..." up to the first ',' (consumed) or the end.
  if (pos < text.size() && text[pos] == '/') {
    const std::size_t comma = text.find(',', pos);
    if (comma == std::string_view::npos) {
      packet.nsp = std::string(text.substr(pos));
      pos = text.size();
    } else {
      packet.nsp = std::string(text.substr(pos, comma - pos));
      pos = comma + 1;
    }
  }

  // Ack id: a run of characters c with Number(c) == c.
  if (pos < text.size() && is_number_char(code_point_at(text, pos).value)) {
    const std::size_t start = pos;
    while (pos < text.size()) {
      const CodePoint cp = code_point_at(text, pos);
      if (!is_number_char(cp.value)) break;
      pos += cp.length;
    }
    const double id = js_string_to_number(text.substr(start, pos - start));
    // The reference keeps whatever Number() gave (NaN for "1 2"); see packet.h.
    if (!is_integer(id) || id > static_cast<double>(kMaxAckId)) return std::nullopt;
    packet.id = static_cast<std::uint64_t>(id);
  }

  // Payload: the rest of the string.
  if (pos < text.size()) {
    const std::string_view payload = text.substr(pos);
    if (!is_payload_valid(packet.type, payload, event)) return std::nullopt;  // "invalid payload"
    // An event handed over in `event` does not need its text copied as well.
    const bool handed_over = event != nullptr && (packet.type == PacketType::Event ||
                                                  packet.type == PacketType::BinaryEvent);
    if (!handed_over) packet.data = std::string(json::trim(payload));
  }
  return packet;
}

bool is_reserved_event(std::string_view name) {
  static constexpr std::array<std::string_view, 6> kReserved{
      "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};
  for (const std::string_view reserved : kReserved) {
    if (name == reserved) return true;
  }
  return false;
}

std::string event_payload(std::string_view name, const std::vector<std::string>& json_args) {
  std::string out = "[" + json::quote(name);
  for (const std::string& arg : json_args) {
    out.push_back(',');
    out += arg;
  }
  out.push_back(']');
  return out;
}

std::optional<EventPayload> parse_event_payload(std::string_view data) {
  const std::optional<std::vector<std::string_view>> items = json::split_array(data);
  if (!items || items->empty()) return std::nullopt;
  std::optional<std::string> name = json::read_string(items->front());
  if (!name) return std::nullopt;
  EventPayload event{std::move(*name), {}};
  for (std::size_t i = 1; i < items->size(); ++i) event.args.emplace_back((*items)[i]);
  return event;
}

std::string server_connect_payload(std::string_view sid, std::optional<std::string_view> pid) {
  std::string out = "{\"sid\":" + json::quote(sid);
  if (pid) out += ",\"pid\":" + json::quote(*pid);
  out.push_back('}');
  return out;
}

std::string client_connect_payload(std::optional<std::string_view> pid,
                                   std::optional<std::string_view> offset) {
  // `this._pid ? Object.assign({pid, offset}, auth) : auth`, auth undefined: an empty pid is
  // falsy too.
  if (!pid || pid->empty()) return {};
  std::string out = "{\"pid\":" + json::quote(*pid);
  if (offset) out += ",\"offset\":" + json::quote(*offset);
  out.push_back('}');
  return out;
}

std::string connect_error_payload(std::string_view message,
                                  std::optional<std::string_view> json_data) {
  std::string out = "{\"message\":" + json::quote(message);
  if (json_data) out += ",\"data\":" + std::string(*json_data);
  out.push_back('}');
  return out;
}

std::optional<std::string> append_offset(std::string_view array_json, std::string_view offset) {
  const std::optional<std::vector<std::string_view>> items = json::split_array(array_json);
  if (!items) return std::nullopt;
  // Re-joined without whitespace between elements, as JSON.stringify writes the array after the
  // push. (It would also drop whitespace inside the elements, which are kept as they are here;
  // payloads netsim builds have none.)
  std::string out = "[";
  for (const std::string_view item : *items) {
    out += item;
    out.push_back(',');
  }
  out += json::quote(offset) + "]";
  return out;
}

}  // namespace netsim::socketio
