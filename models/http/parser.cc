// RFC 9112 §2.2 (message parsing), §3 (request line), §4 (status line), §5 (field lines), §6.3
// (message body length), §7.1 (chunked transfer coding); RFC 9110 §5.6.2 (tokens), §5.5 (field
// values), §7.8 (Upgrade).
#include "models/http/parser.h"

#include <algorithm>
#include <charconv>
#include <type_traits>

namespace netsim::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::string_view kHeaderEnd = "\r\n\r\n";

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
// "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
bool is_tchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

// VCHAR or obs-text (RFC 9110 §5.5): any byte but controls, space and DEL.
bool is_visible(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

// RFC 9110 §5.5: field-value characters are VCHAR, obs-text, SP and HTAB.
bool is_field_value(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return is_visible(c) || c == ' ' || c == '\t'; });
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// RFC 9112 §2.3: HTTP-version = "HTTP" "/" DIGIT "." DIGIT
bool is_http_version(std::string_view s) {
  return s.size() == 8 && s.starts_with("HTTP/") && is_digit(s[5]) && s[6] == '.' && is_digit(s[7]);
}

// RFC 9112 §3: request-line = method SP request-target SP HTTP-version
bool parse_start_line(std::string_view line, Request& request) {
  const std::size_t sp1 = line.find(' ');
  if (sp1 == std::string_view::npos) return false;
  const std::size_t sp2 = line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return false;
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method) || target.empty() || !is_http_version(version)) return false;
  if (!std::all_of(target.begin(), target.end(), is_visible)) return false;
  request.method = method;
  request.target = target;
  request.version = version;
  return true;
}

// RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]. A missing SP
// after the code is accepted, as Node's llhttp does: the reason phrase is advisory.
bool parse_start_line(std::string_view line, Response& response) {
  const std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos || !is_http_version(line.substr(0, sp))) return false;
  std::string_view rest = line.substr(sp + 1);
  if (rest.size() < 3 || !is_digit(rest[0]) || !is_digit(rest[1]) || !is_digit(rest[2])) {
    return false;
  }
  const int status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
  if (status < 100 || status > 599) return false;  // RFC 9110 §15
  rest.remove_prefix(3);
  if (!rest.empty()) {
    if (rest.front() != ' ') return false;
    rest.remove_prefix(1);
    if (!is_field_value(rest)) return false;
  }
  response.version = line.substr(0, sp);
  response.status = status;
  response.reason = rest;
  return true;
}

// RFC 9112 §5.1: field-line = field-name ":" OWS field-value OWS, with no whitespace between
// name and colon (a server MUST reject that). §5.2: obs-fold may be rejected, and is.
bool parse_field_line(std::string_view line, Header& header) {
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = trim_ows(line.substr(colon + 1));
  if (!is_token(name) || !is_field_value(value)) return false;
  header.name = name;
  header.value = value;
  return true;
}

// RFC 9112 §6.3 item 5, RFC 9110 §8.6: Content-Length = 1*DIGIT; a list of identical values
// (repeated lines or "42, 42") is that value; anything else is unrecoverable.
bool parse_content_length(const std::vector<Header>& headers,
                          std::optional<std::uint64_t>& length) {
  for (const Header& h : headers) {
    if (!equals_ignore_case(h.name, "Content-Length")) continue;
    std::string_view list = h.value;
    while (true) {
      const std::size_t comma = list.find(',');
      const std::string_view item = trim_ows(list.substr(0, comma));
      std::uint64_t value = 0;
      const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
      // from_chars takes no sign or whitespace; out of range is an error too.
      if (ec != std::errc() || end != item.data() + item.size()) return false;
      if (length && *length != value) return false;
      length = value;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return true;
}

// RFC 9112 §6.3 item 1: responses with these codes end at the header section.
bool bodyless_status(const Request&) { return false; }
bool bodyless_status(const Response& r) {
  return (r.status >= 100 && r.status < 200) || r.status == 204 || r.status == 304;
}

}  // namespace

std::string_view to_string(ParseError error) {
  switch (error) {
    case ParseError::None:
      return "no error";
    case ParseError::BadStartLine:
      return "bad start line";
    case ParseError::BadHeaderLine:
      return "bad header line";
    case ParseError::HeaderSectionTooLarge:
      return "header section too large";
    case ParseError::BadContentLength:
      return "bad Content-Length";
    case ParseError::TransferEncodingUnsupported:
      return "Transfer-Encoding not supported";
    case ParseError::BadChunk:
      return "bad chunk";
    case ParseError::TruncatedMessage:
      return "connection closed inside a message";
  }
  return "unknown parse error";
}

bool switches_protocol(const Request& request) {
  return find_header(request.headers, "Upgrade") != nullptr &&
         header_has_token(request.headers, "Connection", "upgrade");
}

bool switches_protocol(const Response& response) { return response.status == 101; }

template <class Message>
void MessageParser<Message>::feed(std::string_view bytes) {
  if (failed() || finished_) return;
  buffer_.append(bytes);
  if (!upgraded_) parse();
}

template <class Message>
void MessageParser<Message>::finish() {
  if (finished_) return;
  finished_ = true;
  if (failed() || upgraded_) return;
  if (in_body_ && body_rule_ == BodyRule::UntilClose) {
    if (!discarding_) current_.body = unread();
    pos_ = buffer_.size();
    complete_message();
  } else if (in_body_ || !unread().empty()) {
    fail(ParseError::TruncatedMessage);
  }
  compact();
}

template <class Message>
std::optional<Message> MessageParser<Message>::next() {
  if (ready_head_ == ready_.size()) return std::nullopt;
  Message message = std::move(ready_[ready_head_++]);
  if (ready_head_ == ready_.size()) {
    ready_.clear();
    ready_head_ = 0;
  }
  return message;
}

template <class Message>
std::uint64_t MessageParser<Message>::partial_body_bytes() const {
  if (!in_body_) return 0;
  if (body_rule_ == BodyRule::Length) {
    return discarded_ + std::min<std::uint64_t>(unread().size(), body_length_);
  }
  // Chunked: the data of the chunks decoded so far; until close: everything since the head.
  return discarded_ + (body_rule_ == BodyRule::UntilClose ? unread().size() : current_.body.size());
}

template <class Message>
void MessageParser<Message>::discard_body() {
  if (!in_body_ || discarding_) return;
  discarding_ = true;
  discarded_ = current_.body.size();
  current_.body.clear();
  parse();
}

template <class Message>
std::string MessageParser<Message>::take_rest() {
  if (!upgraded_) return {};
  std::string rest(unread());
  buffer_.clear();
  pos_ = 0;
  return rest;
}

template <class Message>
void MessageParser<Message>::parse() {
  while (!failed() && !upgraded_) {
    if (!in_body_ && !parse_head()) break;
    if (!parse_body()) break;
  }
  compact();
}

template <class Message>
bool MessageParser<Message>::parse_head() {
  // RFC 9112 §2.2: a recipient SHOULD ignore at least one empty line before the start line.
  while (unread().starts_with(kCrlf)) pos_ += kCrlf.size();
  const std::size_t end = buffer_.find(kHeaderEnd, std::max(scanned_, pos_));
  if (end == std::string::npos) {
    // Without its end in sight, a section already this long will exceed the limit.
    if (unread().size() >= max_header_bytes_) fail(ParseError::HeaderSectionTooLarge);
    scanned_ = std::max(pos_, buffer_.size() - std::min<std::size_t>(buffer_.size(), 3));
    return false;
  }
  if (end + kHeaderEnd.size() - pos_ > max_header_bytes_) {
    fail(ParseError::HeaderSectionTooLarge);
    return false;
  }
  // Every line of the section, the start line first, each ending in CRLF.
  std::string_view lines = std::string_view(buffer_).substr(pos_, end + kCrlf.size() - pos_);
  current_ = Message{};
  bool start_line = true;
  while (!lines.empty()) {
    const std::size_t eol = lines.find(kCrlf);
    const std::string_view line = lines.substr(0, eol);
    lines.remove_prefix(eol + kCrlf.size());
    if (start_line) {
      if (!parse_start_line(line, current_)) {
        fail(ParseError::BadStartLine);
        return false;
      }
      start_line = false;
      continue;
    }
    Header header;
    if (!parse_field_line(line, header)) {
      fail(ParseError::BadHeaderLine);
      return false;
    }
    current_.headers.push_back(std::move(header));
  }
  pos_ = end + kHeaderEnd.size();
  scanned_ = pos_;

  // RFC 9112 §6.3: the body length, in the order the RFC gives the rules.
  std::optional<std::uint64_t> length;
  if (bodyless_status(current_)) {
    body_rule_ = BodyRule::None;
  } else if (const std::string* coding = find_header(current_.headers, "Transfer-Encoding")) {
    // §6.3 item 3: Transfer-Encoding overrides Content-Length. Only `chunked` is decoded
    // (§7: it is the only coding HTTP/1.1 recipients must know).
    if (!equals_ignore_case(trim_ows(*coding), "chunked")) {
      fail(ParseError::TransferEncodingUnsupported);
      return false;
    }
    body_rule_ = BodyRule::Chunked;
    chunk_part_ = ChunkPart::Size;
  } else if (!parse_content_length(current_.headers, length)) {
    fail(ParseError::BadContentLength);
    return false;
  } else if (length) {
    body_rule_ = BodyRule::Length;
    body_length_ = *length;
  } else {
    // §6.3 item 7: a request without a length has no body; item 8: a response runs to close.
    body_rule_ = std::is_same_v<Message, Response> ? BodyRule::UntilClose : BodyRule::None;
  }
  in_body_ = true;
  return true;
}

template <class Message>
bool MessageParser<Message>::parse_body() {
  switch (body_rule_) {
    case BodyRule::None:
      break;
    case BodyRule::Length:
      if (discarding_) {
        const std::uint64_t n = std::min<std::uint64_t>(body_length_, unread().size());
        pos_ += n;
        discarded_ += n;
        body_length_ -= n;
        if (body_length_ > 0) return false;
        break;
      }
      if (unread().size() < body_length_) return false;
      current_.body = unread().substr(0, body_length_);
      pos_ += body_length_;
      break;
    case BodyRule::Chunked:
      if (!parse_chunked()) return false;
      break;
    case BodyRule::UntilClose:
      if (discarding_) {
        discarded_ += unread().size();
        pos_ = buffer_.size();
      }
      return false;
  }
  complete_message();
  return true;
}

template <class Message>
bool MessageParser<Message>::parse_chunked() {
  // RFC 9112 §7.1: chunked-body = *chunk last-chunk trailer-section CRLF
  //   chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF; chunk-size = 1*HEXDIG
  //   last-chunk = 1*("0") [ chunk-ext ] CRLF
  // The size line and the trailer section share the header section's length limit.
  while (!failed()) {
    switch (chunk_part_) {
      case ChunkPart::Size: {
        const std::size_t eol = unread().find(kCrlf);
        if (eol == std::string_view::npos) {
          if (unread().size() >= max_header_bytes_) fail(ParseError::BadChunk);
          return false;
        }
        std::string_view line = unread().substr(0, eol);
        std::uint64_t size = 0;
        const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
        const std::string_view ext =
            trim_ows(line.substr(static_cast<std::size_t>(end - line.data())));
        // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ): ignored
        // (§7.1.1: a recipient MUST ignore unrecognized extensions). A size that is not hex
        // digits, or too large for 64 bits, is an error.
        if (ec != std::errc() || (!ext.empty() && ext.front() != ';')) {
          fail(ParseError::BadChunk);
          return false;
        }
        pos_ += eol + kCrlf.size();
        body_length_ = size;
        chunk_part_ = size == 0 ? ChunkPart::Trailer : ChunkPart::Data;
        break;
      }
      case ChunkPart::Data: {
        const std::size_t n = std::min<std::uint64_t>(body_length_, unread().size());
        if (discarding_) {
          discarded_ += n;
        } else {
          current_.body.append(unread().substr(0, n));
        }
        pos_ += n;
        body_length_ -= n;
        if (body_length_ > 0) return false;
        chunk_part_ = ChunkPart::DataEnd;
        break;
      }
      case ChunkPart::DataEnd:
        if (unread().size() < kCrlf.size()) return false;
        if (!unread().starts_with(kCrlf)) {
          fail(ParseError::BadChunk);
          return false;
        }
        pos_ += kCrlf.size();
        chunk_part_ = ChunkPart::Size;
        break;
      case ChunkPart::Trailer: {
        // trailer-section = *( field-line CRLF ): fields are checked, then dropped (§7.1.2: a
        // recipient may discard them); the empty line ends the message.
        const std::size_t eol = unread().find(kCrlf);
        if (eol == std::string_view::npos) {
          if (unread().size() >= max_header_bytes_) fail(ParseError::BadChunk);
          return false;
        }
        Header field;
        if (eol > 0 && !parse_field_line(unread().substr(0, eol), field)) {
          fail(ParseError::BadHeaderLine);
          return false;
        }
        pos_ += eol + kCrlf.size();
        if (eol == 0) return true;
        break;
      }
    }
  }
  return false;
}

template <class Message>
void MessageParser<Message>::complete_message() {
  in_body_ = false;
  discarding_ = false;
  discarded_ = 0;
  if (switches_protocol(current_)) upgraded_ = true;
  ready_.push_back(std::move(current_));
  current_ = Message{};
}

template <class Message>
void MessageParser<Message>::fail(ParseError error) {
  error_ = error;
  buffer_.clear();
  pos_ = 0;
  scanned_ = 0;
}

template <class Message>
void MessageParser<Message>::compact() {
  if (pos_ == buffer_.size()) {
    buffer_.clear();
    pos_ = 0;
    scanned_ = 0;
  } else if (pos_ > 4096 && pos_ > buffer_.size() / 2) {
    buffer_.erase(0, pos_);
    scanned_ = scanned_ > pos_ ? scanned_ - pos_ : 0;
    pos_ = 0;
  }
}

template class MessageParser<Request>;
template class MessageParser<Response>;

}  // namespace netsim::http
