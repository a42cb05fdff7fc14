// A strict JSON scanner (RFC 8259, as JavaScript's JSON.parse accepts it) for the JSON that
// Engine.IO and Socket.IO packets carry: the open packet (EIO-SPEC "Handshake") and Socket.IO
// payloads (SIO-SPEC "Packet encoding"). There is no document tree: values stay as raw text
// (string views into the input), and callers pick out what they need.
//
// Why it is here rather than in models/socketio: the Engine.IO open packet is JSON too, and
// models/socketio depends on models/engineio, not the other way round.
//
// Malformed input is a peer's bad packet, not an error of ours: every function reports it as
// std::nullopt and none throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace netsim::engineio::json {

enum class Kind : std::uint8_t { Object, Array, String, Number, True, False, Null };

// JSON whitespace (RFC 8259 §2): space, tab, LF and CR only. JSON.parse accepts nothing else
// (no vertical tab, no NBSP).
bool is_whitespace(char c);
std::size_t skip_whitespace(std::string_view text, std::size_t pos);
std::string_view trim(std::string_view text);

// Scans the one value that starts exactly at `pos` (no leading whitespace). Returns the index
// just past it, or nullopt if no valid value starts there. Nesting depth is unbounded and costs
// no recursion, so hostile input cannot exhaust the stack.
std::optional<std::size_t> skip_value(std::string_view text, std::size_t pos);

// The kind of `text` if JSON.parse accepts it: exactly one value, optionally surrounded by
// whitespace. nullopt otherwise.
std::optional<Kind> parse_kind(std::string_view text);

// The string a JSON string literal denotes, in UTF-8 (`literal` may be surrounded by
// whitespace). Escapes \" \\ \/ \b \f \n \r \t and \uXXXX; a surrogate pair becomes one 4-byte
// UTF-8 sequence. A lone surrogate, which JSON.parse accepts, becomes U+FFFD: that is what a
// JavaScript string holding it turns into when it is sent as UTF-8 (TextEncoder, Buffer.from).
std::optional<std::string> read_string(std::string_view literal);
// The same for a literal already known to be a valid string, without surrounding whitespace
// (e.g. an element ArrayReader returned that starts with '"'), without scanning it again.
std::string read_valid_string(std::string_view literal);

// JSON.stringify(string) for a UTF-8 string (ECMA-262 QuoteJSONString): escapes only '"', '\\'
// and control characters below 0x20 (\b \f \n \r \t short forms, \u00xx with lowercase hex for
// the rest). DEL, '/', non-ASCII, U+2028/U+2029 are written as they are, so byte counts match
// what JavaScript sends.
std::string quote(std::string_view utf8);

// Reads the elements of a top-level array one at a time, without collecting them (`text` may be
// surrounded by whitespace):
//   ArrayReader r(text);
//   while (auto element = r.next()) use(*element);  // raw text, without surrounding whitespace
//   if (!r.valid()) ...;                             // not an array: elements seen so far are moot
// An element is returned only once the separator after it has been checked.
class ArrayReader {
 public:
  explicit ArrayReader(std::string_view text);
  std::optional<std::string_view> next();
  // After next() returned nullopt: whether the whole text was one valid array.
  bool valid() const { return state_ == State::Done; }

 private:
  enum class State : std::uint8_t { Reading, Done, Invalid };
  std::string_view text_;
  std::size_t pos_ = 0;  // start of the next element
  State state_ = State::Reading;
};

// The raw texts of the elements of a top-level array (`text` may be surrounded by whitespace),
// in order, each without surrounding whitespace. nullopt if `text` is not a valid array.
std::optional<std::vector<std::string_view>> split_array(std::string_view text);

struct Member {
  std::string key;         // decoded, UTF-8
  std::string_view value;  // raw JSON text of the value
};

// The members of a top-level object, in text order (duplicates kept). nullopt if `text` is not
// a valid object.
std::optional<std::vector<Member>> object_members(std::string_view text);

// The raw value of member `key`; with duplicate keys the last one wins, as in JSON.parse.
std::optional<std::string_view> find_member(const std::vector<Member>& members,
                                            std::string_view key);

// The value of member `key` of object `object_text` if that member exists and is a string.
std::optional<std::string> string_member(std::string_view object_text, std::string_view key);

// The value of a JSON number that is an integer representable in int64 ("25000", "1e6",
// "2.0"); nullopt for anything else.
std::optional<std::int64_t> read_integer(std::string_view number_text);

}  // namespace netsim::engineio::json
