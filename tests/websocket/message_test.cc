// Message reassembly (RFC 6455 §5.4) with its sequence errors, size limit, and UTF-8 checks
// (§5.6, §8.1; RFC 3629 §4 for what counts as UTF-8).
#include "models/websocket/message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/websocket/close_status.h"
#include "models/websocket/utf8.h"
#include "tests/websocket/bytes.h"

namespace netsim::websocket {
namespace {

using testing::from_hex;

Frame frame(Opcode opcode, std::string payload, bool fin = true) {
  Frame f;
  f.fin = fin;
  f.opcode = opcode;
  f.payload = std::move(payload);
  return f;
}

TEST(Message, rfc6455_5_7_fragmented_unmasked_text_is_hello) {
  MessageAssembler a;
  EXPECT_FALSE(a.add(frame(Opcode::Text, "Hel", false)));
  EXPECT_TRUE(a.in_message());
  const auto m = a.add(frame(Opcode::Continuation, "lo"));
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (Message{Opcode::Text, "Hello"}));
  EXPECT_FALSE(a.in_message());
  EXPECT_FALSE(a.error());
}

TEST(Message, unfragmented_messages_come_out_at_once) {
  MessageAssembler a;
  EXPECT_EQ(a.add(frame(Opcode::Binary, "\x01\x02")), (Message{Opcode::Binary, "\x01\x02"}));
  EXPECT_EQ(a.add(frame(Opcode::Text, "")), (Message{Opcode::Text, ""}));
}

TEST(Message, rfc6455_5_4_empty_fragments_are_allowed) {
  MessageAssembler a;
  EXPECT_FALSE(a.add(frame(Opcode::Binary, "", false)));
  EXPECT_FALSE(a.add(frame(Opcode::Continuation, "x", false)));
  EXPECT_FALSE(a.add(frame(Opcode::Continuation, "", false)));
  EXPECT_EQ(a.add(frame(Opcode::Continuation, "")), (Message{Opcode::Binary, "x"}));
}

TEST(Message, rfc6455_5_4_continuation_without_a_message_fails_with_1002) {
  MessageAssembler a;
  EXPECT_FALSE(a.add(frame(Opcode::Continuation, "lo")));
  ASSERT_TRUE(a.error());
  EXPECT_EQ(a.error()->close_code, kProtocolError);
  EXPECT_FALSE(a.add(frame(Opcode::Text, "ok")));  // nothing after an error
}

TEST(Message, rfc6455_5_4_data_frame_inside_a_fragmented_message_fails_with_1002) {
  MessageAssembler a;
  EXPECT_FALSE(a.add(frame(Opcode::Text, "Hel", false)));
  EXPECT_FALSE(a.add(frame(Opcode::Binary, "x")));
  ASSERT_TRUE(a.error());
  EXPECT_EQ(a.error()->close_code, kProtocolError);
}

TEST(Message, rfc6455_8_1_invalid_utf8_text_fails_with_1007) {
  MessageAssembler a;
  EXPECT_FALSE(a.add(frame(Opcode::Text, "\xc0\xaf")));  // overlong '/'
  ASSERT_TRUE(a.error());
  EXPECT_EQ(a.error()->close_code, kInvalidPayloadData);
}

TEST(Message, invalid_utf8_fails_on_the_first_bad_fragment) {
  MessageAssembler a;
  EXPECT_FALSE(a.add(frame(Opcode::Text, "ok \xff", false)));
  ASSERT_TRUE(a.error());
  EXPECT_EQ(a.error()->close_code, kInvalidPayloadData);
}

TEST(Message, utf8_sequence_may_straddle_fragments) {
  MessageAssembler a;  // "€" = E2 82 AC
  EXPECT_FALSE(a.add(frame(Opcode::Text, "\xe2", false)));
  EXPECT_FALSE(a.add(frame(Opcode::Continuation, "\x82", false)));
  EXPECT_EQ(a.add(frame(Opcode::Continuation, "\xac")), (Message{Opcode::Text, "\xe2\x82\xac"}));
}

TEST(Message, text_ending_inside_a_utf8_sequence_fails_with_1007) {
  MessageAssembler a;
  EXPECT_FALSE(a.add(frame(Opcode::Text, "\xe2\x82", false)));
  EXPECT_FALSE(a.error());
  EXPECT_FALSE(a.add(frame(Opcode::Continuation, "")));
  EXPECT_EQ(a.error()->close_code, kInvalidPayloadData);
}

TEST(Message, binary_is_not_checked_for_utf8) {
  MessageAssembler a;
  EXPECT_TRUE(a.add(frame(Opcode::Binary, "\xff\xfe")));
  EXPECT_FALSE(a.error());
}

TEST(Message, rfc6455_10_4_message_over_the_maximum_fails_with_1009) {
  MessageAssembler a(5);
  EXPECT_FALSE(a.add(frame(Opcode::Binary, "abc", false)));
  EXPECT_FALSE(a.add(frame(Opcode::Continuation, "de", false)));  // exactly 5 so far
  EXPECT_FALSE(a.error());
  EXPECT_FALSE(a.add(frame(Opcode::Continuation, "f")));
  ASSERT_TRUE(a.error());
  EXPECT_EQ(a.error()->close_code, kMessageTooBig);
}

TEST(Utf8, rfc3629_valid_sequences) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("Hello"));
  EXPECT_TRUE(is_valid_utf8("\xc2\x80"));                 // U+0080
  EXPECT_TRUE(is_valid_utf8("h\xc3\xa9llo"));             // é
  EXPECT_TRUE(is_valid_utf8("\xe0\xa0\x80"));             // U+0800
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));             // U+D7FF
  EXPECT_TRUE(is_valid_utf8("\xee\x80\x80"));             // U+E000
  EXPECT_TRUE(is_valid_utf8("\xef\xbf\xbf"));             // U+FFFF
  EXPECT_TRUE(is_valid_utf8("\xf0\x90\x80\x80"));         // U+10000
  EXPECT_TRUE(is_valid_utf8("\xf0\x9f\x98\x80"));         // 😀
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));         // U+10FFFF
  EXPECT_TRUE(is_valid_utf8(std::string_view("\0", 1)));  // NUL is a character
}

TEST(Utf8, rfc3629_invalid_sequences) {
  const std::vector<std::string> bad = {
      "\x80",              // a tail byte alone
      "\xbf",              //
      "\xc0\x80",          // overlong NUL
      "\xc1\xbf",          // overlong
      "\xe0\x80\x80",      // overlong
      "\xe0\x9f\xbf",      // overlong U+07FF
      "\xed\xa0\x80",      // U+D800, a surrogate
      "\xed\xbf\xbf",      // U+DFFF
      "\xf0\x80\x80\x80",  // overlong
      "\xf0\x8f\xbf\xbf",  // overlong U+FFFF
      "\xf4\x90\x80\x80",  // U+110000
      "\xf5\x80\x80\x80",  // above the range
      "\xfe",              //
      "\xff",              //
      "\xc3",              // truncated
      "\xe2\x82",          // truncated
      "\xf0\x9f\x98",      // truncated
      "\xc3\x28",          // bad tail
      "a\xe2\x28\xa1",     // bad tail
  };
  for (const std::string& s : bad) EXPECT_FALSE(is_valid_utf8(s)) << testing::to_hex(s);
}

// The validator skips ASCII 16 bytes at a time (SSE2), then 8, then byte by byte: a sequence
// must be judged the same wherever it falls relative to those steps (up to 34 bytes in: two
// 16-byte blocks, then the 8-byte and byte steps), and whether it straddles one.
TEST(Utf8, verdict_does_not_depend_on_where_a_sequence_falls_in_ascii_text) {
  const std::vector<std::pair<std::string, bool>> cases = {
      {"\xc3\xa9", true},          {"\xf0\x9f\x98\x80", true},
      {"\xe2\x82\xac", true},      {"\x80", false},
      {"\xed\xa0\x80", false},     {"\xc3", false},
      {"\xf4\x90\x80\x80", false}, {"\xc3\x28", false}};
  for (const auto& [sequence, valid] : cases) {
    for (std::size_t before = 0; before < 35; ++before) {
      for (std::size_t after : {0u, 1u, 7u, 8u, 9u, 15u, 16u, 17u}) {
        const std::string text = std::string(before, 'a') + sequence + std::string(after, 'z');
        EXPECT_EQ(is_valid_utf8(text), valid) << testing::to_hex(text);
      }
    }
  }
  Utf8Validator split;  // a sequence cut between two feeds, after a long ASCII run
  EXPECT_TRUE(split.feed(std::string(13, 'a') + "\xe2\x82"));
  EXPECT_FALSE(split.complete());
  EXPECT_TRUE(split.feed("\xac" + std::string(16, 'b')));
  EXPECT_TRUE(split.complete());
}

TEST(Utf8, streaming_validator_reports_prefixes) {
  Utf8Validator v;
  EXPECT_TRUE(v.feed("\xf0\x9f"));
  EXPECT_TRUE(v.valid());
  EXPECT_FALSE(v.complete());
  EXPECT_TRUE(v.feed("\x98\x80"));
  EXPECT_TRUE(v.complete());
  EXPECT_FALSE(v.feed("\xc0"));
  EXPECT_FALSE(v.valid());
  EXPECT_FALSE(v.feed("a"));  // stays invalid
}

}  // namespace
}  // namespace netsim::websocket
